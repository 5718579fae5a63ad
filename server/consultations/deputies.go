package consultations

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/store"
)

// DeputyOpinionCounts counts, per deputy, the opinions on draft
// regulations they gave (signed in as the deputy) in [from, to): for the
// deputy's performance file (server/activities). Deputies without any are
// left out.
func (s *Service) DeputyOpinionCounts(ctx context.Context, deputyIDs []int64, from, to time.Time) (map[int64]int, error) {
	out := map[int64]int{}
	if len(deputyIDs) == 0 {
		return out, nil
	}
	err := store.EachChunk(deputyIDs, 1000, func(part []int64) error {
		q, args, err := store.In(`SELECT deputy_id, COUNT(*) AS n FROM consultation_opinions
			WHERE deputy_id IN (?) AND created_at >= ? AND created_at < ? GROUP BY deputy_id`, part, from, to)
		if err != nil {
			return err
		}
		var rows []struct {
			DeputyID int64 `db:"deputy_id"`
			N        int   `db:"n"`
		}
		if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
			return fmt.Errorf("consultations: deputies' opinions: %w", err)
		}
		for _, r := range rows {
			out[r.DeputyID] = r.N
		}
		return nil
	})
	return out, err
}

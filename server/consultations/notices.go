package consultations

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
)

// told is what FinishReview's notices came to: the notices to enqueue after
// commit, and how many people and stations were told.
type told struct {
	due      []notify.Due
	people   int
	stations int
}

func (t *told) summary() string {
	if t == nil {
		return ""
	}
	return fmt.Sprintf("，告知 %d 人、%d 个联络站", t.people, t.stations)
}

// tellOutcomes creates, inside FinishReview's transaction, the notices of
// the outcomes.
func (s *Service) tellOutcomes(ctx context.Context, tx *sqlx.Tx, c *Consultation) (*told, error) {
	return &told{}, nil
}

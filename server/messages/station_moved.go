package messages

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/store"
)

// stationMoved files a moved station's messages under its new county
// (registry calls it in the transaction of the move, which holds the
// station: no message of it arrives meanwhile).
func (s *Service) stationMoved(ctx context.Context, tx *sqlx.Tx, stationID int64, area string) error {
	county := countyOf(area)
	for {
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, `SELECT id FROM messages WHERE station_id = ? AND county_code <> ? LIMIT 1000 FOR UPDATE`,
			stationID, county); err != nil {
			return fmt.Errorf("messages: station moved: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		err := changeTallied(ctx, tx, ids, func() error {
			q, args, err := store.In(`UPDATE messages SET county_code = ? WHERE id IN (?)`, county, ids)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, q, args...)
			return err
		})
		if err != nil {
			return err
		}
	}
}

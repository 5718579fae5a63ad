package messages

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/store"
)

// LapsePromises marks the promises whose due date has passed with no answer
// from their author as lapsed: from then on they are tallied among the
// promises due. Until the scan reaches one, the statistics count it one by
// one. It is safe to run repeatedly and in several workers.
func (s *Service) LapsePromises(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	lapsed := 0
	for {
		var ids []int64
		if err := s.DB.SelectContext(ctx, &ids, `SELECT id FROM messages WHERE promise_lapsed = FALSE AND fulfilled IS NULL AND promise_due_at <= ? LIMIT 500`,
			now); err != nil {
			return lapsed, err
		}
		if len(ids) == 0 {
			return lapsed, nil
		}
		n := int64(0)
		err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			return changeTallied(ctx, tx, ids, func() error {
				q, args, err := store.In(`UPDATE messages SET promise_lapsed = TRUE
					WHERE id IN (?) AND promise_lapsed = FALSE AND fulfilled IS NULL AND promise_due_at <= ?`, ids, now)
				if err != nil {
					return err
				}
				res, err := tx.ExecContext(ctx, q, args...)
				if err != nil {
					return err
				}
				n, err = res.RowsAffected()
				return err
			})
		})
		if err != nil {
			return lapsed, err
		}
		lapsed += int(n)
		if len(ids) < 500 {
			return lapsed, nil
		}
	}
}

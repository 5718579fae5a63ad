package messages

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
)

// retentionBatch bounds one scan: old messages are anonymised a few hundred
// at a time, each in its own short transaction.
const retentionBatch = 200

// AnonymizeOld anonymises the closed (and rejected) messages that closed
// more than Rules.AnonymizeAfter ago: the author's user, name and phone,
// the author's steps in the timeline, the photos (rows and bytes) and who
// the message's notices went to are removed; content, category, station,
// status and dates stay, so that the statistics of past years still add
// up. Safe to run again and from several workers: a message is anonymised
// once. It answers how many it anonymised.
func (s *Service) AnonymizeOld(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	var ids []int64
	if err := s.DB.SelectContext(ctx, &ids, `SELECT id FROM messages
		WHERE status IN (?, ?) AND anonymized_at IS NULL AND COALESCE(closed_at, updated_at) < ?
		ORDER BY id LIMIT ?`, StatusClosed, StatusRejected, now.Add(-s.Rules.AnonymizeAfter), retentionBatch); err != nil {
		return 0, fmt.Errorf("messages: retention: %w", err)
	}
	done := 0
	for _, id := range ids {
		var keys []string
		err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			keys = nil // a retried transaction selects them again
			var author *int64
			if err := tx.GetContext(ctx, &author, `SELECT user_id FROM messages WHERE id = ? AND anonymized_at IS NULL FOR UPDATE`, id); err != nil {
				return err
			}
			if err := tx.SelectContext(ctx, &keys, `SELECT storage_key FROM uploads WHERE message_id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM uploads WHERE message_id = ?`, id); err != nil {
				return err
			}
			if author != nil {
				if _, err := tx.ExecContext(ctx, `UPDATE message_events SET actor_id = NULL WHERE message_id = ? AND actor_id = ?`, id, *author); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE messages SET user_id = NULL, name = '', phone_enc = NULL, phone_hash = NULL,
				idempotency_key = NULL, anonymized_at = ?, updated_at = ? WHERE id = ?`, now, now, id); err != nil {
				return err
			}
			_, err := notify.ForgetRecipients(ctx, tx, subject(id), now)
			return err
		})
		if err != nil {
			return done, fmt.Errorf("messages: anonymise %d: %w", id, err)
		}
		for _, k := range keys {
			if err := s.Uploads.Delete(ctx, k); err != nil {
				s.Log.WarnContext(ctx, "messages: delete an anonymised message's photo", "key", k, "error", err)
			}
		}
		done++
	}
	return done, nil
}

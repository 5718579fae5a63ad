package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/store"
)

// What the capabilities ask of the notices they created: whether a key was
// made already, what became of the notices about a subject, and skipping
// those no longer wanted. notifications is written here, in notify only.

// SkipPending marks the pending notices of kind about subject as skipped
// with the reason, inside the caller's transaction: the worker claims only
// pending rows, so none of them goes out after tx commits.
func (e *Engine) SkipPending(ctx context.Context, tx *sqlx.Tx, subject, kind, why string) error {
	_, err := tx.ExecContext(ctx, `UPDATE notifications SET status = 'skipped', last_error = ?, updated_at = ?
		WHERE subject = ? AND kind = ? AND status = 'pending'`, why, e.Clock.Now(), subject, kind)
	if err != nil {
		return fmt.Errorf("notify: skip pending: %w", err)
	}
	return nil
}

// ExplainSkipped gives the skipped notices among keys the reason why,
// inside the caller's transaction (Create skips with a generic reason; the
// caller may know a better one).
func (e *Engine) ExplainSkipped(ctx context.Context, tx *sqlx.Tx, why string, keys ...string) error {
	return store.EachChunk(keys, 1000, func(part []string) error {
		q, args, err := store.In(`UPDATE notifications SET last_error = ? WHERE dedupe_key IN (?) AND status = 'skipped'`, why, part)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("notify: explain skipped: %w", err)
		}
		return nil
	})
}

// DedupeKeysWithPrefix lists the keys made so far that begin with prefix, in
// one range read of the unique index.
func (e *Engine) DedupeKeysWithPrefix(ctx context.Context, prefix string) ([]string, error) {
	var keys []string
	if err := e.DB.SelectContext(ctx, &keys, `SELECT dedupe_key FROM notifications WHERE dedupe_key LIKE ?`, prefix+"%"); err != nil {
		return nil, fmt.Errorf("notify: dedupe keys: %w", err)
	}
	return keys, nil
}

// CountDedupePrefix counts the notices whose key begins with prefix.
func (e *Engine) CountDedupePrefix(ctx context.Context, prefix string) (int, error) {
	var n int
	if err := e.DB.GetContext(ctx, &n, `SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE ?`, prefix+"%"); err != nil {
		return 0, fmt.Errorf("notify: count dedupe keys: %w", err)
	}
	return n, nil
}

// SubjectNotice is what became of one notice about a subject.
type SubjectNotice struct {
	ID            int64      `db:"id"`
	Kind          string     `db:"kind"`
	Channel       string     `db:"channel"`
	Status        string     `db:"status"`
	LastError     string     `db:"last_error"`
	SentAt        *time.Time `db:"sent_at"`
	DeliveredAt   *time.Time `db:"delivered_at"`
	RecipientType string     `db:"recipient_type"`
	RecipientID   *int64     `db:"recipient_id"`
}

// BySubject lists the notices about subject ("activity:7"), oldest first.
func (e *Engine) BySubject(ctx context.Context, subject string) ([]SubjectNotice, error) {
	var out []SubjectNotice
	if err := e.DB.SelectContext(ctx, &out, `SELECT id, kind, channel, status, last_error, sent_at, delivered_at, recipient_type, recipient_id
		FROM notifications WHERE subject = ? ORDER BY created_at, id`, subject); err != nil {
		return nil, fmt.Errorf("notify: by subject: %w", err)
	}
	return out, nil
}

package messages

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// IdempotencyWindow is how long a submission's Idempotency-Key answers its
// first message; after it the same key makes a new message.
const IdempotencyWindow = 24 * time.Hour

// validIdempotencyKey: empty (no key), or 8–64 of [A-Za-z0-9_-].
func validIdempotencyKey(k string) bool {
	if k == "" {
		return true
	}
	if len(k) < 8 || len(k) > 64 {
		return false
	}
	for _, c := range []byte(k) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// firstSubmission is the answer the user's submission with key got, when it
// was stored within IdempotencyWindow: the same body, rebuilt from its row.
// A message holding the key for longer lets go of it, so that the key makes
// a new message (nil, nil).
func (s *Service) firstSubmission(ctx context.Context, userID int64, key string) (*Created, error) {
	var row struct {
		ID        int64     `db:"id"`
		Code      string    `db:"code"`
		Review    string    `db:"review"`
		AcceptDue time.Time `db:"accept_due"`
		ReplyDue  time.Time `db:"reply_due"`
		CreatedAt time.Time `db:"created_at"`
		ToID      *int64    `db:"addressee_id"`
		ToName    *string   `db:"addressee_name"`
	}
	err := s.DB.GetContext(ctx, &row, `SELECT m.id, m.code, m.review, m.accept_due, m.reply_due, m.created_at,
		d.id AS addressee_id, d.name AS addressee_name
		FROM messages m LEFT JOIN deputies d ON d.id = m.addressee_deputy_id WHERE m.user_id = ? AND m.idempotency_key = ?`, userID, key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !row.CreatedAt.After(s.Clock.Now().Add(-IdempotencyWindow)) {
		// By its id alone: no range lock for two requests to meet on.
		_, err := s.DB.ExecContext(ctx, `UPDATE messages SET idempotency_key = NULL WHERE id = ? AND idempotency_key = ?`, row.ID, key)
		return nil, err
	}
	// The first answer's status: what a submission is when it is stored.
	out := &Created{ID: row.ID, Code: row.Code, Status: StatusSubmitted, Review: row.Review,
		AcceptDue: sh(row.AcceptDue), ReplyDue: sh(row.ReplyDue), CreatedAt: sh(row.CreatedAt)}
	if row.ToID != nil && row.ToName != nil {
		out.Addressee = &Addressee{ID: *row.ToID, Name: *row.ToName}
	}
	return out, nil
}

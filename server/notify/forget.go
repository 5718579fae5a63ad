package notify

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// ForgetRecipients clears who the notices of subject went to — the WeChat
// openid, the sealed phone and the parameters (which may name the person) —
// inside the caller's transaction, keeping kind, channel, status and times
// for the record. It is the notices' part of anonymising a message.
func ForgetRecipients(ctx context.Context, tx *sqlx.Tx, subject string, now any) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE notifications SET openid = NULL, phone_enc = NULL, recipient_id = NULL,
		params = '{}', updated_at = ? WHERE subject = ?`, now, subject)
	if err != nil {
		return 0, fmt.Errorf("notify: forget recipients of %s: %w", subject, err)
	}
	return res.RowsAffected()
}

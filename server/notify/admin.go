package notify

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// View is a notice as staff see it.
type View struct {
	ID             int64         `json:"id" db:"id"`
	Kind           string        `json:"kind" db:"kind"`
	Channel        string        `json:"channel" db:"channel"`
	Recipient      RecipientView `json:"recipient" db:"-"`
	Subject        string        `json:"subject" db:"subject"`
	Status         string        `json:"status" db:"status"`
	Attempts       int           `json:"attempts" db:"attempts"`
	LastError      string        `json:"last_error" db:"last_error"`
	NotBefore      time.Time     `json:"not_before" db:"not_before"`
	SentAt         *time.Time    `json:"sent_at" db:"sent_at"`
	DeliveredAt    *time.Time    `json:"delivered_at" db:"delivered_at"`
	AcknowledgedAt *time.Time    `json:"acknowledged_at" db:"acknowledged_at"`
	CreatedAt      time.Time     `json:"created_at" db:"created_at"`

	RecipientType string `json:"-" db:"recipient_type"`
	RecipientID   *int64 `json:"-" db:"recipient_id"`
	PhoneEnc      []byte `json:"-" db:"phone_enc"`
}

// RecipientView names the recipient; the phone is masked.
type RecipientView struct {
	Type  string `json:"type"`
	ID    int64  `json:"id,omitempty"`
	Phone string `json:"phone,omitempty"`
}

var (
	errNotificationNotFound = apperr.NotFound("notification_not_found", "通知不存在")
	errNotResendable        = apperr.Conflict("notification_not_resendable", "只有发送失败或结果不明的通知可以重发")
	subjectPattern          = regexp.MustCompile(`^[a-z_]+:\d+$`)
)

// List returns the notices about subject ("activity:12") that the caller's
// scope covers, newest first.
func (e *Engine) List(ctx context.Context, p *access.Principal, subject string, page store.Page) ([]View, store.Cursor, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, store.Cursor{}, err
	}
	if subject != "" && !subjectPattern.MatchString(subject) {
		return nil, store.Cursor{}, apperr.Invalid(map[string]string{"subject": "查询对象的格式不正确"})
	}
	// The join reads stations (registry's table) only for the area of the
	// caller's scope: a scoped page must be filtered in SQL.
	scope, args := p.Scope().StationSQL("s.id", "s.area_code")
	q := `SELECT n.id, n.kind, n.channel, n.subject, n.status, n.attempts, n.last_error, n.not_before, n.sent_at, n.delivered_at,
		n.acknowledged_at, n.created_at, n.recipient_type, n.recipient_id, n.phone_enc
		FROM notifications n LEFT JOIN stations s ON s.id = n.station_id WHERE ` + scope
	if !p.Scope().All {
		q += ` AND n.station_id IS NOT NULL`
	}
	if subject != "" {
		q += ` AND n.subject = ?`
		args = append(args, subject)
	}
	after, afterArgs := page.Before("n.created_at", "n.id")
	q += ` AND ` + after + ` ORDER BY n.created_at DESC, n.id DESC LIMIT ?`
	args = append(args, afterArgs...)
	args = append(args, page.Limit+1)
	var rows []View
	if err := e.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("notify: list: %w", err)
	}
	rows, next := store.Next(rows, page, func(v View) store.Cursor { return store.Cursor{At: v.CreatedAt, ID: v.ID} })
	for i := range rows {
		e.finishView(&rows[i])
	}
	return rows, next, nil
}

func (e *Engine) finishView(v *View) {
	v.Recipient = RecipientView{Type: v.RecipientType}
	if v.RecipientID != nil {
		v.Recipient.ID = *v.RecipientID
	}
	if len(v.PhoneEnc) > 0 {
		if phone, err := e.Box.Open(v.PhoneEnc); err == nil {
			v.Recipient.Phone = pii.MaskPhone(phone)
		}
	}
	v.NotBefore = v.NotBefore.In(clock.Shanghai)
	v.CreatedAt = v.CreatedAt.In(clock.Shanghai)
	for _, t := range []**time.Time{&v.SentAt, &v.DeliveredAt, &v.AcknowledgedAt} {
		if *t != nil {
			local := (*t).In(clock.Shanghai)
			*t = &local
		}
	}
}

// Resend tries a failed or unknown notice again, at once. It is the
// operator's decision: an unknown notice may have reached its recipient.
func (e *Engine) Resend(ctx context.Context, p *access.Principal, id int64) (*View, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	scope, args := p.Scope().StationSQL("s.id", "s.area_code")
	var found struct {
		Status  string `db:"status"`
		Kind    string `db:"kind"`
		Subject string `db:"subject"`
	}
	q := `SELECT n.status, n.kind, n.subject FROM notifications n LEFT JOIN stations s ON s.id = n.station_id WHERE n.id = ? AND ` + scope
	if !p.Scope().All {
		q += ` AND n.station_id IS NOT NULL`
	}
	err := e.DB.GetContext(ctx, &found, q, append([]any{id}, args...)...)
	if store.IsNoRows(err) {
		return nil, errNotificationNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("notify: resend: %w", err)
	}
	now := e.Clock.Now()
	err = e.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET status = 'pending', not_before = ?, attempts = 0, updated_at = ?,
			last_error = LEFT(CONCAT('resent by staff; before: ', last_error), 500) WHERE id = ? AND status IN ('failed', 'unknown')`, now, now, id)
		if err != nil {
			return fmt.Errorf("notify: resend: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotResendable
		}
		return audit.Record(ctx, tx, p, audit.NotificationRetry, audit.Subject("notification", id),
			fmt.Sprintf("重发通知 %d（%s，%s，原状态 %s）", id, found.Kind, found.Subject, found.Status))
	})
	if err != nil {
		return nil, err
	}
	queue := "default"
	if k, ok := e.Rules.Kinds[found.Kind]; ok {
		queue = k.Priority
	}
	e.Enqueue(ctx, []Due{{ID: id, Queue: queue, At: now}})
	var v View
	if err := e.DB.GetContext(ctx, &v, `SELECT id, kind, channel, subject, status, attempts, last_error, not_before, sent_at, delivered_at,
		acknowledged_at, created_at, recipient_type, recipient_id, phone_enc FROM notifications WHERE id = ?`, id); err != nil {
		return nil, fmt.Errorf("notify: resend: %w", err)
	}
	e.finishView(&v)
	return &v, nil
}

// MarkAcknowledged records that a recipient acknowledged the notices they
// were sent about subject (the employer's page of an activity): every
// version's notice shows it.
func (e *Engine) MarkAcknowledged(ctx context.Context, subject, recipientType string, recipientID int64, at time.Time) error {
	_, err := e.DB.ExecContext(ctx, `UPDATE notifications SET acknowledged_at = ?, updated_at = ?
		WHERE subject = ? AND recipient_type = ? AND recipient_id = ? AND acknowledged_at IS NULL`, at, e.Clock.Now(), subject, recipientType, recipientID)
	if err != nil {
		return fmt.Errorf("notify: acknowledged: %w", err)
	}
	return nil
}

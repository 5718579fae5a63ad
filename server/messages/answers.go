package messages

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// Answer is an answered message shown on its station's public page, with
// its author's consent: what was asked and what was answered, never who
// asked (no name, phone, photo or tracking code).
type Answer struct {
	ID          int64      `json:"id"`
	Category    string     `json:"category"`
	Content     string     `json:"content"`
	Reply       string     `json:"reply"`
	SubmittedAt time.Time  `json:"submitted_at"`
	RepliedAt   *time.Time `json:"replied_at"`
}

// answered are the statuses of a message whose reply stands: a rejected
// message has none, and one that is still being handled has none yet.
var answered = []string{StatusReplied, StatusPromised, StatusReopened, StatusClosed}

// PublishedAnswers lists the answered messages of an active station whose
// authors consented to publication and whose question and reply passed
// WeChat's text security (answer_check), newest first, long numbers masked
// in both. Anyone may read it.
func (s *Service) PublishedAnswers(ctx context.Context, stationID int64, page store.Page) ([]Answer, store.Cursor, error) {
	if _, err := s.Registry.ActiveStation(ctx, stationID); err != nil {
		return nil, store.Cursor{}, err
	}
	after, afterArgs := page.Before("created_at", "id")
	q, args, err := store.In(`SELECT id, category, content, reply, created_at, replied_at FROM messages
		WHERE station_id = ? AND publish = 1 AND reply IS NOT NULL AND answer_check = 'pass' AND status IN (?) AND `+after+`
		ORDER BY created_at DESC, id DESC LIMIT ?`, append(append([]any{stationID, answered}, afterArgs...), page.Limit+1)...)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	var rows []struct {
		ID        int64      `db:"id"`
		Category  string     `db:"category"`
		Content   string     `db:"content"`
		Reply     string     `db:"reply"`
		CreatedAt time.Time  `db:"created_at"`
		RepliedAt *time.Time `db:"replied_at"`
	}
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, store.Cursor{}, err
	}
	out := make([]Answer, 0, len(rows))
	for _, r := range rows {
		out = append(out, Answer{ID: r.ID, Category: r.Category, Content: MaskNumbers(r.Content), Reply: MaskNumbers(r.Reply),
			SubmittedAt: sh(r.CreatedAt), RepliedAt: shp(r.RepliedAt)})
	}
	out, next := store.Next(out, page, func(a Answer) store.Cursor { return store.Cursor{At: a.SubmittedAt, ID: a.ID} })
	return out, next, nil
}

// PublishInput gives or withdraws the author's consent to publication.
type PublishInput struct {
	Publish *bool `json:"publish"`
}

// SetPublish records the author's consent (or its withdrawal, which takes
// the message off the station's page at once) and answers the message.
// Staff of the message's station may withdraw it (a reply or question not
// fit to be shown, a walk-in who changed their mind), not give it: consent
// is the author's, or for a walk-in on_behalf.publish_consent at intake.
// Consent to an answered message starts its content check.
func (s *Service) SetPublish(ctx context.Context, p *access.Principal, id int64, in PublishInput) (*Message, error) {
	if in.Publish == nil {
		return nil, apperr.Invalid(map[string]string{"publish": "请选择是否同意公开"})
	}
	r, err := s.load(ctx, s.DB, p, id, false)
	if err != nil {
		return nil, err
	}
	author := r.UserID != nil && *r.UserID == p.UserID
	staff := p.Scope().CoversStation(r.StationID, r.AreaCode)
	switch {
	case author:
	case staff && !*in.Publish:
		if err := s.withdraw(ctx, p, r); err != nil {
			return nil, err
		}
		return s.Get(ctx, p, id)
	case staff:
		return nil, apperr.Forbidden("author_only", "只有留言人本人可以同意公开；工作人员只能撤下公开")
	default:
		return nil, apperr.Forbidden("author_only", "只有留言人本人可以决定是否公开")
	}
	if _, err := s.DB.ExecContext(ctx, `UPDATE messages SET publish = ?, updated_at = ? WHERE id = ?`, *in.Publish, s.Clock.Now(), id); err != nil {
		return nil, err
	}
	if *in.Publish {
		if _, err := s.checkAnswer(ctx, id); err != nil {
			s.Log.WarnContext(ctx, "messages: answer check", "message_id", id, "error", err)
		}
	}
	return s.Get(ctx, p, id)
}

// withdraw takes a message off its station's page on staff's decision, with
// an event in its timeline and an audit row.
func (s *Service) withdraw(ctx context.Context, p *access.Principal, r *row) error {
	now := s.Clock.Now()
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET publish = 0, updated_at = ? WHERE id = ?`, now, r.ID); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, r.ID, "unpublish", p.UserID, "工作人员撤下公开答复", now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, audit.MessageUnpublish, audit.Subject("message", r.ID),
			fmt.Sprintf("撤下留言 %s 的公开答复", r.Code))
	})
}

// MaskNumbers hides the middle of every long number in a text shown in
// public, as phone numbers are masked in answers: 13812345678 → 138****5678.
// (The rule is pii.MaskNumbers: the audit log masks its summaries the same way.)
func MaskNumbers(text string) string { return pii.MaskNumbers(text) }

package consultations

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

// MyOpinion is one of the signed-in person's opinions (GET /me/opinions).
//
// Outcome and Reason stay null until the office finished the review of the
// whole consultation (status reviewed): people are told all at once, in the
// notice and here, never piecemeal while the office may still change an
// answer.
type MyOpinion struct {
	ID                 int64     `json:"id" db:"id"`
	ConsultationID     int64     `json:"consultation_id" db:"consultation_id"`
	ConsultationTitle  string    `json:"consultation_title" db:"consultation_title"`
	ConsultationStatus string    `json:"consultation_status" db:"consultation_status"`
	ArticleID          *int64    `json:"article_id" db:"article_id"`
	ArticleNumber      *string   `json:"article_number" db:"article_number"`
	Content            string    `json:"content" db:"content"`
	CreatedAt          time.Time `json:"created_at" db:"created_at"`
	Outcome            *string   `json:"outcome" db:"outcome"`
	Reason             *string   `json:"reason" db:"reason"`

	ClosesAt time.Time `json:"-" db:"closes_at"`
}

// myExcerpt is the most characters of an opinion's content in the list.
const myExcerpt = 200

// Mine lists the opinions the signed-in person sent (as a citizen or as a
// deputy), the newest first.
func (s *Service) Mine(ctx context.Context, p *access.Principal, page store.Page) ([]MyOpinion, store.Cursor, error) {
	if p == nil || p.UserID == 0 {
		return nil, store.Cursor{}, apperr.Unauthorized("unauthorized", "请先登录")
	}
	after, afterArgs := page.Before("o.created_at", "o.id")
	args := append(append([]any{p.UserID}, afterArgs...), page.Limit+1)
	var rows []MyOpinion
	err := s.DB.SelectContext(ctx, &rows, `SELECT o.id, o.consultation_id, c.title AS consultation_title, c.status AS consultation_status, c.closes_at,
		o.article_id, a.number AS article_number, o.content, o.created_at,
		CASE WHEN c.status = 'reviewed' THEN o.outcome END AS outcome,
		CASE WHEN c.status = 'reviewed' THEN o.reason END AS reason
		FROM consultation_opinions o
		JOIN consultations c ON c.id = o.consultation_id
		LEFT JOIN consultation_articles a ON a.id = o.article_id
		WHERE o.user_id = ? AND `+after+` ORDER BY o.created_at DESC, o.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, store.Cursor{}, fmt.Errorf("consultations: mine: %w", err)
	}
	rows, next := store.Next(rows, page, func(o MyOpinion) store.Cursor { return store.Cursor{At: o.CreatedAt, ID: o.ID} })
	now := s.now()
	for i := range rows {
		o := &rows[i]
		o.CreatedAt = sh(o.CreatedAt)
		o.ConsultationStatus = shownStatus(o.ConsultationStatus, o.ClosesAt, now)
		if utf8.RuneCountInString(o.Content) > myExcerpt {
			o.Content = string([]rune(o.Content)[:myExcerpt-1]) + "…"
		}
		if o.Outcome == nil {
			o.Reason = nil
		}
	}
	if rows == nil {
		rows = []MyOpinion{}
	}
	return rows, next, nil
}

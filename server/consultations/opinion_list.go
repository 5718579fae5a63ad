package consultations

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// Opinion is an opinion as the staff who run the consultation see it: its
// article, its source (station, meeting, author kind) and its review.
type Opinion struct {
	ID            int64      `json:"id" db:"id"`
	ArticleID     *int64     `json:"article_id" db:"article_id"`
	ArticleNumber *string    `json:"article_number" db:"article_number"`
	AuthorKind    string     `json:"author_kind" db:"author_kind"`
	Content       string     `json:"content" db:"content"`
	Name          string     `json:"name" db:"name"`
	Phone         *string    `json:"phone" db:"-"`
	DeputyID      *int64     `json:"deputy_id" db:"deputy_id"`
	DeputyName    *string    `json:"deputy_name" db:"deputy_name"`
	Station       *Ref       `json:"station" db:"-"`
	Activity      *Ref       `json:"activity" db:"-"`
	Review        string     `json:"review" db:"review"`
	CreatedAt     time.Time  `json:"created_at" db:"created_at"`
	Outcome       *string    `json:"outcome" db:"outcome"`
	Reason        *string    `json:"reason" db:"-"`
	ReviewedAt    *time.Time `json:"reviewed_at" db:"reviewed_at"`

	ReasonText    string  `json:"-" db:"reason"`
	PhoneEnc      []byte  `json:"-" db:"phone_enc"`
	StationID     *int64  `json:"-" db:"station_id"`
	StationName   *string `json:"-" db:"station_name"`
	ActivityID    *int64  `json:"-" db:"activity_id"`
	ActivityTitle *string `json:"-" db:"activity_title"`
}

// Ref names a station or an activity inside an answer.
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// OpinionFilter narrows the opinions: ArticleID > 0 keeps that article's,
// WholeDraft those on the whole draft.
type OpinionFilter struct {
	ArticleID  int64
	WholeDraft bool
}

// Opinions lists a consultation's opinions for the staff who run it, the
// newest first; phones are masked.
func (s *Service) Opinions(ctx context.Context, p *access.Principal, id int64, f OpinionFilter, page store.Page) ([]Opinion, store.Cursor, error) {
	if _, err := s.manage(ctx, s.DB, p, id, false); err != nil {
		return nil, store.Cursor{}, err
	}
	where, args := "o.consultation_id = ?", []any{id}
	switch {
	case f.ArticleID > 0:
		where += " AND o.article_id = ?"
		args = append(args, f.ArticleID)
	case f.WholeDraft:
		where += " AND o.article_id IS NULL"
	}
	after, afterArgs := page.Before("o.created_at", "o.id")
	args = append(append(args, afterArgs...), page.Limit+1)
	// Joins the owners' tables (stations, activities, deputies) read only, for names.
	var rows []Opinion
	err := s.DB.SelectContext(ctx, &rows, opinionSelect+`
		WHERE `+where+` AND `+after+` ORDER BY o.created_at DESC, o.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, store.Cursor{}, fmt.Errorf("consultations: opinions: %w", err)
	}
	rows, next := store.Next(rows, page, func(o Opinion) store.Cursor { return store.Cursor{At: o.CreatedAt, ID: o.ID} })
	for i := range rows {
		if err := s.finishOpinion(&rows[i]); err != nil {
			return nil, store.Cursor{}, err
		}
	}
	if rows == nil {
		rows = []Opinion{}
	}
	return rows, next, nil
}

// opinionSelect reads Opinion rows (o), joining the owners' tables for names.
const opinionSelect = `SELECT o.id, o.article_id, a.number AS article_number, o.author_kind, o.content, o.name, o.phone_enc,
		o.deputy_id, d.name AS deputy_name, o.station_id, st.name AS station_name, o.activity_id, act.title AS activity_title,
		o.review, o.created_at, o.outcome, o.reason, o.reviewed_at
		FROM consultation_opinions o
		LEFT JOIN consultation_articles a ON a.id = o.article_id
		LEFT JOIN deputies d ON d.id = o.deputy_id
		LEFT JOIN stations st ON st.id = o.station_id
		LEFT JOIN activities act ON act.id = o.activity_id`

func (s *Service) finishOpinion(o *Opinion) error {
	o.CreatedAt = sh(o.CreatedAt)
	o.ReviewedAt = shp(o.ReviewedAt)
	if o.ReviewedAt != nil {
		r := o.ReasonText
		o.Reason = &r
	}
	if len(o.PhoneEnc) > 0 {
		phone, err := s.Box.Open(o.PhoneEnc)
		if err != nil {
			return fmt.Errorf("consultations: phone: %w", err)
		}
		m := pii.MaskPhone(phone)
		o.Phone = &m
	}
	if o.StationID != nil && o.StationName != nil {
		o.Station = &Ref{ID: *o.StationID, Name: *o.StationName}
	}
	if o.ActivityID != nil && o.ActivityTitle != nil {
		o.Activity = &Ref{ID: *o.ActivityID, Name: *o.ActivityTitle}
	}
	return nil
}

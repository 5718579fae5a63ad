package consultations

import (
	"context"
	"fmt"
	"time"
)

// Brief is an open consultation in a station's list.
type Brief struct {
	ID       int64     `json:"id" db:"id"`
	Title    string    `json:"title" db:"title"`
	OpensAt  time.Time `json:"opens_at" db:"opens_at"`
	ClosesAt time.Time `json:"closes_at" db:"closes_at"`
	Status   string    `json:"status" db:"status"`
	// Articles counts the draft's articles.
	Articles int `json:"articles" db:"articles"`
}

// OpenAt lists the consultations open now that reach the station, the one
// closing soonest first. Anyone may ask; an unknown or inactive station is
// 404.
func (s *Service) OpenAt(ctx context.Context, stationID int64) ([]Brief, error) {
	st, err := s.Registry.ActiveStation(ctx, stationID)
	if err != nil {
		return nil, err
	}
	cond, args := reachSQL(st.ID, st.AreaCode)
	now := s.now()
	out := []Brief{}
	err = s.DB.SelectContext(ctx, &out, `SELECT c.id, c.title, c.opens_at, c.closes_at, c.status,
		(SELECT COUNT(*) FROM consultation_articles a WHERE a.consultation_id = c.id) AS articles
		FROM consultations c WHERE c.status = 'open' AND c.opens_at <= ? AND c.closes_at > ? AND `+cond+`
		ORDER BY c.closes_at, c.id LIMIT 100`, append([]any{now, now}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("consultations: open at %d: %w", stationID, err)
	}
	for i := range out {
		out[i].OpensAt, out[i].ClosesAt = sh(out[i].OpensAt), sh(out[i].ClosesAt)
	}
	return out, nil
}

// Public is a published consultation as anyone reads it: the draft by
// article, each with its count of opinions (never their text).
type Public struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Explanation string    `json:"explanation"`
	OpensAt     time.Time `json:"opens_at"`
	ClosesAt    time.Time `json:"closes_at"`
	Status      string    `json:"status"`
	Articles    []Article `json:"articles"`
}

// Public is a published consultation (open, closed or reviewed); a draft
// is not found.
func (s *Service) Public(ctx context.Context, id int64) (*Public, error) {
	c, err := load(ctx, s.DB, id, false)
	if err != nil {
		return nil, err
	}
	if c.Status == StatusDraft {
		return nil, ErrNotFound
	}
	arts, err := s.articles(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	return &Public{ID: c.ID, Title: c.Title, Explanation: c.Explanation, OpensAt: sh(c.OpensAt), ClosesAt: sh(c.ClosesAt),
		Status: shownStatus(c.Status, c.ClosesAt, s.now()), Articles: arts}, nil
}

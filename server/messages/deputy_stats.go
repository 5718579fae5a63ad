package messages

import (
	"context"
	"fmt"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/store"
)

// DeputyFigures are the messages of a period written to one deputy (代表码),
// beside the station's counts (MessageStats.deputies): how many, how many
// answered (by the deputy, or by staff after a hand-over), how many still
// wait for an answer, and how many went to the staff — by the deputy, or by
// the deadline (handed_over_late, counted in handed_over too).
type DeputyFigures struct {
	DeputyID       int64  `json:"deputy_id" db:"deputy_id"`
	Name           string `json:"name" db:"name"`
	Received       int    `json:"received" db:"received"`
	Answered       int    `json:"answered" db:"answered"`
	Open           int    `json:"open" db:"open"`
	HandedOver     int    `json:"handed_over" db:"handed_over"`
	HandedOverLate int    `json:"handed_over_late" db:"handed_over_late"`
}

// deputyFigures counts, per addressee, the messages of f (its period filled)
// that were written to a deputy, from the messages (they are a small part of
// all): the deputy who received most first.
func (s *Service) deputyFigures(ctx context.Context, q store.Queryer, p *access.Principal, f StatsFilter) ([]DeputyFigures, error) {
	where, args := f.where(p)
	waiting := append([]string{StatusSubmitted}, openStatuses...)
	query, args, err := store.In(`SELECT m.addressee_deputy_id AS deputy_id, MAX(d.name) AS name, COUNT(*) AS received,
			COALESCE(SUM(m.replied_at IS NOT NULL), 0) AS answered,
			COALESCE(SUM(m.replied_at IS NULL AND m.status IN (?)), 0) AS open,
			COALESCE(SUM(m.handed_over_at IS NOT NULL), 0) AS handed_over,
			COALESCE(SUM(m.handed_over_late), 0) AS handed_over_late
		FROM messages m JOIN stations s ON s.id = m.station_id JOIN deputies d ON d.id = m.addressee_deputy_id
		WHERE `+where+` AND m.addressee_deputy_id IS NOT NULL
		GROUP BY m.addressee_deputy_id ORDER BY received DESC, deputy_id`, append([]any{waiting}, args...)...)
	if err != nil {
		return nil, err
	}
	out := []DeputyFigures{}
	if err := q.SelectContext(ctx, &out, query, args...); err != nil {
		return nil, fmt.Errorf("messages: deputy figures: %w", err)
	}
	return out, nil
}

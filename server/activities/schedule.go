package activities

import (
	"context"
	"time"

	"github.com/liaison-stations/liaison/server/clock"

	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// maxSchedule bounds the public schedule: a station page shows what is next,
// not a year of plans.
const maxSchedule = 20

// Upcoming is a published activity of a station as the public sees it: when
// and where, and which deputies will be there (those invited who have not
// asked for leave).
type Upcoming struct {
	ID        int64                 `json:"id" db:"id"`
	Kind      string                `json:"kind" db:"kind"`
	KindName  string                `json:"kind_name" db:"-"`
	Title     string                `json:"title" db:"title"`
	StartAt   time.Time             `json:"start_at" db:"start_at"`
	EndAt     time.Time             `json:"end_at" db:"end_at"`
	Venue     string                `json:"venue" db:"venue"`
	Latitude  *float64              `json:"latitude" db:"latitude"`
	Longitude *float64              `json:"longitude" db:"longitude"`
	Deputies  []registry.CardDeputy `json:"deputies" db:"-"`
}

// StationSchedule lists the upcoming (not yet ended) published activities of
// an active station whose kinds the rules make public, reception days first,
// then by start. Anyone may read it.
func (s *Service) StationSchedule(ctx context.Context, stationID int64) ([]Upcoming, error) {
	if _, err := s.Registry.ActiveStation(ctx, stationID); err != nil {
		return nil, err
	}
	out := []Upcoming{}
	if len(s.Rules.PublicKinds) == 0 {
		return out, nil
	}
	q, args, err := store.In(`SELECT id, kind, title, start_at, end_at, venue, latitude, longitude FROM activities
		WHERE station_id = ? AND status = ? AND end_at > ? AND kind IN (?)
		ORDER BY CASE WHEN kind = 'reception_day' THEN 0 ELSE 1 END, start_at, id LIMIT ?`,
		stationID, StatusPublished, s.Clock.Now(), s.Rules.PublicKinds, maxSchedule)
	if err != nil {
		return nil, err
	}
	if err := s.DB.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	q, args, err = store.In(`SELECT activity_id, deputy_id FROM activity_invitees
		WHERE activity_id IN (?) AND rsvp <> ? ORDER BY activity_id, deputy_id`, ids, "leave")
	if err != nil {
		return nil, err
	}
	var invited []struct {
		ActivityID int64 `db:"activity_id"`
		DeputyID   int64 `db:"deputy_id"`
	}
	if err := s.DB.SelectContext(ctx, &invited, q, args...); err != nil {
		return nil, err
	}
	deputyIDs := make([]int64, 0, len(invited))
	for _, iv := range invited {
		deputyIDs = append(deputyIDs, iv.DeputyID)
	}
	people, err := s.Registry.PublicDeputies(ctx, deputyIDs)
	if err != nil {
		return nil, err
	}
	byActivity := map[int64][]registry.CardDeputy{}
	for _, iv := range invited {
		if d, ok := people[iv.DeputyID]; ok {
			byActivity[iv.ActivityID] = append(byActivity[iv.ActivityID], d)
		}
	}
	for i := range out {
		u := &out[i]
		u.KindName, u.StartAt, u.EndAt = KindName(u.Kind), u.StartAt.In(clock.Shanghai), u.EndAt.In(clock.Shanghai)
		u.Deputies = byActivity[u.ID]
		if u.Deputies == nil {
			u.Deputies = []registry.CardDeputy{}
		}
	}
	return out, nil
}

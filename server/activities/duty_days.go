package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/clock"
)

// DutyDay is a reception day a deputy is on duty for, as the public sees it
// on the deputy's card: when, where, and at which station.
type DutyDay struct {
	ID          int64     `json:"id" db:"id"`
	Title       string    `json:"title" db:"title"`
	StartAt     time.Time `json:"start_at" db:"start_at"`
	EndAt       time.Time `json:"end_at" db:"end_at"`
	Venue       string    `json:"venue" db:"venue"`
	StationID   int64     `json:"station_id" db:"station_id"`
	StationName string    `json:"station_name" db:"station_name"`
}

// DeputyDutyDays lists the upcoming (not yet ended) published reception days
// of active stations to which the deputy is invited and has not asked for
// leave, by start; at most maxSchedule. Anyone may read it.
func (s *Service) DeputyDutyDays(ctx context.Context, deputyID int64) ([]DutyDay, error) {
	out := []DutyDay{}
	err := s.DB.SelectContext(ctx, &out, `SELECT a.id, a.title, a.start_at, a.end_at, a.venue, a.station_id, st.name AS station_name
		FROM activity_invitees ai JOIN activities a ON a.id = ai.activity_id JOIN stations st ON st.id = a.station_id
		WHERE ai.deputy_id = ? AND ai.rsvp <> ? AND a.kind = 'reception_day' AND a.status = ? AND a.end_at > ? AND st.active = 1
		ORDER BY a.start_at, a.id LIMIT ?`, deputyID, "leave", StatusPublished, s.Clock.Now(), maxSchedule)
	if err != nil {
		return nil, fmt.Errorf("activities: deputy's duty days: %w", err)
	}
	for i := range out {
		out[i].StartAt, out[i].EndAt = out[i].StartAt.In(clock.Shanghai), out[i].EndAt.In(clock.Shanghai)
	}
	return out, nil
}

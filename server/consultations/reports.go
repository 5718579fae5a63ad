package consultations

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/access"
)

// StationReport is a reviewed consultation with opinions taken at one of the
// caller's stations from people who left no way to reach them (a meeting's,
// a walk-in's without phone): the station tells them, and the deputies of
// the meeting, the office's answers (Stats lists the opinions, to_pass_on).
type StationReport struct {
	ConsultationID int64     `json:"consultation_id" db:"consultation_id"`
	Title          string    `json:"title" db:"title"`
	ReviewedAt     time.Time `json:"reviewed_at" db:"reviewed_at"`
	StationID      int64     `json:"station_id" db:"station_id"`
	StationName    string    `json:"station_name" db:"station_name"`
	ToPassOn       int       `json:"to_pass_on" db:"to_pass_on"`
}

// maxReports bounds the reports listed: the most recently reviewed.
const maxReports = 50

// Reports are the stations' reports of the consultations reviewed in the
// last year, at the stations the caller's scope covers, the most recently
// reviewed first.
func (s *Service) Reports(ctx context.Context, p *access.Principal) ([]StationReport, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	where, args := p.Scope().StationSQL("st.id", "st.area_code")
	args = append([]any{StatusReviewed, s.now().AddDate(-1, 0, 0)}, args...)
	out := []StationReport{}
	// Joins the owner's table of stations read only, for names and scope.
	err := s.DB.SelectContext(ctx, &out, `SELECT c.id AS consultation_id, c.title, c.reviewed_at, st.id AS station_id, st.name AS station_name,
		COUNT(*) AS to_pass_on
		FROM consultation_opinions o
		JOIN consultations c ON c.id = o.consultation_id
		JOIN stations st ON st.id = o.station_id
		WHERE c.status = ? AND c.reviewed_at >= ? AND o.user_id IS NULL AND o.phone_enc IS NULL AND `+where+`
		GROUP BY c.id, c.title, c.reviewed_at, st.id, st.name
		ORDER BY c.reviewed_at DESC, c.id DESC, st.id
		LIMIT `+fmt.Sprint(maxReports), args...)
	if err != nil {
		return nil, fmt.Errorf("consultations: reports: %w", err)
	}
	for i := range out {
		out[i].ReviewedAt = sh(out[i].ReviewedAt)
	}
	return out, nil
}

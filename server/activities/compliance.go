package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// Period is one month, quarter, half-year or year of a rule, in Asia/Shanghai.
type Period struct {
	Label     string    `json:"period"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Required  int       `json:"required"`
	Held      int       `json:"held"`
	Scheduled int       `json:"scheduled"`
	Met       bool      `json:"met"`
	Ended     bool      `json:"ended"`
}

// RuleCompliance is one station rule of item 4 with its periods of the year.
type RuleCompliance struct {
	StationRule
	KindName string   `json:"kind_name"`
	Periods  []Period `json:"periods"`
}

// Compliance is a station's compliance with the rules for a year. An
// activity is held when published, not cancelled, ended and at least one
// invited deputy checked in; scheduled when published and not yet held. It
// counts in the period of its start.
type Compliance struct {
	StationID   int64            `json:"station_id" db:"id"`
	StationName string           `json:"station_name" db:"name"`
	AreaCode    string           `json:"area_code" db:"area_code"`
	Year        int              `json:"year" db:"-"`
	Rules       []RuleCompliance `json:"rules" db:"-"`
	PeriodsDue  int              `json:"periods_ended" db:"-"`
	PeriodsMet  int              `json:"periods_ended_met" db:"-"`
	// CreatedAt is the station's: the rules apply from then. Periods that
	// ended before it are left out, and the one it falls in starts there.
	CreatedAt time.Time `json:"-" db:"created_at"`
}

// periods splits year into the periods of kind.
func periods(year int, period string) []Period {
	var out []Period
	add := func(label string, from, to time.Time) {
		out = append(out, Period{Label: label, From: from, To: to})
	}
	at := func(m int) time.Time { return time.Date(year, time.Month(m), 1, 0, 0, 0, 0, clock.Shanghai) }
	switch period {
	case "month":
		for m := 1; m <= 12; m++ {
			add(fmt.Sprintf("%d-%02d", year, m), at(m), at(m+1))
		}
	case "quarter":
		for q := 0; q < 4; q++ {
			add(fmt.Sprintf("%d-Q%d", year, q+1), at(3*q+1), at(3*q+4))
		}
	case "half_year":
		add(fmt.Sprintf("%d-H1", year), at(1), at(7))
		add(fmt.Sprintf("%d-H2", year), at(7), at(13))
	default:
		add(fmt.Sprint(year), at(1), at(13))
	}
	return out
}

type heldRow struct {
	StationID int64     `db:"station_id"`
	Kind      string    `db:"kind"`
	StartAt   time.Time `db:"start_at"`
	Held      bool      `db:"held"`
	Ended     bool      `db:"ended"`
}

// heldRows lists the published activities of the stations matched by where in [from, to).
func (s *Service) heldRows(ctx context.Context, from, to time.Time, where string, args ...any) ([]heldRow, error) {
	var rows []heldRow
	err := s.DB.SelectContext(ctx, &rows, `SELECT a.station_id, a.kind, a.start_at,
			(a.end_at <= ? AND EXISTS (SELECT 1 FROM activity_checkins c WHERE c.activity_id = a.id)) AS held,
			a.end_at <= ? AS ended
		FROM activities a WHERE a.status = 'published' AND a.start_at >= ? AND a.start_at < ? AND `+where,
		append([]any{s.now(), s.now(), from.UTC(), to.UTC()}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("activities: compliance: %w", err)
	}
	return rows, nil
}

// compliance fills c's rules from the station's activities of the year.
func (s *Service) compliance(c *Compliance, year int, rows []heldRow) {
	now := s.now()
	c.Year = year
	c.Rules = make([]RuleCompliance, 0, len(s.Rules.StationRules))
	for _, rule := range s.Rules.StationRules {
		rc := RuleCompliance{StationRule: rule, KindName: KindName(rule.Kind), Periods: periodsSince(periods(year, rule.Period), c.CreatedAt)}
		for i := range rc.Periods {
			p := &rc.Periods[i]
			p.Required = rule.AtLeast
			for _, r := range rows {
				if r.StationID != c.StationID || r.Kind != rule.Kind || r.StartAt.Before(p.From) || !r.StartAt.Before(p.To) {
					continue
				}
				switch {
				case r.Held:
					p.Held++
				case !r.Ended:
					p.Scheduled++
				}
			}
			p.Met = p.Held >= p.Required
			p.Ended = !p.To.After(now)
			if p.Ended {
				c.PeriodsDue++
				if p.Met {
					c.PeriodsMet++
				}
			}
			p.From, p.To = p.From.In(clock.Shanghai), p.To.In(clock.Shanghai)
		}
		c.Rules = append(c.Rules, rc)
	}
}

// periodsSince are the periods that have not ended at since, the first of
// them starting at since (a station created in July owes nothing for
// January, and its July starts the day it was created). A zero since keeps
// them all.
func periodsSince(ps []Period, since time.Time) []Period {
	out := ps[:0]
	for _, p := range ps {
		if !since.IsZero() && !p.To.After(since) {
			continue
		}
		if p.From.Before(since) {
			p.From = since
		}
		out = append(out, p)
	}
	return out
}

// StationCompliance is the compliance of a station the caller covers. It is
// a report: it reads stations (registry's table) in the caller's scope beside
// the activities it counts.
func (s *Service) StationCompliance(ctx context.Context, p *access.Principal, stationID int64, year int) (*Compliance, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	cond, args := p.Scope().StationSQL("s.id", "s.area_code")
	var c Compliance
	err := s.DB.GetContext(ctx, &c, `SELECT s.id, s.name, s.area_code, s.created_at FROM stations s WHERE s.id = ? AND `+cond, append([]any{stationID}, args...)...)
	if store.IsNoRows(err) {
		return nil, registry.ErrStationNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("activities: compliance: %w", err)
	}
	from, to := yearBounds(year)
	rows, err := s.heldRows(ctx, from, to, `a.station_id = ?`, stationID)
	if err != nil {
		return nil, err
	}
	s.compliance(&c, year, rows)
	return &c, nil
}

// AreaCompliance lists the compliance of the stations under an area that
// the caller covers, a page at a time. A report: the page is of stations
// (registry's table, read only), filtered by scope in SQL.
func (s *Service) AreaCompliance(ctx context.Context, p *access.Principal, areaCode string, year int, page store.Page) ([]Compliance, store.Cursor, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, store.Cursor{}, err
	}
	if areaCode == "" {
		return nil, store.Cursor{}, apperr.Invalid(map[string]string{"area_code": "请指定行政区划"})
	}
	cond, args := p.Scope().StationSQL("s.id", "s.area_code")
	q := `SELECT s.id, s.name, s.area_code, s.created_at FROM stations s WHERE s.active = 1 AND s.area_code LIKE ? AND ` + cond
	args = append([]any{access.AreaPrefix(areaCode) + "%"}, args...)
	after, afterArgs := page.Since("s.created_at", "s.id")
	q += ` AND ` + after + ` ORDER BY s.created_at, s.id LIMIT ?`
	args = append(args, afterArgs...)
	args = append(args, page.Limit+1)
	var out []Compliance
	if err := s.DB.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("activities: compliance: %w", err)
	}
	out, next := store.Next(out, page, func(c Compliance) store.Cursor { return store.Cursor{At: c.CreatedAt, ID: c.StationID} })
	if len(out) == 0 {
		return out, store.Cursor{}, nil
	}
	ids := make([]int64, len(out))
	for i, c := range out {
		ids[i] = c.StationID
	}
	from, to := yearBounds(year)
	where, inArgs, err := store.In(`a.station_id IN (?)`, ids)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	rows, err := s.heldRows(ctx, from, to, where, inArgs...)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	for i := range out {
		s.compliance(&out[i], year, rows)
	}
	return out, next, nil
}

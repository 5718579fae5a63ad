package messages

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
)

// The console's 工作台 draws the period's figures (Stats), a monthly trend
// and a breakdown by place and by category. A region or a city is answered
// from message_tallies, as Stats answers it; a county, a station or a list
// of stations reads its own messages (a county's are about 1 % of a
// province's), through the stations' keys.

// actionOrder is the order handling steps are offered in.
var actionOrder = []string{ActionAccept, ActionAssign, ActionTransfer, ActionReply, ActionPromise, ActionReject, ActionClose}

// AllowedActions are the handling steps staff may take on a message in
// status, from the lifecycle's table (Handle refuses the others with 409).
func AllowedActions(status string) []string {
	var out []string
	for _, a := range actionOrder {
		if contains(transitions[a].from, status) {
			out = append(out, a)
		}
	}
	return out
}

// MonthCount is one month of the trend: messages received in the month,
// and how many of them were replied and resolved by now.
type MonthCount struct {
	Month    string `json:"month" db:"month"` // 2024-03
	Received int    `json:"received" db:"received"`
	Replied  int    `json:"replied" db:"replied"`
	Resolved int    `json:"resolved" db:"resolved"`
}

// PartCount is one bar of a breakdown: a county, a station or a category,
// with the messages received in the period.
type PartCount struct {
	Code     string `json:"code" db:"code"`
	Name     string `json:"name" db:"name"`
	Received int    `json:"received" db:"received"`
}

// Breakdown is the period's messages by place and by category.
type Breakdown struct {
	// By is "county" (a region or a city: its counties) or "station".
	By     string      `json:"by"`
	Places []PartCount `json:"places"`
	// Categories is nil when a region's or a city's period does not
	// start and end on a month's first day (message_category_tallies
	// count months); a county or narrower is counted from its messages.
	Categories []PartCount `json:"categories"`
}

// wide reports whether the filter covers more than a county: then it is
// answered from the tallies, by county.
func (f StatsFilter) wide(scope access.Scope) ([][]string, bool) {
	counties, ok := f.counties(scope)
	if !ok {
		return nil, false
	}
	if f.AreaCode != "" {
		return counties, len(access.AreaPrefix(f.AreaCode)) < 6
	}
	return counties, scope.All || slices.ContainsFunc(scope.AreaPrefixes, func(p string) bool { return len(p) < 6 })
}

// days are the period's Shanghai midnights when it is whole days.
func (f StatsFilter) days() (time.Time, time.Time, bool) {
	first, last := sh(f.From), sh(f.To)
	midnight := func(t time.Time) bool {
		return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
	}
	return first, last, midnight(first) && midnight(last)
}

// MonthlyTrend counts the period's messages month by month (every month of
// the period, empty ones too), in the caller's scope.
func (s *Service) MonthlyTrend(ctx context.Context, p *access.Principal, f StatsFilter) ([]MonthCount, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	f, err := f.period(s.Clock.Now())
	if err != nil {
		return nil, err
	}
	var got []MonthCount
	first, last, whole := f.days()
	if counties, ok := f.counties(p.Scope()); ok && whole {
		where, args := countySQL(counties, "county_code")
		err = s.DB.SelectContext(ctx, &got, `SELECT DATE_FORMAT(day, '%Y-%m') AS month, SUM(received) AS received, SUM(replied) AS replied,
			SUM(resolved) AS resolved FROM message_tallies WHERE `+tallyRows(first, last)+` AND `+where+` GROUP BY 1`, args...)
	} else {
		where, args := f.where(p)
		err = s.DB.SelectContext(ctx, &got, `SELECT DATE_FORMAT(m.created_at + INTERVAL 8 HOUR, '%Y-%m') AS month, COUNT(*) AS received,
			COALESCE(`+countSQL["replied"]+`, 0) AS replied, COALESCE(`+countSQL["resolved"]+`, 0) AS resolved
			FROM messages m JOIN stations s ON s.id = m.station_id WHERE `+where+` GROUP BY 1`, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("messages: trend: %w", err)
	}
	byMonth := map[string]MonthCount{}
	for _, m := range got {
		byMonth[m.Month] = m
	}
	var out []MonthCount
	end := sh(f.To.Add(-time.Nanosecond))
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, clock.Shanghai); !m.After(end); m = m.AddDate(0, 1, 0) {
		key := m.Format("2006-01")
		c := byMonth[key]
		c.Month = key
		out = append(out, c)
		if len(out) > 120 {
			break
		}
	}
	return out, nil
}

// Breakdown counts the period's messages by place (the counties of a region
// or a city, else the stations) and, below a city, by category; the top
// places first, at most limit of them.
func (s *Service) Breakdown(ctx context.Context, p *access.Principal, f StatsFilter, limit int) (*Breakdown, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	f, err := f.period(s.Clock.Now())
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 50 {
		limit = 15
	}
	out := &Breakdown{By: "station", Places: []PartCount{}}
	first, last, whole := f.days()
	if counties, ok := f.wide(p.Scope()); ok && whole {
		out.By = "county"
		where, args := countySQL(counties, "t.county_code")
		if err := s.DB.SelectContext(ctx, &out.Places, `SELECT t.county_code AS code, COALESCE(MAX(a.name), t.county_code) AS name,
			SUM(t.received) AS received FROM message_tallies t LEFT JOIN areas a ON a.code = t.county_code
			WHERE `+tallyRows(first, last)+` AND `+where+` GROUP BY t.county_code HAVING received > 0 ORDER BY received DESC, code LIMIT ?`,
			append(slices.Clone(args), limit)...); err != nil {
			return nil, fmt.Errorf("messages: by county: %w", err)
		}
		// message_category_tallies count whole months: exact when the
		// period starts on a month's first day and ends on one, or after
		// now (no message has arrived since).
		end := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, clock.Shanghai)
		if first.Day() != 1 || (last.Day() != 1 && f.To.Before(s.Clock.Now())) {
			return out, nil
		}
		if !end.Equal(last) {
			end = end.AddDate(0, 1, 0)
		}
		where, args = countySQL(counties, "county_code")
		var cats []PartCount
		if err := s.DB.SelectContext(ctx, &cats, `SELECT category AS code, '' AS name, SUM(received) AS received FROM message_category_tallies
			WHERE month >= ? AND month < ? AND `+where+` GROUP BY category`,
			append([]any{first.Format(time.DateOnly), end.Format(time.DateOnly)}, args...)...); err != nil {
			return nil, fmt.Errorf("messages: by category: %w", err)
		}
		out.Categories = categoryParts(cats)
		return out, nil
	}
	where, args := f.where(p)
	if err := s.DB.SelectContext(ctx, &out.Places, `SELECT CAST(m.station_id AS CHAR) AS code, MAX(s.name) AS name, COUNT(*) AS received
		FROM messages m JOIN stations s ON s.id = m.station_id WHERE `+where+` GROUP BY m.station_id ORDER BY received DESC, m.station_id LIMIT ?`,
		append(slices.Clone(args), limit)...); err != nil {
		return nil, fmt.Errorf("messages: by station: %w", err)
	}
	var cats []PartCount
	if err := s.DB.SelectContext(ctx, &cats, `SELECT m.category AS code, '' AS name, COUNT(*) AS received
		FROM messages m JOIN stations s ON s.id = m.station_id WHERE `+where+` GROUP BY m.category`, args...); err != nil {
		return nil, fmt.Errorf("messages: by category: %w", err)
	}
	out.Categories = categoryParts(cats)
	return out, nil
}

// categoryParts names the categories counted, the largest first (ties in
// the categories' order), leaving out those with none.
func categoryParts(cats []PartCount) []PartCount {
	n := map[string]int{}
	for _, c := range cats {
		n[c.Code] = c.Received
	}
	out := []PartCount{}
	for _, c := range Categories {
		if n[c.Code] > 0 {
			out = append(out, PartCount{Code: c.Code, Name: c.Name, Received: n[c.Code]})
		}
	}
	slices.SortStableFunc(out, func(a, b PartCount) int { return b.Received - a.Received })
	return out
}

// Acceptance is 按时受理 counting only the messages already due: those
// accepted (on time or late) and those whose three working days ran out;
// the messages still within them are not yet late, nor yet on time. It is
// the definition of Stats.AcceptedOnTimeRate, shown with its parts.
type Acceptance struct {
	Due    int      `json:"due"`
	OnTime int      `json:"on_time"`
	Rate   *float64 `json:"rate"`
}

// AcceptanceDue is st's (Stats of the filter f) on-time acceptance with
// its parts: Stats counted the messages still waiting within their deadline.
func (s *Service) AcceptanceDue(ctx context.Context, p *access.Principal, f StatsFilter, st *Stats) (*Acceptance, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	return &Acceptance{Due: st.acceptanceDue(), OnTime: st.AcceptedOnTime, Rate: st.AcceptedOnTimeRate}, nil
}

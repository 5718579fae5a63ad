package messages

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// StatsFilter selects the messages counted: submitted in [From, To), in the
// caller's scope, optionally of one station, area (and its subtree) or unit.
type StatsFilter struct {
	StationID int64
	AreaCode  string
	UnitID    int64
	From, To  time.Time
}

// Stats are the counts and rates of GET /admin/stats/messages. The
// definitions are in openapi/messages.yaml (MessageStats). AwaitingAcceptance
// are the messages still submitted within their acceptance deadline: neither
// on time nor late yet, so left out of AcceptedOnTimeRate's denominator.
type Stats struct {
	Received           int      `json:"received" db:"received"`
	Rejected           int      `json:"rejected" db:"rejected"`
	Accepted           int      `json:"accepted" db:"accepted"`
	AcceptedOnTime     int      `json:"accepted_on_time" db:"accepted_on_time"`
	Replied            int      `json:"replied" db:"replied"`
	RepliedOnTime      int      `json:"replied_on_time" db:"replied_on_time"`
	Rated              int      `json:"rated" db:"rated"`
	Satisfied          int      `json:"satisfied" db:"satisfied"`
	BasicallySatisfied int      `json:"basically_satisfied" db:"basically_satisfied"`
	Unsatisfied        int      `json:"unsatisfied" db:"unsatisfied"`
	Resolved           int      `json:"resolved" db:"resolved"`
	PromisesDue        int      `json:"promises_due" db:"promises_due"`
	PromisesFulfilled  int      `json:"promises_fulfilled" db:"promises_fulfilled"`
	AwaitingAcceptance int      `json:"awaiting_acceptance" db:"-"`
	AcceptedOnTimeRate *float64 `json:"accepted_on_time_rate"`
	RepliedOnTimeRate  *float64 `json:"replied_on_time_rate"`
	ResolutionRate     *float64 `json:"resolution_rate"`
	ImplementationRate *float64 `json:"implementation_rate"`
	SatisfactionRate   *float64 `json:"satisfaction_rate"`
	From               string   `json:"from"`
	To                 string   `json:"to"`
	// Deputies are the figures of the messages written to each deputy
	// (代表码) among these, beside the station's.
	Deputies []DeputyFigures `json:"deputies"`
}

// where is the filter's SQL, with the caller's scope. Stats is a report: its
// query joins stations (registry's table, read only) for the scope's areas.
func (f StatsFilter) where(p *access.Principal) (string, []any) {
	scope, args := p.Scope().StationSQL("m.station_id", "s.area_code")
	parts := []string{scope, "m.created_at >= ?", "m.created_at < ?"}
	args = append(args, f.From, f.To)
	if f.StationID != 0 {
		parts, args = append(parts, "m.station_id = ?"), append(args, f.StationID)
	}
	if f.AreaCode != "" {
		parts, args = append(parts, "s.area_code LIKE ?"), append(args, access.AreaPrefix(f.AreaCode)+"%")
	}
	if f.UnitID != 0 {
		parts, args = append(parts, "m.unit_id = ?"), append(args, f.UnitID)
	}
	return strings.Join(parts, " AND "), args
}

// joinOrder is STRAIGHT_JOIN when the count covers the whole region: then
// most stations are in it, and reading the period's messages from the
// covering key idx_messages_stats, each joined to its station, is cheaper
// than MariaDB's own choice of reading every station's messages row by row.
// A narrower count (a city, a county, a station) is left to the optimizer,
// which starts from its stations.
func (f StatsFilter) joinOrder(scope access.Scope) string {
	regionWide := func(prefix string) bool { return len(prefix) <= 2 }
	wide := scope.All || slices.ContainsFunc(scope.AreaPrefixes, regionWide)
	if !wide || f.StationID != 0 || f.UnitID != 0 || (f.AreaCode != "" && !regionWide(access.AreaPrefix(f.AreaCode))) {
		return ""
	}
	return "STRAIGHT_JOIN"
}

// period fills what the filter leaves open: from the start of the current
// year in Asia/Shanghai, to the end of today there (the year so far), and
// checks the result.
func (f StatsFilter) period(now time.Time) (StatsFilter, error) {
	today := sh(now)
	if f.From.IsZero() {
		f.From = time.Date(today.Year(), 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC()
	}
	if f.To.IsZero() {
		f.To = time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, clock.Shanghai).UTC()
	}
	fe := apperr.FieldErrors{}
	fe.Check(!f.To.After(f.From), "to", "结束日期须晚于开始日期")
	return f, fe.Err()
}

// Stats counts the messages of a period. A count by counties (the caller's
// scope and the area asked for are counties or wider, no station or unit is
// asked for) adds up the tallies of the period's whole days, and counts the
// hours at either end, and the promises that lapsed since the last scan, from
// the messages; any other count reads the messages.
func (s *Service) Stats(ctx context.Context, p *access.Principal, f StatsFilter) (*Stats, error) {
	return s.stats(ctx, p, f, true)
}

// stats counts from the tallies when tallies is set and the filter allows.
func (s *Service) stats(ctx context.Context, p *access.Principal, f StatsFilter, tallies bool) (*Stats, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	f, err := f.period(now)
	if err != nil {
		return nil, err
	}
	var st Stats
	if counties, ok := f.counties(p.Scope()); ok && tallies {
		// Its several reads see one snapshot: a message changing meanwhile
		// is counted as it was or as it is, never both or neither.
		tx, err := s.DB.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		err = s.countTallied(ctx, tx, p, f, counties, now, &st)
		if err == nil {
			st.AwaitingAcceptance, err = s.awaitingAcceptance(ctx, tx, p, f, now)
		}
		if err == nil {
			st.Deputies, err = s.deputyFigures(ctx, tx, p, f)
		}
		if err != nil {
			return nil, err
		}
	} else {
		err := s.countLive(ctx, s.DB, p, f, now, &st)
		if err == nil {
			st.AwaitingAcceptance, err = s.awaitingAcceptance(ctx, s.DB, p, f, now)
		}
		if err == nil {
			st.Deputies, err = s.deputyFigures(ctx, s.DB, p, f)
		}
		if err != nil {
			return nil, err
		}
	}
	st.AcceptedOnTimeRate = rate(st.AcceptedOnTime, st.acceptanceDue())
	st.RepliedOnTimeRate = rate(st.RepliedOnTime, st.Accepted)
	st.ResolutionRate = rate(st.Resolved, st.Replied)
	st.ImplementationRate = rate(st.PromisesFulfilled, st.PromisesDue)
	st.SatisfactionRate = rate(st.Satisfied+st.BasicallySatisfied, st.Rated)
	st.From, st.To = sh(f.From).Format(time.RFC3339), sh(f.To).Format(time.RFC3339)
	return &st, nil
}

// acceptanceDue is how many of st's messages were due for acceptance: those
// not rejected, less those still within their deadline.
func (st *Stats) acceptanceDue() int { return st.Received - st.Rejected - st.AwaitingAcceptance }

// awaitingAcceptance counts the messages of f (its period filled) still
// waiting for acceptance within their deadline at now: they were submitted
// in the last days, so the count reads a few days of idx_messages_time.
func (s *Service) awaitingAcceptance(ctx context.Context, q store.Queryer, p *access.Principal, f StatsFilter, now time.Time) (int, error) {
	// Only the messages of the last few days can still be within their
	// deadline: the earliest day whose deadline (today's rules) is after
	// now, and a day more.
	if recent := s.earliestWaiting(now); f.From.Before(recent) {
		f.From = recent
	}
	if !f.From.Before(f.To) {
		return 0, nil
	}
	waiting := 0
	where, args := f.where(p)
	if err := q.GetContext(ctx, &waiting, `SELECT `+f.joinOrder(p.Scope())+` COUNT(*) FROM messages m JOIN stations s ON s.id = m.station_id
		WHERE `+where+` AND m.status = 'submitted' AND m.accept_due > ?`, append(args, now)...); err != nil {
		return 0, fmt.Errorf("messages: waiting for acceptance: %w", err)
	}
	return waiting, nil
}

// earliestWaiting is the start of the earliest day a message could have
// arrived on and still be within its acceptance deadline at now, less a day.
func (s *Service) earliestWaiting(now time.Time) time.Time {
	d := sh(now)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, clock.Shanghai)
	for i := 0; i < 60 && s.Rules.Calendar.Deadline(day.AddDate(0, 0, -1), s.Rules.AcceptWithinWorkdays).After(now); i++ {
		day = day.AddDate(0, 0, -1)
	}
	return day.AddDate(0, 0, -1).UTC()
}

// counties is the filter as county-code prefixes that must all hold (the
// scope's, any of which; the area asked for), when it can be said so.
func (f StatsFilter) counties(scope access.Scope) ([][]string, bool) {
	if f.StationID != 0 || f.UnitID != 0 || (!scope.All && (len(scope.StationIDs) > 0 || len(scope.AreaPrefixes) == 0)) {
		return nil, false
	}
	var all [][]string
	if !scope.All {
		all = append(all, scope.AreaPrefixes)
	}
	if f.AreaCode != "" {
		all = append(all, []string{access.AreaPrefix(f.AreaCode)})
	}
	for _, alt := range all {
		for _, p := range alt {
			if len(p) > 6 {
				return nil, false
			}
		}
	}
	return all, true
}

// countySQL is counties as a condition on col.
func countySQL(counties [][]string, col string) (string, []any) {
	parts, args := []string{"1=1"}, []any{}
	for _, alt := range counties {
		or := make([]string, len(alt))
		for i, p := range alt {
			or[i] = col + " LIKE ?"
			args = append(args, p+"%")
		}
		parts = append(parts, "("+strings.Join(or, " OR ")+")")
	}
	return strings.Join(parts, " AND "), args
}

// countTallied adds to st the tallies of the period's whole days (Asia/
// Shanghai) and, from the messages, the hours before the first and after the
// last, and the promises due that are not tallied yet.
func (s *Service) countTallied(ctx context.Context, q store.Queryer, p *access.Principal, f StatsFilter, counties [][]string, now time.Time, st *Stats) error {
	first, last := sh(f.From), sh(f.To)
	first = time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, clock.Shanghai)
	if first.Before(f.From) {
		first = first.AddDate(0, 0, 1)
	}
	last = time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, clock.Shanghai)
	if !first.Before(last) {
		return s.countLive(ctx, q, p, f, now, st)
	}
	for _, edge := range []StatsFilter{{From: f.From, To: first}, {From: last, To: f.To}} {
		if !edge.From.Before(edge.To) {
			continue
		}
		edge.AreaCode = f.AreaCode
		if err := s.countLive(ctx, q, p, edge, now, st); err != nil {
			return err
		}
	}
	where, args := countySQL(counties, "county_code")
	var days Stats
	err := q.GetContext(ctx, &days, `SELECT `+tallySums+` FROM message_tallies WHERE `+tallyRows(first, last)+` AND `+where, args...)
	if err != nil {
		return fmt.Errorf("messages: tallies: %w", err)
	}
	var open int
	err = q.GetContext(ctx, &open, `SELECT COUNT(*) FROM messages WHERE promise_lapsed = FALSE AND fulfilled IS NULL AND promise_due_at <= ?
		AND created_at >= ? AND created_at < ? AND `+where, append([]any{now, first.UTC(), last.UTC()}, args...)...)
	if err != nil {
		return fmt.Errorf("messages: promises due: %w", err)
	}
	days.PromisesDue += open
	st.add(days)
	return nil
}

// countLive adds to st the messages of the filter, read one by one.
func (s *Service) countLive(ctx context.Context, q store.Queryer, p *access.Principal, f StatsFilter, now time.Time, st *Stats) error {
	where, args := f.where(p)
	var n Stats
	err := q.GetContext(ctx, &n, `SELECT `+f.joinOrder(p.Scope())+` `+liveCounts+`
		FROM messages m JOIN stations s ON s.id = m.station_id WHERE `+where, append([]any{now}, args...)...)
	if err != nil {
		return fmt.Errorf("messages: stats: %w", err)
	}
	st.add(n)
	return nil
}

// tallySums add up message_tallies' rows into Stats, the tallied part of the
// promises due among them.
var tallySums = func() string {
	sums := make(map[string][2]string, len(tallyColumns))
	for _, col := range tallyColumns {
		sums[col] = [2]string{"SUM(" + col + ")", col}
	}
	sums["promises_settled"] = [2]string{"SUM(promises_settled)", "promises_due"}
	return countsSQL(tallyColumns, sums)
}()

// tallyRows selects the tallies of the days [first, last) (Shanghai
// midnights): the months in it whole, and the days of the months at either
// end it has only part of.
func tallyRows(first, last time.Time) string {
	d := func(t time.Time) string { return "'" + t.Format(time.DateOnly) + "'" }
	days := func(from, to time.Time) string {
		return "(month = FALSE AND day >= " + d(from) + " AND day < " + d(to) + ")"
	}
	months := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, clock.Shanghai)
	if months.Before(first) {
		months = months.AddDate(0, 1, 0)
	}
	monthsEnd := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, clock.Shanghai)
	if !months.Before(monthsEnd) {
		return days(first, last)
	}
	return "(" + days(first, months) + " OR (month = TRUE AND day >= " + d(months) + " AND day < " + d(monthsEnd) + ") OR " + days(monthsEnd, last) + ")"
}

// liveCounts are the counts of messages m with the promises due as of the
// time given first.
var liveCounts = countsSQL(tallyColumns, map[string][2]string{
	"promises_settled": {"SUM(m.promise_due_at IS NOT NULL AND (m.promise_due_at <= ? OR m.fulfilled IS NOT NULL))", "promises_due"},
})

// add adds o's counts to st's.
func (st *Stats) add(o Stats) {
	st.Received += o.Received
	st.Rejected += o.Rejected
	st.Accepted += o.Accepted
	st.AcceptedOnTime += o.AcceptedOnTime
	st.Replied += o.Replied
	st.RepliedOnTime += o.RepliedOnTime
	st.Rated += o.Rated
	st.Satisfied += o.Satisfied
	st.BasicallySatisfied += o.BasicallySatisfied
	st.Unsatisfied += o.Unsatisfied
	st.Resolved += o.Resolved
	st.PromisesDue += o.PromisesDue
	st.PromisesFulfilled += o.PromisesFulfilled
}

// rate is n/of rounded to four places, nil when of is zero.
func rate(n, of int) *float64 {
	if of <= 0 {
		return nil
	}
	v := float64(int(float64(n)/float64(of)*10000+0.5)) / 10000
	return &v
}

// DeputyCount is how many messages were assigned to a deputy, and how many
// of those were replied.
type DeputyCount struct {
	Assigned int `db:"assigned"`
	Replied  int `db:"replied"`
}

// DeputyMessageCounts counts, per deputy among ids, the messages assigned to
// them that were received in [from, to), for their performance file.
func (s *Service) DeputyMessageCounts(ctx context.Context, ids []int64, from, to time.Time) (map[int64]DeputyCount, error) {
	out := make(map[int64]DeputyCount, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := store.In(`SELECT deputy_id, COUNT(*) AS assigned, SUM(replied_at IS NOT NULL) AS replied FROM messages
		WHERE deputy_id IN (?) AND created_at >= ? AND created_at < ? GROUP BY deputy_id`, ids, from, to)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		DeputyID int64 `db:"deputy_id"`
		DeputyCount
	}
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("messages: deputy counts: %w", err)
	}
	for _, r := range rows {
		out[r.DeputyID] = r.DeputyCount
	}
	return out, nil
}

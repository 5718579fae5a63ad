package messages

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// Region-wide statistics add up message_tallies, a row per county and day
// of arrival, instead of reading every message of the period. A tally moves
// in the transaction that changes a message, by the difference the change
// makes: changeTallied reads the message's counted columns before and after
// and writes the difference. Every write of a counted column goes through
// it (intake, the handling steps, the author's rating and follow-up answer,
// the unrated scan, the lapsed-promise scan and a station's move);
// VerifyTallies, run after the tests, holds them to a count from scratch.

// tallyColumns are message_tallies' counts, in the order of a tally.
var tallyColumns = []string{"received", "rejected", "accepted", "accepted_on_time", "replied", "replied_on_time",
	"rated", "satisfied", "basically_satisfied", "unsatisfied", "resolved", "promises_settled", "promises_fulfilled"}

// tally is one county-day's counts, in tallyColumns' order.
type tally [13]int

// tallied is what of a message its tally counts.
type tallied struct {
	ID            int64      `db:"id"`
	CountyCode    string     `db:"county_code"`
	Category      string     `db:"category"`
	CreatedAt     time.Time  `db:"created_at"`
	Status        string     `db:"status"`
	AcceptDue     time.Time  `db:"accept_due"`
	ReplyDue      time.Time  `db:"reply_due"`
	AcceptedAt    *time.Time `db:"accepted_at"`
	RepliedAt     *time.Time `db:"replied_at"`
	Rating        *string    `db:"rating"`
	Fulfilled     *bool      `db:"fulfilled"`
	PromiseDueAt  *time.Time `db:"promise_due_at"`
	PromiseLapsed bool       `db:"promise_lapsed"`
}

// counts is the message's share of its tally; the definitions are
// MessageStats' (openapi/messages.yaml), and talliesFromScratch's in SQL.
// A promise is settled when its author answered the follow-up or its due
// date passed (promise_lapsed): then it counts among the promises due.
func (m tallied) counts() tally {
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	rating := ""
	if m.Rating != nil {
		rating = *m.Rating
	}
	fulfilled := m.Fulfilled != nil && *m.Fulfilled
	return tally{
		1,
		b(m.Status == StatusRejected),
		b(m.AcceptedAt != nil),
		b(m.AcceptedAt != nil && !m.AcceptedAt.After(m.AcceptDue)),
		b(m.RepliedAt != nil),
		b(m.RepliedAt != nil && !m.RepliedAt.After(m.ReplyDue)),
		b(m.Rating != nil),
		b(rating == RatingSatisfied),
		b(rating == RatingBasicallySatisfied),
		b(rating == RatingUnsatisfied),
		b(m.RepliedAt != nil && (rating == RatingSatisfied || rating == RatingBasicallySatisfied || fulfilled)),
		b(m.PromiseDueAt != nil && (m.Fulfilled != nil || m.PromiseLapsed)),
		b(fulfilled),
	}
}

// tallyKey is a row of message_tallies: a county's day (Asia/Shanghai), or
// its month when Month is set (Day is then the month's first). With a
// Category it is a row of message_category_tallies instead: the county's
// month (Month set) of that category, which counts only the received.
type tallyKey struct {
	Month      bool
	Day        string
	CountyCode string
	Category   string
}

// keys are the rows that count m: its day's, its month's, and its month's
// of its category.
func (m tallied) keys() [3]tallyKey {
	d := sh(m.CreatedAt)
	month := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, clock.Shanghai).Format(time.DateOnly)
	return [3]tallyKey{
		{Day: d.Format(time.DateOnly), CountyCode: m.CountyCode},
		{Month: true, Day: month, CountyCode: m.CountyCode},
		{Month: true, Day: month, CountyCode: m.CountyCode, Category: m.Category},
	}
}

func (k tallyKey) String() string {
	if k.Category != "" {
		return "category " + k.Category + " month " + k.Day + " " + k.CountyCode
	}
	if k.Month {
		return "month " + k.Day + " " + k.CountyCode
	}
	return k.Day + " " + k.CountyCode
}

// countyOf is the tally's county of a station in area: the code's first six
// digits (a county, or the city or region a station directly under it is).
func countyOf(area string) string {
	if len(area) > 6 {
		return area[:6]
	}
	return area
}

// A tallyChange is the difference a transaction makes to the tallies.
type tallyChange map[tallyKey]*tally

const talliedColumns = `id, county_code, category, created_at, status, accept_due, reply_due, accepted_at, replied_at,
	rating, fulfilled, promise_due_at, promise_lapsed`

// read adds (sign 1) or takes away (sign -1) the counts of the messages ids
// as tx sees them now, locking them.
func (c tallyChange) read(ctx context.Context, tx *sqlx.Tx, sign int, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	q, args, err := store.In(`SELECT `+talliedColumns+` FROM messages WHERE id IN (?) FOR UPDATE`, ids)
	if err != nil {
		return err
	}
	var ms []tallied
	if err := tx.SelectContext(ctx, &ms, q, args...); err != nil {
		return fmt.Errorf("messages: read tallied: %w", err)
	}
	for _, m := range ms {
		n := m.counts()
		for _, k := range m.keys() {
			t := c[k]
			if t == nil {
				t = &tally{}
				c[k] = t
			}
			for i := range t {
				t[i] += sign * n[i]
			}
		}
	}
	return nil
}

// write adds the difference to the tallies, in key order (two transactions
// changing the same tallies take their locks in one order).
func (c tallyChange) write(ctx context.Context, tx *sqlx.Tx) error {
	var args, catArgs []any
	rows, catRows := 0, 0
	for _, k := range slices.SortedFunc(maps.Keys(c), func(a, b tallyKey) int {
		return strings.Compare(k0(a), k0(b))
	}) {
		t := c[k]
		if k.Category != "" {
			if t[0] != 0 {
				catArgs = append(catArgs, k.Day, k.CountyCode, k.Category, t[0])
				catRows++
			}
			continue
		}
		if *t == (tally{}) {
			continue
		}
		args = append(args, k.Month, k.Day, k.CountyCode)
		for _, n := range t {
			args = append(args, n)
		}
		rows++
	}
	if catRows > 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO message_category_tallies (month, county_code, category, received) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?,?,?,?),", catRows), ",")+` ON DUPLICATE KEY UPDATE received = received + VALUES(received)`, catArgs...)
		if err != nil {
			return fmt.Errorf("messages: write category tallies: %w", err)
		}
	}
	if rows == 0 {
		return nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(tallyColumns)+3), ",") + ")"
	adds := make([]string, len(tallyColumns))
	for i, col := range tallyColumns {
		adds[i] = col + " = " + col + " + VALUES(" + col + ")"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO message_tallies (month, day, county_code, `+strings.Join(tallyColumns, ", ")+`) VALUES `+
		strings.TrimSuffix(strings.Repeat(row+",", rows), ",")+` ON DUPLICATE KEY UPDATE `+strings.Join(adds, ", "), args...)
	if err != nil {
		return fmt.Errorf("messages: write tallies: %w", err)
	}
	return nil
}

// k0 orders keys as message_tallies' primary key does (and the category
// rows as message_category_tallies' does, after them).
func k0(k tallyKey) string {
	if k.Category != "" {
		return "2" + k.Day + k.CountyCode + " " + k.Category
	}
	if k.Month {
		return "1" + k.Day + k.CountyCode
	}
	return "0" + k.Day + k.CountyCode
}

// changeTallied runs change, which writes the messages ids in tx, and moves
// their tallies by the difference it made.
func changeTallied(ctx context.Context, tx *sqlx.Tx, ids []int64, change func() error) error {
	c := tallyChange{}
	if err := c.read(ctx, tx, -1, ids...); err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	if err := c.read(ctx, tx, 1, ids...); err != nil {
		return err
	}
	return c.write(ctx, tx)
}

// countSQL is each count of the statistics as an aggregate over messages m
// (MessageStats' definitions). promises_settled is the tallied part of the
// promises due: answered, or lapsed by the scan.
var countSQL = map[string]string{
	"received":            "COUNT(*)",
	"rejected":            "SUM(m.status = 'rejected')",
	"accepted":            "SUM(m.accepted_at IS NOT NULL)",
	"accepted_on_time":    "SUM(m.accepted_at IS NOT NULL AND m.accepted_at <= m.accept_due)",
	"replied":             "SUM(m.replied_at IS NOT NULL)",
	"replied_on_time":     "SUM(m.replied_at IS NOT NULL AND m.replied_at <= m.reply_due)",
	"rated":               "SUM(m.rating IS NOT NULL)",
	"satisfied":           "SUM(m.rating = 'satisfied')",
	"basically_satisfied": "SUM(m.rating = 'basically_satisfied')",
	"unsatisfied":         "SUM(m.rating = 'unsatisfied')",
	"resolved":            "SUM(m.replied_at IS NOT NULL AND (m.rating IN ('satisfied', 'basically_satisfied') OR m.fulfilled = 1))",
	"promises_settled":    "SUM(m.promise_due_at IS NOT NULL AND (m.fulfilled IS NOT NULL OR m.promise_lapsed))",
	"promises_fulfilled":  "SUM(m.fulfilled = 1)",
}

// countsSQL is the select list of the counts named, each zero when no row
// counts, under its name; instead of a count, as gives another aggregate
// and its name.
func countsSQL(names []string, instead map[string][2]string) string {
	out := make([]string, len(names))
	for i, n := range names {
		expr, name := countSQL[n], n
		if alt, ok := instead[n]; ok {
			expr, name = alt[0], alt[1]
		}
		out[i] = "COALESCE(" + expr + ", 0) AS " + name
	}
	return strings.Join(out, ", ")
}

// tallyFromScratch counts message_tallies' rows of days (the format gives
// the day of a message's arrival) or months (its month's first) from the
// messages, as migration 0048 first filled them.
func tallyFromScratch(month bool, format string) string {
	return `SELECT ` + fmt.Sprint(month) + ` AS month, DATE_FORMAT(m.created_at + INTERVAL 8 HOUR, '` + format + `') AS day, m.county_code, ` +
		countsSQL(tallyColumns, nil) + ` FROM messages m GROUP BY 2, 3`
}

var (
	daysFromScratch   = tallyFromScratch(false, "%Y-%m-%d")
	monthsFromScratch = tallyFromScratch(true, "%Y-%m-01")
	// categoriesFromScratch counts message_category_tallies' rows from the
	// messages, as migration 0051 first filled them.
	categoriesFromScratch = `SELECT DATE_FORMAT(created_at + INTERVAL 8 HOUR, '%Y-%m-01') AS month, county_code, category, COUNT(*) AS received
		FROM messages GROUP BY 1, 2, 3`
	// monthsFromDays adds up the days' rows into their months'.
	monthsFromDays = `SELECT TRUE, DATE_FORMAT(day, '%Y-%m-01'), county_code, ` + tallySumsAs(tallyColumns) +
		` FROM message_tallies WHERE month = FALSE GROUP BY 2, 3`
)

// tallySumsAs is the sum of each tally column under its own name.
func tallySumsAs(cols []string) string {
	sums := make([]string, len(cols))
	for i, col := range cols {
		sums[i] = "SUM(" + col + ")"
	}
	return strings.Join(sums, ", ")
}

// VerifyTallies compares message_tallies with a count from scratch, and each
// message's county with its station's area, in one snapshot; it returns what
// differs. Tests run it after the messages changed.
func VerifyTallies(ctx context.Context, db *store.DB) error {
	var wrong []string
	err := db.Tx(ctx, func(tx *sqlx.Tx) error {
		wrong = nil
		var moved []int64
		if err := tx.SelectContext(ctx, &moved, `SELECT m.id FROM messages m JOIN stations s ON s.id = m.station_id
			WHERE m.county_code <> LEFT(s.area_code, 6) LIMIT 10`); err != nil {
			return err
		}
		if len(moved) > 0 {
			wrong = append(wrong, fmt.Sprintf("messages %v are filed under another county than their station's", moved))
		}
		want, err := readTallies(ctx, tx, daysFromScratch)
		if err != nil {
			return err
		}
		months, err := readTallies(ctx, tx, monthsFromScratch)
		if err != nil {
			return err
		}
		maps.Copy(want, months)
		got, err := readTallies(ctx, tx, `SELECT month, DATE_FORMAT(day, '%Y-%m-%d'), county_code, `+strings.Join(tallyColumns, ", ")+` FROM message_tallies`)
		if err != nil {
			return err
		}
		cats, err := readTallies(ctx, tx, `SELECT TRUE, x.month, x.county_code, x.category, x.received FROM (`+categoriesFromScratch+`) x`)
		if err != nil {
			return err
		}
		maps.Copy(want, cats)
		gotCats, err := readTallies(ctx, tx, `SELECT TRUE, DATE_FORMAT(month, '%Y-%m-%d'), county_code, category, received FROM message_category_tallies`)
		if err != nil {
			return err
		}
		maps.Copy(got, gotCats)
		for k, t := range want {
			if got[k] != t {
				wrong = append(wrong, fmt.Sprintf("%s: tallied %v, counted %v", k, got[k], t))
			}
		}
		for k, t := range got {
			if _, ok := want[k]; !ok {
				wrong = append(wrong, fmt.Sprintf("%s: tallied %v, no messages", k, t))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(wrong) > 0 {
		slices.Sort(wrong)
		more := ""
		if len(wrong) > 10 {
			wrong, more = wrong[:10], fmt.Sprintf("; and %d more", len(wrong)-10)
		}
		return fmt.Errorf("message tallies (columns %s): %s%s", strings.Join(tallyColumns, ","), strings.Join(wrong, "; "), more)
	}
	return nil
}

// readTallies reads rows of (month, day, county, counts…), or of (TRUE,
// month, county, category, received), leaving out those that count nothing.
func readTallies(ctx context.Context, tx *sqlx.Tx, query string) (map[tallyKey]tally, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	category := len(cols) == 5
	out := map[tallyKey]tally{}
	for rows.Next() {
		var k tallyKey
		var t tally
		dest := []any{&k.Month, &k.Day, &k.CountyCode}
		if category {
			dest = append(dest, &k.Category, &t[0])
		} else {
			for i := range t {
				dest = append(dest, &t[i])
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if t != (tally{}) {
			out[k] = t
		}
	}
	return out, rows.Err()
}

// RebuildTallies files the messages under their stations' counties, marks
// the promises lapsed by now, and counts message_tallies again, after rows
// were written past the service (the province seed does).
func RebuildTallies(ctx context.Context, db *store.DB, now time.Time) error {
	return db.Tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE messages m JOIN stations s ON s.id = m.station_id SET m.county_code = LEFT(s.area_code, 6)
			WHERE m.county_code <> LEFT(s.area_code, 6)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET promise_lapsed = TRUE
			WHERE promise_lapsed = FALSE AND fulfilled IS NULL AND promise_due_at <= ?`, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM message_tallies`); err != nil {
			return err
		}
		into := `INSERT INTO message_tallies (month, day, county_code, ` + strings.Join(tallyColumns, ", ") + `) `
		if _, err := tx.ExecContext(ctx, into+daysFromScratch); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, into+monthsFromDays); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM message_category_tallies`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO message_category_tallies (month, county_code, category, received) `+categoriesFromScratch)
		return err
	})
}

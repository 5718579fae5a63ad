// Package province fills a database with a province's worth of liaison data
// (Guangxi: 116 000 deputies, 11 000 stations, 1 000 000 messages, 100 000
// activities), for the province benchmarks and, at a small size, for the
// test that the hot queries use indexes. It is a test fixture: it writes
// every table directly with multi-row INSERTs, not through the capabilities.
package province

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// Size is how much Seed writes.
type Size struct {
	Stations   int
	Deputies   int
	Messages   int
	Activities int
	// Invitees is how many deputies of its station an activity invites, at most.
	Invitees int
}

// Guangxi is the Guangxi Zhuang Autonomous Region's size.
var Guangxi = Size{Stations: 11_000, Deputies: 116_000, Messages: 1_000_000, Activities: 100_000, Invitees: 10}

func (s Size) String() string {
	return fmt.Sprintf("stations=%d deputies=%d messages=%d activities=%d invitees=%d", s.Stations, s.Deputies, s.Messages, s.Activities, s.Invitees)
}

// Fixed openids of the users Seed creates, to sign in as them.
const (
	CitizenOpenID = "province-citizen"
	DeputyOpenID  = "province-deputy"
)

// County is the county whose staff the benchmarks and the EXPLAIN test act
// as: 兴宁区 of 南宁市.
const County = "450102"

// Epoch is where the seeded history starts; it runs three years (to the end of October 2026).
var Epoch = time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC)

const span = 3 * 365 * 24 * time.Hour

// Seed fills db, migrated and empty, with size's rows, the areas of
// configs/areas/guangxi.csv and two users (CitizenOpenID, DeputyOpenID).
// Phones are sealed with box, as the service seals them.
func Seed(ctx context.Context, db *store.DB, box *pii.Box, size Size) error {
	f, err := os.Open(filepath.Join(root(), "configs", "areas", "guangxi.csv"))
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := registry.ImportAreas(ctx, db, f); err != nil {
		return fmt.Errorf("province: areas: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Session settings only: nothing changes for other clients of the server.
	if _, err := conn.ExecContext(ctx, "SET SESSION foreign_key_checks = 0, unique_checks = 0"); err != nil {
		return err
	}
	s := &seeder{ctx: ctx, conn: conn, box: box, size: size, rnd: rand.New(rand.NewPCG(13, 4))}
	for _, step := range []func() error{s.stations, s.deputies, s.users, s.messages, s.activities} {
		if err := step(); err != nil {
			return fmt.Errorf("province: %w", err)
		}
	}
	// The rows went past the service: the statistics' tallies are counted
	// from them (and the promises due by now marked lapsed).
	if err := messages.RebuildTallies(ctx, db, time.Now()); err != nil {
		return fmt.Errorf("province: tallies: %w", err)
	}
	for _, table := range []string{"areas", "stations", "deputies", "station_deputies", "users", "user_roles", "messages", "message_tallies", "activities", "activity_invitees", "activity_checkins", "notifications"} {
		if _, err := conn.ExecContext(ctx, "ANALYZE TABLE "+table); err != nil {
			return err
		}
	}
	return nil
}

type seeder struct {
	ctx  context.Context
	conn *sql.Conn
	box  *pii.Box
	size Size
	rnd  *rand.Rand
	// members[i] are the deputies of station i+1.
	members [][]int64
	areas   []string // the area of each station, by station id - 1
}

// root is the repository's root folder.
func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// batch collects rows for one multi-row INSERT of at most 1 000 rows.
type batch struct {
	s      *seeder
	head   string
	tuple  string
	rows   int
	args   []any
	values strings.Builder
}

func (s *seeder) batch(head string, cols int) *batch {
	return &batch{s: s, head: head, tuple: "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"}
}

func (b *batch) add(args ...any) error {
	if b.rows > 0 {
		b.values.WriteByte(',')
	}
	b.values.WriteString(b.tuple)
	b.args = append(b.args, args...)
	b.rows++
	if b.rows == 1000 {
		return b.flush()
	}
	return nil
}

func (b *batch) flush() error {
	if b.rows == 0 {
		return nil
	}
	_, err := b.s.conn.ExecContext(b.s.ctx, b.head+" VALUES "+b.values.String(), b.args...)
	b.rows, b.args = 0, b.args[:0]
	b.values.Reset()
	return err
}

// at is a random time of the seeded three years, at millisecond precision.
func (s *seeder) at() time.Time {
	return Epoch.Add(time.Duration(s.rnd.Int64N(int64(span)))).Truncate(time.Millisecond)
}

// stations spreads the stations over the townships, a tenth at the counties.
func (s *seeder) stations() error {
	var townships, counties []string
	rows, err := s.conn.QueryContext(s.ctx, "SELECT code, level FROM areas ORDER BY code")
	if err != nil {
		return err
	}
	for rows.Next() {
		var code, level string
		if err := rows.Scan(&code, &level); err != nil {
			rows.Close()
			return err
		}
		switch level {
		case "township":
			townships = append(townships, code)
		case "county":
			counties = append(counties, code)
		}
	}
	rows.Close()
	b := s.batch("INSERT INTO stations (id, name, kind, area_code, address, latitude, longitude, created_at, updated_at)", 9)
	for i := 1; i <= s.size.Stations; i++ {
		area := townships[i%len(townships)]
		if i%10 == 0 {
			area = counties[i%len(counties)]
		}
		s.areas = append(s.areas, area)
		created := Epoch.Add(-time.Duration(s.size.Stations-i) * time.Hour)
		if err := b.add(i, fmt.Sprintf("第%d联络站", i), "community", area, "广西", 22.8+s.rnd.Float64(), 108.3+s.rnd.Float64(), created, created); err != nil {
			return err
		}
	}
	return b.flush()
}

// levels of the deputies: per 116 000, about 90 national, 700 regional,
// 5 000 city, 25 000 county and the rest township deputies.
func level(i, n int) string {
	switch f := float64(i) / float64(n); {
	case f < 0.0008:
		return "national"
	case f < 0.0068:
		return "regional"
	case f < 0.05:
		return "city"
	case f < 0.265:
		return "county"
	}
	return "township"
}

// deputies gives each station about Deputies/Stations deputies; one in
// twenty also belongs to a second station (mixed grouping).
func (s *seeder) deputies() error {
	s.members = make([][]int64, s.size.Stations)
	b := s.batch("INSERT INTO deputies (id, name, phone_enc, phone_hash, levels, grassroots, employer_name, active, created_at, updated_at)", 10)
	sd := s.batch("INSERT INTO station_deputies (station_id, deputy_id, created_at)", 3)
	for i := 1; i <= s.size.Deputies; i++ {
		phone := fmt.Sprintf("139%08d", i)
		enc, err := s.box.Seal(phone)
		if err != nil {
			return err
		}
		created := Epoch.Add(-time.Duration(s.size.Deputies-i) * time.Minute)
		if err := b.add(i, fmt.Sprintf("代表%d", i), enc, s.box.Hash(phone), level(i, s.size.Deputies), i%3 == 0, "某单位", 1, created, created); err != nil {
			return err
		}
		st := (i-1)%s.size.Stations + 1
		s.members[st-1] = append(s.members[st-1], int64(i))
		if err := sd.add(st, i, created); err != nil {
			return err
		}
		if i%20 == 0 {
			other := (st+s.size.Stations/2)%s.size.Stations + 1
			s.members[other-1] = append(s.members[other-1], int64(i))
			if err := sd.add(other, i, created); err != nil {
				return err
			}
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	return sd.flush()
}

// users are the citizen who wrote some messages, a deputy of station 1,
// and one in four of the other deputies, signed in with the role deputy.
func (s *seeder) users() error {
	_, err := s.conn.ExecContext(s.ctx, `INSERT INTO users (id, openid, deputy_id, created_at, last_login_at) VALUES
		(1, ?, NULL, ?, ?), (2, ?, ?, ?, ?)`, CitizenOpenID, Epoch, Epoch, DeputyOpenID, s.members[0][0], Epoch, Epoch)
	if err != nil {
		return err
	}
	u := s.batch("INSERT INTO users (id, openid, deputy_id, created_at, last_login_at)", 5)
	r := s.batch("INSERT INTO user_roles (user_id, role, deputy_id, created_at)", 4)
	for d := 4; d <= s.size.Deputies; d += 4 {
		if int64(d) == s.members[0][0] {
			continue
		}
		at := s.at()
		if err := u.add(d+2, fmt.Sprintf("province-deputy-%d", d), d, at, at); err != nil {
			return err
		}
		if err := r.add(d+2, "deputy", d, at); err != nil {
			return err
		}
	}
	if _, err := s.conn.ExecContext(s.ctx, `INSERT INTO user_roles (user_id, role, deputy_id, created_at) VALUES (2, 'deputy', ?, ?)`, s.members[0][0], Epoch); err != nil {
		return err
	}
	if err := u.flush(); err != nil {
		return err
	}
	return r.flush()
}

var statusMix = []string{"closed", "closed", "closed", "closed", "closed", "closed", "closed", "closed", "closed", "closed",
	"closed", "closed", "replied", "replied", "replied", "submitted", "accepted", "assigned", "promised", "rejected"}

var categories = []string{"urban_rural", "social_security", "education", "health", "transport", "environment", "economy", "rural_revitalization", "governance", "other"}

var ratings = []string{"satisfied", "satisfied", "satisfied", "basically_satisfied", "unsatisfied"}

// messages are spread over the stations and the three years; one in 20 000
// is the citizen's.
func (s *seeder) messages() error {
	b := s.batch(`INSERT INTO messages (id, code, station_id, county_code, user_id, category, content, status, deputy_id, reply, promise_due_at, fulfilled,
		rating, accept_due, reply_due, accepted_at, replied_at, rated_at, closed_at, publish, created_at, updated_at)`, 22)
	for i := 1; i <= s.size.Messages; i++ {
		created := s.at()
		st := s.rnd.IntN(s.size.Stations) + 1
		status := statusMix[s.rnd.IntN(len(statusMix))]
		var user, deputy, reply, promiseDue, fulfilled, rating, accepted, replied, rated, closed any
		if i%20_000 == 1 {
			user = 1
		}
		if m := s.members[st-1]; len(m) > 0 && status != "submitted" && status != "rejected" && status != "accepted" {
			deputy = m[s.rnd.IntN(len(m))]
		}
		if status != "submitted" {
			accepted = created.Add(time.Duration(s.rnd.IntN(72)) * time.Hour)
		}
		switch status {
		case "replied", "closed", "promised":
			replied = created.Add(time.Duration(24+s.rnd.IntN(400)) * time.Hour)
			reply = "已答复：相关部门正在处理。"
		}
		if status == "promised" {
			promiseDue = created.Add(60 * 24 * time.Hour)
		}
		if status == "closed" {
			closed = replied
			if s.rnd.IntN(3) > 0 {
				rating, rated = ratings[s.rnd.IntN(len(ratings))], replied
				fulfilled = nil
			}
		}
		if err := b.add(i, fmt.Sprintf("PV%08d", i), st, s.areas[st-1][:6], user, categories[i%len(categories)], "村口的路灯坏了很久，晚上出行不便，请帮助协调维修。",
			status, deputy, reply, promiseDue, fulfilled, rating, created.Add(48*time.Hour), created.Add(15*24*time.Hour),
			accepted, replied, rated, closed, i%7 == 0, created, created); err != nil {
			return err
		}
	}
	return b.flush()
}

var kinds = []string{"reception_day", "visit", "publicity", "study", "opinion_meeting", "report_review", "survey", "satisfaction_review"}

// activities: nine in ten published (of which two thirds of the invitees
// checked in once it ended), the rest drafts and cancelled ones; each invites
// up to Invitees deputies of its station, and a published one has a notice
// row per invitee.
func (s *seeder) activities() error {
	a := s.batch(`INSERT INTO activities (id, station_id, kind, title, description, start_at, end_at, venue, checkin_radius_m, invitees,
		status, version, secret, published_at, created_at, updated_at)`, 16)
	inv := s.batch("INSERT INTO activity_invitees (activity_id, deputy_id, rsvp, created_at)", 4)
	chk := s.batch("INSERT INTO activity_checkins (activity_id, deputy_id, method, checked_in_at)", 4)
	notes := s.batch(`INSERT INTO notifications (kind, channel, recipient_type, recipient_id, station_id, template, params, subject, dedupe_key,
		status, attempts, not_before, sent_at, created_at, updated_at)`, 15)
	now := time.Now()
	for i := 1; i <= s.size.Activities; i++ {
		st := s.rnd.IntN(s.size.Stations) + 1
		start := s.at().Truncate(time.Hour)
		created := start.Add(-time.Duration(24+s.rnd.IntN(24*20)) * time.Hour)
		status, version := "published", 1
		var published any = created
		switch s.rnd.IntN(10) {
		case 0:
			status, version, published = "draft", 0, nil
		case 1:
			status = "cancelled"
		}
		if err := a.add(i, st, kinds[i%len(kinds)], "代表进站接待群众", "", start, start.Add(2*time.Hour), "联络站会议室", 300, "{}",
			status, version, "0123456789abcdef", published, created, created); err != nil {
			return err
		}
		if status == "draft" {
			continue
		}
		m := s.members[st-1]
		for j, d := range m[:min(len(m), s.size.Invitees)] {
			rsvp := ""
			if j%5 == 0 {
				rsvp = "leave"
			}
			if err := inv.add(i, d, rsvp, created); err != nil {
				return err
			}
			if i%5 == 0 {
				if err := notes.add("activity_notice", "wechat", "deputy", d, st, "tmpl-notice", "{}", fmt.Sprintf("activity:%d", i),
					fmt.Sprintf("activity_notice:%d:%d:1", i, d), "sent", 1, created, created, created, created); err != nil {
					return err
				}
			}
			if status == "published" && start.Add(2*time.Hour).Before(now) && rsvp == "" && s.rnd.IntN(3) > 0 {
				if err := chk.add(i, d, "code", start.Add(10*time.Minute)); err != nil {
					return err
				}
			}
		}
	}
	for _, b := range []*batch{a, inv, chk, notes} {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

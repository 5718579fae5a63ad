package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/province"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// bigTables grow with a province's people and years: a full scan of one is
// a query that gets slower every month.
var bigTables = []string{"messages", "message_events", "message_tallies", "activities", "activity_invitees", "activity_checkins",
	"deputies", "station_deputies", "notifications", "users", "sessions", "user_roles", "audit_log"}

// explainSize is enough rows that the optimizer prefers an index where it
// has one, and small enough to seed in a second or two.
var explainSize = province.Size{Stations: 300, Deputies: 3000, Messages: 6000, Activities: 1500, Invitees: 8}

// signInAs signs in the seeded user of openid through the fake WeChat.
func signInAs(t testing.TB, s *wired.Service, openid string) string {
	t.Helper()
	code := "code-" + openid
	s.WeChat.AddLogin(code, openid, "")
	w := s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": code})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var out struct {
		Token string `json:"token"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out))
	return out.Token
}

// hotPaths are the list and statistics requests of staff, deputies and the
// public, as the benchmarks send them.
func hotPaths(station int64, subject string) []string {
	st := fmt.Sprint(station)
	return []string{
		"/api/v1/admin/messages",
		"/api/v1/admin/messages?status=submitted",
		"/api/v1/admin/messages?station_id=" + st,
		"/api/v1/admin/messages?overdue=true",
		"/api/v1/admin/stats/messages",
		"/api/v1/admin/stats/messages?station_id=" + st,
		"/api/v1/admin/activities",
		"/api/v1/admin/activities?station_id=" + st,
		"/api/v1/admin/activities?status=published",
		"/api/v1/admin/stations",
		"/api/v1/admin/deputies",
		"/api/v1/admin/deputies?station_id=" + st,
		"/api/v1/admin/groups",
		"/api/v1/admin/units",
		"/api/v1/admin/notifications?subject=" + subject,
		"/api/v1/admin/compliance?year=2025&area_code=" + province.County,
		"/api/v1/admin/stations/" + st + "/compliance?year=2025",
		"/api/v1/admin/records?year=2025&station_id=" + st,
		"/api/v1/stations/" + st + "/answers",
	}
}

func TestHotQueriesUseIndexes(t *testing.T) {
	tap := testkit.NewSQLTap(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.MySQLDSN = tap.DSN(t, c.MySQLDSN) }))
	ctx := context.Background()
	require.NoError(t, province.Seed(ctx, s.DB.DB, s.Box, explainSize))

	region, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: "450000"})
	county, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: province.County})
	admin, _ := s.User(t, access.Grant{Role: access.RoleAdmin})
	var station int64
	require.NoError(t, s.DB.GetContext(ctx, &station, `SELECT MIN(id) FROM stations WHERE area_code LIKE ?`, province.County+"%"))
	var subject string
	require.NoError(t, s.DB.GetContext(ctx, &subject, `SELECT subject FROM notifications n JOIN stations s ON s.id = n.station_id
		WHERE s.area_code LIKE ? LIMIT 1`, province.County+"%"))
	// Two weeks of an audit log, a row a minute (MariaDB's sequence engine).
	s.DB.Exec(t, `INSERT INTO audit_log (at, actor_user_id, client_ip, action, subject, summary)
		SELECT UTC_TIMESTAMP(3) - INTERVAL seq MINUTE, 1 + seq % 50, '192.0.2.1',
			ELT(1 + seq % 4, 'station.update', 'message.reply', 'deputy.update', 'signin.ok'), CONCAT('station:', seq % 300), '修改'
		FROM seq_1_to_20000`)
	s.DB.Exec(t, `ANALYZE TABLE audit_log`) // as the province's seed does for its tables
	tap.Take()

	get := func(token, path string) {
		t.Helper()
		w := s.Do(t, "GET", path, token, nil)
		require.Equal(t, http.StatusOK, w.Code, "%s: %s", path, w.Body.String())
		// The second page too: its keyset condition is another query.
		var body map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &body)
		if next, _ := body["next_cursor"].(string); next != "" {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			w = s.Do(t, "GET", path+sep+"cursor="+next, token, nil)
			require.Equal(t, http.StatusOK, w.Code, "%s (page 2): %s", path, w.Body.String())
		}
	}
	for _, token := range []string{region, county} {
		for _, path := range hotPaths(station, subject) {
			get(token, path)
		}
	}
	get(admin, "/api/v1/admin/users")
	get(admin, "/api/v1/admin/invites")
	for _, q := range []string{"", "?action=message.reply", "?action=station.", "?subject=station:12", "?actor=7",
		"?from=2025-01-01&to=2025-01-31", "?actor=7&action=signin.ok"} {
		get(admin, "/api/v1/admin/audit"+q)
	}
	get(signInAs(t, s, province.CitizenOpenID), "/api/v1/me/messages")
	deputy := signInAs(t, s, province.DeputyOpenID)
	get(deputy, "/api/v1/me/activities")
	get(deputy, "/api/v1/me/record?year=2025")

	// The worker's side: the sweep for stuck and due notices, and a claim.
	_, err := s.Notify.Sweep(ctx)
	require.NoError(t, err)
	var pending int64
	s.DB.Exec(t, `UPDATE notifications SET status = 'pending' WHERE id = (SELECT MIN(id) FROM notifications)`)
	require.NoError(t, s.DB.GetContext(ctx, &pending, `SELECT MIN(id) FROM notifications`))
	_ = s.Notify.Send(ctx, pending)

	stmts := tap.Take()
	require.True(t, slices.ContainsFunc(stmts, func(q string) bool {
		return strings.HasPrefix(q, "UPDATE notifications SET status = 'sending'")
	}), "the claim of a notice was seen")
	checked := 0
	for _, q := range unique(stmts) {
		verb := strings.ToUpper(strings.Fields(q)[0])
		if verb != "SELECT" && verb != "UPDATE" && verb != "DELETE" {
			continue
		}
		if verb == "SELECT" && !hasFrom.MatchString(q) || strings.Contains(q, "information_schema") || strings.Contains(q, "schema_migrations") {
			continue
		}
		aliases := tableAliases(q)
		var plan []struct {
			ID           *int64  `db:"id"`
			SelectType   string  `db:"select_type"`
			Table        *string `db:"table"`
			Type         *string `db:"type"`
			PossibleKeys *string `db:"possible_keys"`
			Key          *string `db:"key"`
			KeyLen       *string `db:"key_len"`
			Ref          *string `db:"ref"`
			// rows is a number, or "1 (0%)" with a rowid filter (MariaDB).
			Rows  *string `db:"rows"`
			Extra *string `db:"Extra"`
		}
		require.NoError(t, s.DB.SelectContext(ctx, &plan, "EXPLAIN "+q), q)
		checked++
		if os.Getenv("EXPLAIN_DUMP") != "" {
			t.Logf("%s", q)
			for _, p := range plan {
				t.Logf("    %v %v %v key=%v rows=%v %v", deref(p.ID), sp(p.Table), sp(p.Type), sp(p.Key), sp(p.Rows), sp(p.Extra))
			}
		}
		for _, p := range plan {
			if p.Table == nil || p.Type == nil || *p.Type != "ALL" {
				continue
			}
			table := aliases[*p.Table]
			if table == "" {
				table = *p.Table
			}
			if slices.Contains(bigTables, table) {
				t.Errorf("full scan of %s (%s rows examined): %s", table, sp(p.Rows), q)
			}
		}
	}
	require.Greater(t, checked, 40, "the statements of the hot paths were seen")
	t.Logf("%d distinct statements explained", checked)
}

func sp(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func deref(n *int64) int64 {
	if n == nil {
		return 0
	}
	return *n
}

func unique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, q := range list {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

var hasFrom = regexp.MustCompile(`(?i)\sFROM\s`)

// fromJoin finds "FROM messages m", "JOIN stations s" and "UPDATE notifications".
var fromJoin = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|UPDATE)\s+([a-z_]+)(?:\s+(?:AS\s+)?([a-z_][a-z_0-9]*))?`)

// tableAliases maps each alias of a statement (and each table's own name)
// to its table, to read EXPLAIN's table column.
func tableAliases(q string) map[string]string {
	out := map[string]string{}
	keywords := map[string]bool{"where": true, "join": true, "left": true, "on": true, "set": true, "group": true, "order": true, "limit": true, "inner": true, "for": true}
	for _, m := range fromJoin.FindAllStringSubmatch(q, -1) {
		out[m[1]] = m[1]
		if m[2] != "" && !keywords[strings.ToLower(m[2])] {
			out[m[2]] = m[1]
		}
	}
	return out
}

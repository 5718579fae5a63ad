package api_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// galeraRow is a row as a three-node Galera cluster numbers it: each node
// hands out ids of its own series (auto_increment_increment = 3, offsets
// 1, 2, 3), so ids say nothing about time. Two rows share a time.
type galeraRow struct {
	id  int64
	at  string
	ord int // position in the list, newest first
}

var galeraRows = []galeraRow{
	{id: 31, at: "2024-03-01 08:00:00.000", ord: 8},
	{id: 2, at: "2024-03-01 09:00:00.000", ord: 7},
	{id: 3, at: "2024-03-02 08:00:00.000", ord: 6},
	{id: 34, at: "2024-03-02 08:00:00.500", ord: 5},
	{id: 5, at: "2024-03-03 10:00:00.000", ord: 3}, // same time as 40: the larger id first
	{id: 40, at: "2024-03-03 10:00:00.000", ord: 2},
	{id: 7, at: "2024-03-03 09:00:00.000", ord: 4},
	{id: 22, at: "2024-03-04 12:00:00.000", ord: 1},
	{id: 9, at: "2024-03-05 12:00:00.000", ord: 0},
}

// newestFirst is the ids of galeraRows in the order the list must give them.
func newestFirst() []int64 {
	out := make([]int64, len(galeraRows))
	for _, r := range galeraRows {
		out[r.ord] = r.id
	}
	return out
}

// pageAll follows next_cursor from the first page to the end, two rows a
// page, and returns the ids in the order served.
func pageAll(t *testing.T, s *wired.Service, token, path string) []int64 {
	t.Helper()
	var ids []int64
	cursor := ""
	for range 20 {
		w := s.Do(t, "GET", path+"?limit=2&cursor="+cursor, token, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var page listAnswer[struct {
			ID int64 `json:"id"`
		}]
		decode(t, w, &page)
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if page.NextCursor == "" {
			return ids
		}
		cursor = page.NextCursor
	}
	t.Fatalf("%s: no end after 20 pages", path)
	return nil
}

func TestListsPageByTimeThenIDWhenIDsAreOutOfTimeOrder(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	staff := userToken(t, s, staffOfStations(st))
	s.DB.Exec(t, "UPDATE stations SET created_at = '2020-01-01 00:00:00' WHERE id = ?", st)
	for i, r := range galeraRows {
		s.DB.Exec(t, `INSERT INTO messages (id, code, station_id, category, content, status, accept_due, reply_due, created_at, updated_at)
			VALUES (?, ?, ?, 'other', '路灯不亮', 'submitted', '2030-01-01', '2030-01-01', ?, ?)`,
			r.id, fmt.Sprintf("LX2403-%04d", i), st, r.at, r.at)
		s.DB.Exec(t, `INSERT INTO activities (id, station_id, kind, title, description, start_at, end_at, checkin_radius_m, invitees, status, secret, created_at, updated_at)
			VALUES (?, ?, 'visit', '走访', '', '2030-01-01', '2030-01-01 02:00:00', 300, '{}', 'draft', 'secret', ?, ?)`,
			r.id, st, r.at, r.at)
	}
	require.NoError(t, messages.RebuildTallies(t.Context(), s.DB.DB, time.Now())) // the rows went past the service

	t.Run("the inbox gives every message once, newest first", func(t *testing.T) {
		assert.Equal(t, newestFirst(), pageAll(t, s, staff, "/api/v1/admin/messages"))
	})
	t.Run("the activities give every activity once, newest first", func(t *testing.T) {
		assert.Equal(t, newestFirst(), pageAll(t, s, staff, "/api/v1/admin/activities"))
	})
	t.Run("the stations give every station once, oldest first", func(t *testing.T) {
		admin := adminToken(t, s)
		for _, r := range galeraRows {
			s.DB.Exec(t, `INSERT INTO stations (id, name, kind, area_code, created_at, updated_at) VALUES (?, ?, 'community', '450102001', ?, ?)`,
				1000+r.id, fmt.Sprintf("联络站%d", r.id), r.at, r.at)
		}
		want := []int64{st}
		for _, id := range slices.Backward(newestFirst()) {
			want = append(want, 1000+id)
		}
		assert.Equal(t, want, pageAll(t, s, admin, "/api/v1/admin/stations"))
	})
	t.Run("a row added at a time already passed does not shift the pages", func(t *testing.T) {
		w := s.Do(t, "GET", "/api/v1/admin/messages?limit=4", staff, nil)
		var first listAnswer[struct {
			ID int64 `json:"id"`
		}]
		decode(t, w, &first)
		// Another node commits a row with a small id but a time before the cursor.
		s.DB.Exec(t, `INSERT INTO messages (id, code, station_id, category, content, status, accept_due, reply_due, created_at, updated_at)
			VALUES (1, 'LX2403-ZZZZ', ?, 'other', '晚到的一条', 'submitted', '2030-01-01', '2030-01-01', '2024-03-01 08:30:00', '2024-03-01 08:30:00')`, st)
		require.NoError(t, messages.RebuildTallies(t.Context(), s.DB.DB, time.Now()))
		w = s.Do(t, "GET", "/api/v1/admin/messages?limit=100&cursor="+first.NextCursor, staff, nil)
		var rest listAnswer[struct {
			ID int64 `json:"id"`
		}]
		decode(t, w, &rest)
		var got []int64
		for _, it := range append(first.Items, rest.Items...) {
			got = append(got, it.ID)
		}
		want := slices.Insert(newestFirst(), 8, 1)
		assert.Equal(t, want, got, "no row lost or repeated across the pages")
	})
}

func TestAMalformedCursorIsTheSameValidationError(t *testing.T) {
	s := wired.New(t)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: "450000"})
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	stamp := fmt.Sprint(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	for _, c := range []struct{ name, cursor string }{
		{"not base64", "%21%21"},
		{"an id alone (the former cursor)", enc("123")},
		{"no time", enc(".5")},
		{"a word for a time", enc("yesterday.5")},
		{"no id", enc(stamp + ".")},
		{"a negative id", enc(stamp + ".-5")},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/api/v1/admin/messages", "/api/v1/admin/activities", "/api/v1/admin/stations", "/api/v1/admin/deputies"} {
				w := s.Do(t, "GET", path+"?cursor="+c.cursor, staff, nil)
				require.Equal(t, http.StatusBadRequest, w.Code, "%s: %s", path, w.Body.String())
				assert.Equal(t, "invalid_input", errorCode(t, w), path)
				assert.Contains(t, errorFields(t, w), "cursor", path)
			}
		})
	}
}

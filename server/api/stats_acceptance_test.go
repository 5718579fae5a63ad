package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// A message still within its three working days is neither on time nor late:
// the on-time acceptance rate counts only the messages already due, as the
// console's 工作台 does, both when a station's messages are read and when a
// county's tallies are added up.
func TestOnTimeAcceptanceRateLeavesOutMessagesNotYetDue(t *testing.T) {
	// Wednesday 13 March 2024, 10:00 in Shanghai: accept by the end of Monday 18th.
	clk := clock.NewFixed(time.Date(2024, 3, 13, 10, 0, 0, 0, clock.Shanghai))
	s := wired.New(t, wired.Clock(clk))
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	citizen, _, _ := s.SignIn(t)
	var ids []int64
	for range 4 {
		w := s.Do(t, "POST", "/api/v1/stations/"+itoa(st)+"/messages", citizen, validMessage())
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		var id int64
		require.NoError(t, jsonUnmarshal(jsonField(t, w, "id"), &id))
		ids = append(ids, id)
	}
	for _, id := range ids[:3] {
		w := s.Do(t, "POST", "/api/v1/admin/messages/"+itoa(id)+"/transitions", staff, map[string]any{"action": "accept"})
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	}

	type figures struct {
		Received           int      `json:"received"`
		AcceptedOnTime     int      `json:"accepted_on_time"`
		AwaitingAcceptance int      `json:"awaiting_acceptance"`
		AcceptedOnTimeRate *float64 `json:"accepted_on_time_rate"`
	}
	stats := func(query string) figures {
		t.Helper()
		w := s.Do(t, "GET", "/api/v1/admin/stats/messages?from=2024-01-01&to=2024-12-31&"+query, staff, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var f figures
		require.NoError(t, jsonUnmarshal(w.Body.String(), &f))
		return f
	}
	for _, q := range []string{"station_id=" + itoa(st), "area_code=" + testkit.AreaXingning} {
		got := stats(q)
		assert.Equal(t, 4, got.Received, q)
		assert.Equal(t, 3, got.AcceptedOnTime, q)
		assert.Equal(t, 1, got.AwaitingAcceptance, "%s: the fourth is still within its deadline", q)
		require.NotNil(t, got.AcceptedOnTimeRate, q)
		assert.Equal(t, 1.0, *got.AcceptedOnTimeRate, "%s: nothing is late yet", q)
	}

	// Tuesday 19th: the fourth message's deadline has passed, and it is late.
	clk.Advance(6 * 24 * time.Hour)
	for _, q := range []string{"station_id=" + itoa(st), "area_code=" + testkit.AreaXingning} {
		got := stats(q)
		assert.Equal(t, 0, got.AwaitingAcceptance, q)
		require.NotNil(t, got.AcceptedOnTimeRate, q)
		assert.Equal(t, 0.75, *got.AcceptedOnTimeRate, "%s: one of four is late", q)
	}
}

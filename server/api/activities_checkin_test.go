package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestCheckInRefusalsAndRepeat(t *testing.T) {
	start := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	clk := clock.NewFixed(start.Add(-3 * time.Hour))
	s := wired.New(t, wired.Clock(clk))
	st := s.Station(t, "民生街道联络站", "450102001") // at 22.817, 108.366, radius 300 m
	invited := s.Deputy(t, "受邀代表", "13800400001", st)
	other := s.Deputy(t, "旁人", "13800400002")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	a := wired.PublishAt(t, s.Activities, st, "reception_day", start)
	elsewhere := wired.PublishAt(t, s.Activities, st, "visit", start)
	invitedTok, _ := deputyUser(t, s, invited)
	otherTok, _ := deputyUser(t, s, other)
	path := fmt.Sprintf("/api/v1/activities/%d/checkin", a.ID)

	codeNow := func(id int64) string {
		w := s.Do(t, "GET", fmt.Sprintf("/api/v1/admin/activities/%d/checkin-code", id), staff, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var c struct{ Code, PNG string }
		decode(t, w, &c)
		require.NotEmpty(t, c.PNG)
		return c.Code
	}
	at := func(lat, lng float64, code string) map[string]any {
		return map[string]any{"code": code, "latitude": lat, "longitude": lng}
	}

	clk.Advance(3*time.Hour - 61*time.Minute) // 61 minutes before the start
	early := codeNow(a.ID)
	w := s.Do(t, "POST", path, invitedTok, at(22.817, 108.366, early))
	require.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
	assert.Equal(t, "checkin_window_closed", errorCode(t, w), "before the window")
	opens, err := time.Parse(time.RFC3339, errorFields(t, w)["opens_at"])
	require.NoError(t, err, "the refusal says when check-in opens")
	assert.Equal(t, a.StartAt.Add(-time.Hour).Unix(), opens.Unix())
	assert.Contains(t, errorFields(t, w)["opens_at"], "+08:00")
	assert.NotEmpty(t, errorFields(t, w)["closes_at"])

	clk.Advance(2 * time.Minute) // the window is open
	expired := codeNow(a.ID)
	clk.Advance(61 * time.Second) // two slots later
	fresh := codeNow(a.ID)
	cases := []struct {
		name   string
		token  string
		body   map[string]any
		status int
		code   string
	}{
		{"a wrong code", invitedTok, at(22.817, 108.366, "WRONG12345"), http.StatusBadRequest, "invalid_code"},
		{"an expired code", invitedTok, at(22.817, 108.366, expired), http.StatusBadRequest, "invalid_code"},
		{"another activity's code", invitedTok, at(22.817, 108.366, codeNow(elsewhere.ID)), http.StatusBadRequest, "invalid_code"},
		{"outside the radius", invitedTok, at(22.827, 108.366, fresh), http.StatusForbidden, "outside_radius"},
		{"a deputy not invited", otherTok, at(22.817, 108.366, fresh), http.StatusNotFound, "activity_not_found"},
		{"staff are no deputy", staff, at(22.817, 108.366, fresh), http.StatusForbidden, "deputy_only"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := s.Do(t, "POST", path, c.token, c.body)
			require.Equal(t, c.status, w.Code, w.Body.String())
			assert.Equal(t, c.code, errorCode(t, w))
		})
	}
	w = s.Do(t, "POST", path, invitedTok, at(22.827, 108.366, fresh))
	assert.Equal(t, "1112", errorFields(t, w)["distance_m"], "the refusal gives the distance")

	// The previous slot's code is still good; checking in twice answers the first.
	clk.Advance(20 * time.Second)
	w = s.Do(t, "POST", path, invitedTok, at(22.8175, 108.366, fresh))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	first := jsonString(t, w, "checked_in_at")
	assert.Equal(t, "56", jsonField(t, w, "distance_m"))
	clk.Advance(10 * time.Minute)
	w = s.Do(t, "POST", path, invitedTok, at(22.817, 108.366, codeNow(a.ID)))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, first, jsonString(t, w, "checked_in_at"))
	var rows int
	require.NoError(t, s.DB.GetContext(t.Context(), &rows, `SELECT COUNT(*) FROM activity_checkins WHERE activity_id = ?`, a.ID))
	assert.Equal(t, 1, rows)

	// Staff check a deputy in by hand, once.
	w = s.Do(t, "POST", fmt.Sprintf("/api/v1/admin/activities/%d/attendance", elsewhere.ID), staff, map[string]any{"deputy_id": invited, "note": "手机没电"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, `"manual"`, jsonField(t, w, "method"))
	w = s.Do(t, "POST", fmt.Sprintf("/api/v1/admin/activities/%d/attendance", elsewhere.ID), staff, map[string]any{"deputy_id": other})
	assert.Equal(t, http.StatusBadRequest, w.Code, "not invited")

	// After the end the window is closed.
	clk.Advance(3 * time.Hour)
	w = s.Do(t, "POST", fmt.Sprintf("/api/v1/activities/%d/checkin", elsewhere.ID), otherTok, at(22.817, 108.366, "x"))
	assert.Equal(t, http.StatusNotFound, w.Code)
}

func TestRSVPUntilTheStart(t *testing.T) {
	start := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	clk := clock.NewFixed(start.Add(-48 * time.Hour))
	s := wired.New(t, wired.Clock(clk))
	st := s.Station(t, "民生街道联络站", "450102001")
	d1 := s.Deputy(t, "甲", "13800500001", st)
	d2 := s.Deputy(t, "乙", "13800500002", st)
	s.Deputy(t, "丙", "13800500003", st)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	a := wired.PublishAt(t, s.Activities, st, "study", start)
	t1, _ := deputyUser(t, s, d1)
	t2, _ := deputyUser(t, s, d2)
	path := fmt.Sprintf("/api/v1/activities/%d/rsvp", a.ID)

	w := s.Do(t, "POST", path, t1, map[string]any{"answer": "leave"})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, errorFields(t, w), "reason")
	require.Equal(t, http.StatusOK, s.Do(t, "POST", path, t1, map[string]any{"answer": "leave", "reason": "出差"}).Code)
	require.Equal(t, http.StatusOK, s.Do(t, "POST", path, t1, map[string]any{"answer": "attend"}).Code, "changeable")
	require.Equal(t, http.StatusOK, s.Do(t, "POST", path, t2, map[string]any{"answer": "leave", "reason": "生病"}).Code)

	w = s.Do(t, "GET", fmt.Sprintf("/api/v1/admin/activities/%d", a.ID), staff, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `{"invited":3,"attend":1,"leave":1,"no_answer":1,"checked_in":0}`, jsonField(t, w, "counts"))

	w = s.Do(t, "GET", "/api/v1/me/activities", t2, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"rsvp":"leave"`)

	clk.Advance(48 * time.Hour)
	w = s.Do(t, "POST", path, t2, map[string]any{"answer": "attend"})
	assert.Equal(t, http.StatusConflict, w.Code, "not after the start")
}

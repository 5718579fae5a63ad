package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// pastActivity writes a past activity straight into the database (wired.PastActivity).
func pastActivity(t *testing.T, s *wired.Service, station int64, kind, local, status string, invited, checkedIn, leave []int64) {
	t.Helper()
	wired.PastActivity(t, s.DB, station, kind, local, status, invited, checkedIn, leave)
}

// aYear is 2025 at one station, with boundaries in Asia/Shanghai: an
// activity at 00:30 on 1 April is April's (UTC still says March), one at
// 00:30 on 1 July is the third quarter's and the second half-year's.
func aYear(t *testing.T, s *wired.Service) (station, a, b int64) {
	station = s.Station(t, "民生街道联络站", "450102001")
	a = s.Deputy(t, "甲", "13800600001", station)
	b = s.Deputy(t, "乙", "13800600002", station)
	ab, none := []int64{a, b}, []int64{}
	for m := 1; m <= 12; m++ {
		if m != 3 {
			var leave []int64
			if m%2 == 0 {
				leave = []int64{b}
			}
			pastActivity(t, s, station, "reception_day", fmt.Sprintf("2025-%02d-15 10:00", m), "published", ab, []int64{a}, leave)
		}
		pastActivity(t, s, station, "visit", fmt.Sprintf("2025-%02d-10 10:00", m), "published", []int64{a}, []int64{a}, nil)
	}
	pastActivity(t, s, station, "reception_day", "2025-04-01 00:30", "published", ab, []int64{a}, nil)
	pastActivity(t, s, station, "publicity", "2025-03-31 23:00", "published", []int64{a}, []int64{a}, nil)
	pastActivity(t, s, station, "publicity", "2025-07-01 00:30", "published", []int64{a}, []int64{a}, nil)
	for _, day := range []string{"2025-01-05", "2025-04-05", "2025-07-05"} {
		pastActivity(t, s, station, "study", day+" 09:00", "published", ab, []int64{a}, nil)
	}
	pastActivity(t, s, station, "study", "2025-10-05 09:00", "published", ab, none, nil)
	pastActivity(t, s, station, "opinion_meeting", "2025-06-30 22:00", "published", []int64{a}, []int64{a}, nil)
	pastActivity(t, s, station, "opinion_meeting", "2025-09-01 09:00", "cancelled", []int64{a}, []int64{a}, nil)
	pastActivity(t, s, station, "report_review", "2025-12-31 22:30", "published", []int64{a}, []int64{a}, nil)
	pastActivity(t, s, station, "report_review", "2026-01-01 00:30", "published", []int64{a}, []int64{a}, nil)
	pastActivity(t, s, station, "satisfaction_review", "2025-11-11 15:00", "published", ab, []int64{b}, []int64{a})
	return station, a, b
}

func TestPerformanceFileOfAYear(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))))
	st, a, b := aYear(t, s)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})

	get := func(path, tok string) activities.Record {
		w := s.Do(t, "GET", path, tok, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var r activities.Record
		decode(t, w, &r)
		return r
	}
	byKind := func(r activities.Record) map[string][4]int {
		m := map[string][4]int{}
		for _, k := range r.Kinds {
			if k.Invited > 0 {
				m[k.Kind] = [4]int{k.Invited, k.Attended, k.OnLeave, k.Absent}
			}
		}
		return m
	}
	ra := get(fmt.Sprintf("/api/v1/admin/deputies/%d/record?year=2025", a), staff)
	assert.Equal(t, map[string][4]int{ // invited, attended, on leave, absent
		"reception_day": {12, 12, 0, 0}, "visit": {12, 12, 0, 0}, "publicity": {2, 2, 0, 0}, "study": {4, 3, 0, 1},
		"opinion_meeting": {1, 1, 0, 0}, "report_review": {1, 1, 0, 0}, "satisfaction_review": {1, 0, 1, 0},
	}, byKind(ra))
	assert.Equal(t, [4]int{33, 31, 1, 1}, [4]int{ra.Total.Invited, ra.Total.Attended, ra.Total.OnLeave, ra.Total.Absent})

	tokB, _ := deputyUser(t, s, b)
	rb := get("/api/v1/me/record?year=2025", tokB)
	assert.Equal(t, map[string][4]int{"reception_day": {12, 0, 6, 6}, "study": {4, 0, 0, 4}, "satisfaction_review": {1, 1, 0, 0}}, byKind(rb))
	assert.Equal(t, [4]int{17, 1, 6, 10}, [4]int{rb.Total.Invited, rb.Total.Attended, rb.Total.OnLeave, rb.Total.Absent})

	r26 := get(fmt.Sprintf("/api/v1/admin/deputies/%d/record?year=2026", a), staff)
	assert.Equal(t, 1, r26.Total.Invited, "the report review of 1 January 00:30 is 2026's")

	// Excel: one deputy, and every deputy of the station one per row.
	w := s.Do(t, "GET", fmt.Sprintf("/api/v1/admin/deputies/%d/record?year=2025&format=xlsx", a), staff, nil)
	require.Equal(t, http.StatusOK, w.Code)
	f, err := excelize.OpenReader(w.Body)
	require.NoError(t, err)
	rows, err := f.GetRows("履职档案")
	require.NoError(t, err)
	assert.Equal(t, []string{"合计", "33", "31", "1", "1"}, rows[3+len(activities.Kinds)])
	w = s.Do(t, "GET", fmt.Sprintf("/api/v1/admin/records?station_id=%d&year=2025", st), staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	req := "/api/v1/admin/records?area_code=450102&year=2025"
	w = s.Do(t, "GET", req+"&format=xlsx", adminToken(t, s), nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	f, err = excelize.OpenReader(w.Body)
	require.NoError(t, err)
	rows, err = f.GetRows("2025年履职档案")
	require.NoError(t, err)
	require.Len(t, rows, 3, "a header and one row per deputy")
	assert.Equal(t, []string{"甲", "33", "31", "1", "1"}, rows[1][1:6])
	assert.Equal(t, []string{"乙", "17", "1", "6", "10"}, rows[2][1:6])

	// Not in scope: not found.
	other := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{s.Station(t, "别处", "450102001")}})
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", fmt.Sprintf("/api/v1/admin/deputies/%d/record?year=2025", a), other, nil).Code)
}

func TestStationComplianceOfAYear(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))))
	st, _, _ := aYear(t, s)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: "450102"})

	w := s.Do(t, "GET", fmt.Sprintf("/api/v1/admin/stations/%d/compliance?year=2025", st), staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var c activities.Compliance
	decode(t, w, &c)
	unmet := map[string][]string{}
	for _, r := range c.Rules {
		for _, p := range r.Periods {
			assert.True(t, p.Ended)
			if !p.Met {
				unmet[r.Kind] = append(unmet[r.Kind], p.Label)
			}
		}
	}
	assert.Equal(t, map[string][]string{
		"reception_day":   {"2025-03"},
		"publicity":       {"2025-Q2", "2025-Q4"},
		"study":           {"2025-Q4"},
		"opinion_meeting": {"2025-H2"},
		"survey":          {"2025"},
	}, unmet)
	assert.Equal(t, 37, c.PeriodsDue)
	assert.Equal(t, 31, c.PeriodsMet)
	for _, r := range c.Rules {
		if r.Kind == "reception_day" {
			assert.Equal(t, 2, r.Periods[3].Held, "April holds the activity of 1 April 00:30")
		}
	}

	w = s.Do(t, "GET", "/api/v1/admin/compliance?area_code=450102&year=2025", staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var list struct {
		Items []activities.Compliance `json:"items"`
	}
	decode(t, w, &list)
	require.Len(t, list.Items, 1)
	assert.Equal(t, 31, list.Items[0].PeriodsMet)
}

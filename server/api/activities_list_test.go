package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

type activityPage struct {
	Items []struct {
		ID          int64  `json:"id"`
		StationID   int64  `json:"station_id"`
		StationName string `json:"station_name"`
		Status      string `json:"status"`
		Kind        string `json:"kind"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func activityList(t *testing.T, s *wired.Service, token, query string) activityPage {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/admin/activities"+query, token, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var out activityPage
	decode(t, w, &out)
	return out
}

func TestStaffListTheActivitiesOfTheirStationsOnly(t *testing.T) {
	s := wired.New(t)
	mine := s.Station(t, "民生街道联络站", "450102001")
	theirs := s.Station(t, "城中区联络站", "450202")
	s.Deputy(t, "覃海燕", "13800138001", mine)
	s.Deputy(t, "韦建国", "13800138003", theirs)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{mine}})
	other := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{theirs}})
	soon := time.Now().Add(48 * time.Hour).Truncate(time.Minute)

	published := publishActivity(t, s, staff, mine, "visit", soon, map[string]any{"station_id": mine})
	w := s.Do(t, "POST", "/api/v1/admin/activities", staff, draftBody(mine, soon.Add(240*time.Hour), map[string]any{"station_id": mine}))
	require.Equal(t, http.StatusCreated, w.Code)
	draft := jsonField(t, w, "id")
	finished := publishActivity(t, s, staff, mine, "study", soon, map[string]any{"station_id": mine})
	s.DB.Exec(t, "UPDATE activities SET start_at = '2024-05-01 01:00:00', end_at = '2024-05-01 03:00:00' WHERE id = ?", finished)
	publishActivity(t, s, other, theirs, "visit", soon, map[string]any{"station_id": theirs})

	all := activityList(t, s, staff, "")
	require.Len(t, all.Items, 3, "another station's activity is not listed")
	assert.Equal(t, finished, itoa(all.Items[0].ID), "newest first")
	assert.Equal(t, draft, itoa(all.Items[1].ID))
	for _, a := range all.Items {
		assert.Equal(t, mine, a.StationID)
		assert.Equal(t, "民生街道联络站", a.StationName)
	}

	for status, want := range map[string]string{"draft": draft, "published": published, "finished": finished} {
		got := activityList(t, s, staff, "?status="+status)
		require.Len(t, got.Items, 1, status)
		assert.Equal(t, want, itoa(got.Items[0].ID), status)
		assert.Equal(t, status, got.Items[0].Status)
	}
	may := activityList(t, s, staff, "?from=2024-05-01&to=2024-05-31")
	require.Len(t, may.Items, 1)
	assert.Equal(t, finished, itoa(may.Items[0].ID))
	assert.Empty(t, activityList(t, s, staff, "?station_id="+itoa(theirs)).Items, "naming a station out of scope shows nothing")

	page := activityList(t, s, staff, "?limit=2")
	require.Len(t, page.Items, 2)
	require.NotEmpty(t, page.NextCursor)
	rest := activityList(t, s, staff, "?limit=2&cursor="+page.NextCursor)
	require.Len(t, rest.Items, 1)
	assert.Empty(t, rest.NextCursor)

	for _, bad := range []string{"?status=done", "?from=0001-01-01", "?to=9999-12-31", "?from=2024-13-01", "?from=2024-06-01&to=2024-05-01"} {
		w := s.Do(t, "GET", "/api/v1/admin/activities"+bad, staff, nil)
		assert.Equal(t, http.StatusBadRequest, w.Code, bad)
		assert.NotEmpty(t, errorFields(t, w), bad)
	}
	citizen, _, _ := s.SignIn(t)
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/activities", citizen, nil).Code)
}

func TestAudienceCountsWhomANoticeWouldTell(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	a := s.Deputy(t, "覃海燕", "13800138001", st)
	s.Deputy(t, "黄秀兰", "13800138002", st)
	b := s.Deputy(t, "韦建国", "13800138003", st)
	setEmployer(t, s, a, "自治区人民医院", "13800138101")
	setEmployer(t, s, b, "民生街道办事处", "13800138103")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	soon := time.Now().Add(48 * time.Hour).Truncate(time.Minute)

	w := s.Do(t, "POST", "/api/v1/admin/activities", staff, draftBody(st, soon, map[string]any{"station_id": st}))
	require.Equal(t, http.StatusCreated, w.Code)
	id := jsonField(t, w, "id")
	w = s.Do(t, "GET", "/api/v1/admin/activities/"+id+"/audience", staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.JSONEq(t, `{"deputies":3,"employers":2}`, w.Body.String(), "the draft's invitation as publishing would resolve it")
	assert.Equal(t, 0, countRows(t, s, "SELECT COUNT(*) FROM activity_invitees"), "counting writes nothing")

	w = s.Do(t, "POST", "/api/v1/admin/activities", staff, draftBody(st, soon, map[string]any{"deputy_ids": []int64{a}}))
	require.Equal(t, http.StatusCreated, w.Code)
	picked := jsonField(t, w, "id")
	w = s.Do(t, "GET", "/api/v1/admin/activities/"+picked+"/audience", staff, nil)
	assert.JSONEq(t, `{"deputies":1,"employers":1}`, w.Body.String())

	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil).Code)
	s.Deputy(t, "陆美玲", "13800138004", st) // joins after publishing: not invited
	w = s.Do(t, "GET", "/api/v1/admin/activities/"+id+"/audience", staff, nil)
	assert.JSONEq(t, `{"deputies":3,"employers":2}`, w.Body.String(), "a change or cancel tells the invitees")

	outsider := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{s.Station(t, "别处", "450103")}})
	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/admin/activities/"+id+"/audience", outsider, nil).Code)
}

func TestStatisticsRefuseDatesOutOfAnySaneRange(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: "450100"})
	for q, field := range map[string]string{
		"from=0001-01-01&to=2024-12-31":           "from",
		"from=2024-01-01&to=9999-12-31":           "to",
		"from=1999-12-31T15:59:59Z&to=2024-01-01": "from", // 23:59:59 on 31 December 1999 in Shanghai
	} {
		w := s.Do(t, "GET", "/api/v1/admin/stats/messages?"+q, staff, nil)
		require.Equal(t, http.StatusBadRequest, w.Code, q)
		assert.Equal(t, "日期应在 2000 年至 2100 年之间", errorFields(t, w)[field], q)
	}
	w := s.Do(t, "GET", "/api/v1/admin/stats/messages?from=2024-01-01&to=2100-12-31", staff, nil)
	assert.Equal(t, http.StatusOK, w.Code, "the last sane day is accepted")
}

func TestStatisticsDefaultToTheYearSoFarAndSaySo(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	station := s.Station(t, "民生街道联络站", "450102001")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	citizen, _, _ := s.SignIn(t)
	submitMessage(t, s, citizen, station, validMessage())

	w := s.Do(t, "GET", "/api/v1/admin/stats/messages?station_id="+itoa(station), staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "2024-01-01T00:00:00+08:00", jsonString(t, w, "from"), "the start of this year in Shanghai")
	assert.Equal(t, "2024-03-14T00:00:00+08:00", jsonString(t, w, "to"), "to the end of today (13 March)")
	assert.Equal(t, "1", jsonField(t, w, "received"))
	w = s.Do(t, "GET", "/api/v1/admin/messages/export?station_id="+itoa(station), staff, nil)
	assert.Equal(t, http.StatusOK, w.Code, "the export too")
}

func TestStaffFindAMessageByTheCodeACallerReadsOut(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	mine := s.Station(t, "民生街道联络站", "450102001")
	theirs := s.Station(t, "青秀区联络站", "450103")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{mine}})
	var codes []string
	for _, st := range []int64{mine, mine, theirs} {
		citizen, _, _ := s.SignIn(t)
		w := s.Do(t, "POST", "/api/v1/stations/"+itoa(st)+"/messages", citizen, validMessage())
		require.Equal(t, http.StatusCreated, w.Code)
		codes = append(codes, jsonString(t, w, "code"))
	}
	find := func(q string) []string {
		w := s.Do(t, "GET", "/api/v1/admin/messages?code="+q, staff, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var page struct {
			Items []struct {
				Code string `json:"code"`
			} `json:"items"`
		}
		decode(t, w, &page)
		var out []string
		for _, m := range page.Items {
			out = append(out, m.Code)
		}
		return out
	}
	assert.Equal(t, []string{codes[1]}, find(codes[1]))
	assert.Equal(t, []string{codes[1]}, find(strings.ToLower(codes[1])), "case does not matter")
	assert.Equal(t, []string{codes[0]}, find(codes[0][len(codes[0])-4:]), "the four characters after the dash")
	assert.Empty(t, find(codes[2]), "another station's message is not found")
	assert.Empty(t, find("%25"), "a wildcard finds nothing")
}

func TestActivitiesAndPromisesOutOfAnySaneYearAreFieldErrors(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	s.Deputy(t, "覃海燕", "13800138001", st)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	for field, start := range map[string]string{"start_at": "0001-01-01T09:00:00+08:00", "end_at": "2099-12-31T23:00:00+08:00"} {
		body := draftBody(st, time.Now().Add(48*time.Hour), map[string]any{"station_id": st})
		body["start_at"] = start
		if field == "end_at" {
			body["end_at"] = "9999-01-01T11:00:00+08:00"
		} else {
			body["end_at"] = "0001-01-01T11:00:00+08:00"
		}
		w := s.Do(t, "POST", "/api/v1/admin/activities", staff, body)
		require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
		assert.Equal(t, "日期应在 2000 年至 2100 年之间", errorFields(t, w)[field])
	}
	citizen, _, _ := s.SignIn(t)
	id := submitMessage(t, s, citizen, st, validMessage())
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "accept"})
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "reply", "reply": "会尽快修复。"})
	w := messageTransition(t, s, staff, id, map[string]any{"action": "promise", "promise": "修好路灯", "due_at": "9999-12-31T00:00:00+08:00"})
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	assert.Equal(t, "日期应在 2000 年至 2100 年之间", errorFields(t, w)["due_at"])
	assert.Equal(t, 0, countRows(t, s, "SELECT COUNT(*) FROM messages WHERE promise_due_at IS NOT NULL"), "nothing changed")
}

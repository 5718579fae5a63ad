package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

type scheduleItem struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"`
	KindName string `json:"kind_name"`
	Title    string `json:"title"`
	StartAt  string `json:"start_at"`
	Deputies []struct {
		ID     int64    `json:"id"`
		Name   string   `json:"name"`
		Levels []string `json:"levels"`
	} `json:"deputies"`
}

// publishActivity creates and publishes an activity of kind, returning its id.
func publishActivity(t *testing.T, s *wired.Service, staff string, station int64, kind string, start time.Time, invitees map[string]any) string {
	t.Helper()
	body := draftBody(station, start, invitees)
	body["kind"], body["title"] = kind, kind+" 活动"
	w := s.Do(t, "POST", "/api/v1/admin/activities", staff, body)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id := jsonField(t, w, "id")
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil).Code)
	return id
}

func TestStationScheduleShowsUpcomingPublicActivitiesReceptionDaysFirst(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	other := s.Station(t, "青秀区联络站", "450103")
	onDuty := s.Deputy(t, "覃海燕", "13800138001", st)
	onLeave := s.Deputy(t, "黄秀兰", "13800138002", st)
	s.Deputy(t, "韦建国", "13800138003", other)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st, other}})
	soon := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	everyone := map[string]any{"station_id": st}

	visit := publishActivity(t, s, staff, st, "visit", soon, everyone)
	reception := publishActivity(t, s, staff, st, "reception_day", soon.Add(72*time.Hour), everyone)
	publishActivity(t, s, staff, st, "study", soon, everyone) // internal: not shown
	cancelled := publishActivity(t, s, staff, st, "reception_day", soon, everyone)
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/admin/activities/"+cancelled+"/cancel", staff, map[string]string{"reason": "台风"}).Code)
	past := publishActivity(t, s, staff, st, "reception_day", soon, everyone)
	s.DB.Exec(t, "UPDATE activities SET start_at = NOW(3) - INTERVAL 3 HOUR, end_at = NOW(3) - INTERVAL 1 HOUR WHERE id = ?", past)
	draft := draftBody(st, soon, everyone)
	require.Equal(t, http.StatusCreated, s.Do(t, "POST", "/api/v1/admin/activities", staff, draft).Code) // never published
	publishActivity(t, s, staff, other, "reception_day", soon, map[string]any{"station_id": other})
	deputy, _ := deputyUser(t, s, onLeave)
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/activities/"+reception+"/rsvp", deputy, map[string]string{"answer": "leave", "reason": "出诊"}).Code)

	w := s.Do(t, "GET", "/api/v1/stations/"+itoa(st)+"/schedule", "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var got struct {
		Items []scheduleItem `json:"items"`
	}
	decode(t, w, &got)
	require.Len(t, got.Items, 2, "only the upcoming published public activities of this station: %s", w.Body.String())
	assert.Equal(t, reception, itoa(got.Items[0].ID), "reception days first, though later")
	assert.Equal(t, "代表接待日", got.Items[0].KindName)
	assert.Equal(t, visit, itoa(got.Items[1].ID))
	require.Len(t, got.Items[0].Deputies, 1, "the deputy on leave is not on duty")
	assert.Equal(t, onDuty, got.Items[0].Deputies[0].ID)
	assert.Equal(t, "覃海燕", got.Items[0].Deputies[0].Name)
	assert.Equal(t, []string{"county"}, got.Items[0].Deputies[0].Levels)
	assert.Len(t, got.Items[1].Deputies, 2)
	assert.NotContains(t, w.Body.String(), "13800138001", "no phone in a public answer")
	assert.Contains(t, got.Items[0].StartAt, "+08:00")

	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/stations/999999/schedule", "", nil).Code)
	s.DB.Exec(t, "UPDATE stations SET active = 0 WHERE id = ?", other)
	w = s.Do(t, "GET", "/api/v1/stations/"+itoa(other)+"/schedule", "", nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, "station_not_found", errorCode(t, w))
}

type publishedAnswers struct {
	Items []struct {
		ID          int64  `json:"id"`
		Category    string `json:"category"`
		Content     string `json:"content"`
		Reply       string `json:"reply"`
		SubmittedAt string `json:"submitted_at"`
		RepliedAt   string `json:"replied_at"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func answersOf(t *testing.T, s *wired.Service, station int64, query string) publishedAnswers {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/stations/"+itoa(station)+"/answers"+query, "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var out publishedAnswers
	decode(t, w, &out)
	return out
}

func TestStationAnswersShowOnlyConsentedRepliedMessagesWithoutTheAuthor(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	st := s.Station(t, "民生街道联络站", "450102001")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	citizen, _, _ := s.SignIn(t)
	reply := func(id int64, text string) {
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "accept"})
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "reply", "reply": text})
	}
	with := func(extra map[string]any) map[string]any {
		m := validMessage()
		for k, v := range extra {
			m[k] = v
		}
		return m
	}

	consented := submitMessage(t, s, citizen, st, with(map[string]any{"publish": true, "name": "李大爷", "phone": "13912345678",
		"content": "路灯坏了很久，我的电话 13912345678，请联系我。", "image_ids": []int64{photoID(t, s, citizen)}}))
	notConsented := submitMessage(t, s, citizen, st, with(nil))
	unanswered := submitMessage(t, s, citizen, st, with(map[string]any{"publish": true}))
	rejected := submitMessage(t, s, citizen, st, with(map[string]any{"publish": true}))
	reply(consented, "已联系供电所，本周内修复。")
	reply(notConsented, "已处理。")
	mustMessageTransition(t, s, staff, rejected, map[string]any{"action": "reject", "reason": "不属于本站受理范围"})

	got := answersOf(t, s, st, "")
	require.Len(t, got.Items, 1, "only the consented, answered message")
	a := got.Items[0]
	assert.Equal(t, consented, a.ID)
	assert.Equal(t, "已联系供电所，本周内修复。", a.Reply)
	assert.Equal(t, "transport", a.Category)
	assert.Contains(t, a.Content, "139****5678", "a number written into the text is masked")
	assert.NotContains(t, a.Content, "13912345678")
	assert.NotEmpty(t, a.RepliedAt)
	body := s.Do(t, "GET", "/api/v1/stations/"+itoa(st)+"/answers", "", nil).Body.String()
	for _, secret := range []string{"李大爷", "13912345678", "uploads", `"code"`} {
		assert.NotContains(t, body, secret)
	}
	_ = unanswered

	// The author sees the consent, and withdraws it: the answer is gone at once.
	w := s.Do(t, "GET", "/api/v1/messages/"+itoa(consented), citizen, nil)
	assert.Equal(t, "true", jsonField(t, w, "publish"))
	other, _, _ := s.SignIn(t)
	w = s.Do(t, "POST", "/api/v1/messages/"+itoa(consented)+"/publish", other, map[string]any{"publish": false})
	assert.Equal(t, http.StatusNotFound, w.Code, "another citizen cannot see it, let alone change it")
	w = s.Do(t, "POST", "/api/v1/messages/"+itoa(notConsented)+"/publish", staff, map[string]any{"publish": true})
	assert.Equal(t, http.StatusForbidden, w.Code, "staff may not consent for the author")
	w = s.Do(t, "POST", "/api/v1/messages/"+itoa(consented)+"/publish", citizen, map[string]any{})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, errorFields(t, w), "publish")
	w = s.Do(t, "POST", "/api/v1/messages/"+itoa(consented)+"/publish", citizen, map[string]any{"publish": false})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "false", jsonField(t, w, "publish"))
	assert.Empty(t, answersOf(t, s, st, "").Items, "withdrawn")

	// Consent given later publishes it again.
	w = s.Do(t, "POST", "/api/v1/messages/"+itoa(notConsented)+"/publish", citizen, map[string]any{"publish": true})
	require.Equal(t, http.StatusOK, w.Code)
	got = answersOf(t, s, st, "")
	require.Len(t, got.Items, 1)
	assert.Equal(t, notConsented, got.Items[0].ID)

	assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/stations/999999/answers", "", nil).Code)
}

func TestStationAnswersArePaginatedNewestFirst(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	st := s.Station(t, "民生街道联络站", "450102001")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	var ids []int64
	for range 3 {
		citizen, _, _ := s.SignIn(t) // the per-user limit is not what this test is about
		m := validMessage()
		m["publish"] = true
		id := submitMessage(t, s, citizen, st, m)
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "accept"})
		mustMessageTransition(t, s, staff, id, map[string]any{"action": "reply", "reply": "已答复"})
		ids = append(ids, id)
	}
	first := answersOf(t, s, st, "?limit=2")
	require.Len(t, first.Items, 2)
	assert.Equal(t, ids[2], first.Items[0].ID)
	assert.Equal(t, ids[1], first.Items[1].ID)
	require.NotEmpty(t, first.NextCursor)
	rest := answersOf(t, s, st, "?limit=2&cursor="+first.NextCursor)
	require.Len(t, rest.Items, 1)
	assert.Equal(t, ids[0], rest.Items[0].ID)
	assert.Empty(t, rest.NextCursor)
}

func TestStationSearchByName(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "兴宁区民生街道人大代表联络站", "450102001")
	s.Station(t, "青秀区南湖社区联络站", "450103")
	closed := s.Station(t, "民生街道旧联络站", "450102001")
	s.DB.Exec(t, "UPDATE stations SET active = 0 WHERE id = ?", closed)

	w := s.Do(t, "GET", "/api/v1/stations?q=民生", "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var got struct {
		Items []map[string]any `json:"items"`
	}
	decode(t, w, &got)
	require.Len(t, got.Items, 1, "active stations whose name has the words")
	assert.EqualValues(t, a, got.Items[0]["id"])
	assert.NotContains(t, got.Items[0], "distance_m", "no distance without a point")

	w = s.Do(t, "GET", "/api/v1/stations?q=%25", "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	decode(t, w, &got)
	assert.Empty(t, got.Items, "% is a character, not a wildcard")
	w = s.Do(t, "GET", "/api/v1/stations?q=+", "", nil)
	assert.Equal(t, http.StatusBadRequest, w.Code)
}

package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

type errorAnswer struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func errorOf(t *testing.T, body string) errorAnswer {
	t.Helper()
	var e errorAnswer
	require.NoError(t, jsonUnmarshal(body, &e), body)
	return e
}

// A body that is JSON but has a value of the wrong type or form names the
// field at fault, as a capability's own checks do; only JSON that cannot be
// read at all is invalid_json.
func TestABodysValueOfTheWrongFormNamesItsField(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	activity := func(change map[string]any) map[string]any {
		body := map[string]any{"station_id": st, "kind": "reception_day", "title": "代表接待日",
			"start_at": "2030-03-15T09:00:00+08:00", "end_at": "2030-03-15T11:00:00+08:00", "venue": "联络站",
			"invitees": map[string]any{"station_id": st}}
		for k, v := range change {
			body[k] = v
		}
		return body
	}
	for _, c := range []struct {
		name, path string
		body       any
		field      string
		says       string
	}{
		{"a time in words", "/api/v1/admin/activities", activity(map[string]any{"start_at": "明天下午"}), "start_at", "时间格式不正确"},
		{"a date without its time", "/api/v1/admin/activities", activity(map[string]any{"end_at": "2030-03-15"}), "end_at", "时间格式不正确"},
		{"a time given as a number", "/api/v1/admin/activities", activity(map[string]any{"start_at": 1700000000}), "start_at", "时间格式不正确"},
		{"a number given as text", "/api/v1/admin/activities", activity(map[string]any{"station_id": "兴宁"}), "station_id", "应为整数"},
		{"a nested list of the wrong type", "/api/v1/admin/activities", activity(map[string]any{"invitees": map[string]any{"deputy_ids": []any{"黄代表"}}}), "invitees.deputy_ids", "应为整数"},
		{"a promise's due date", "/api/v1/admin/messages/1/transitions", map[string]any{"action": "promise", "due_at": "下个月"}, "due_at", "时间格式不正确"},
	} {
		w := s.Do(t, "POST", c.path, staff, c.body)
		require.Equal(t, http.StatusBadRequest, w.Code, "%s: %s", c.name, w.Body.String())
		e := errorOf(t, w.Body.String())
		assert.Equal(t, "invalid_input", e.Error.Code, c.name)
		assert.Contains(t, e.Error.Fields[c.field], c.says, "%s: %s", c.name, w.Body.String())
		assert.Len(t, e.Error.Fields, 1, c.name)
	}

	// A time buried in lists is named as deep as the search goes, no deeper.
	var deep any = "明天"
	for range 50 {
		deep = []any{deep}
	}
	w := s.Do(t, "POST", "/api/v1/admin/activities", staff, activity(map[string]any{"start_at": deep}))
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	assert.Contains(t, errorOf(t, w.Body.String()).Error.Fields, "start_at[0][0][0][0][0]", w.Body.String())

	w = s.Do(t, "POST", "/api/v1/admin/activities", staff, nil)
	assert.Equal(t, "invalid_json", errorOf(t, w.Body.String()).Error.Code, "no body at all")
	w = s.Do(t, "POST", "/api/v1/admin/activities", staff, []int{1, 2})
	assert.Equal(t, "invalid_json", errorOf(t, w.Body.String()).Error.Code, "a list where an object belongs")
	assert.Empty(t, errorOf(t, w.Body.String()).Error.Fields)
}

// A station's (and a group's) kind that is not one of the codes names the codes.
func TestAStationKindErrorNamesTheCodes(t *testing.T) {
	s := wired.New(t)
	admin, _ := s.User(t, access.Grant{Role: access.RoleAdmin})
	w := s.Do(t, "POST", "/api/v1/admin/stations", admin, map[string]any{"name": "兴宁区联络站", "kind": "village", "area_code": testkit.AreaXingning})
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	kind := errorOf(t, w.Body.String()).Error.Fields["kind"]
	assert.Contains(t, kind, "community")
	assert.Contains(t, kind, "professional")

	w = s.Do(t, "POST", "/api/v1/admin/groups", admin, map[string]any{"name": "青秀区代表小组", "kind": "village", "area_code": testkit.AreaXingning})
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	kind = errorOf(t, w.Body.String()).Error.Fields["kind"]
	assert.Contains(t, kind, "area")
	assert.Contains(t, kind, "profession")
	w = s.Do(t, "GET", "/api/v1/admin/groups?kind=village", admin, nil)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	assert.Contains(t, errorOf(t, w.Body.String()).Error.Fields["kind"], "profession", "the list's filter too")

	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	w = s.Do(t, "POST", "/api/v1/admin/activities", admin, map[string]any{"station_id": st, "kind": "party", "title": "联谊会",
		"start_at": "2030-03-15T09:00:00+08:00", "end_at": "2030-03-15T11:00:00+08:00", "venue": "联络站"})
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	assert.Contains(t, errorOf(t, w.Body.String()).Error.Fields["kind"], "reception_day", "an activity's kind names its codes too")
}

// A transition the message's state does not allow stays a 409
// transition_not_allowed, and says the state and what may be done now.
func TestATransitionNotAllowedSaysTheStateAndWhatIsAllowed(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	citizen, _, _ := s.SignIn(t)
	w := s.Do(t, "POST", "/api/v1/stations/"+itoa(st)+"/messages", citizen, validMessage())
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var id int64
	require.NoError(t, jsonUnmarshal(jsonField(t, w, "id"), &id))
	path := "/api/v1/admin/messages/" + itoa(id) + "/transitions"

	w = s.Do(t, "POST", path, staff, map[string]any{"action": "close"})
	require.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	e := errorOf(t, w.Body.String())
	assert.Equal(t, "transition_not_allowed", e.Error.Code)
	assert.Equal(t, "submitted", e.Error.Fields["status"])
	assert.Equal(t, "accept,reject", e.Error.Fields["allowed_actions"])
	assert.Contains(t, e.Error.Message, "待受理")
	assert.Contains(t, e.Error.Message, "现在可以：受理、不予受理")

	require.Equal(t, http.StatusOK, s.Do(t, "POST", path, staff, map[string]any{"action": "accept"}).Code)
	w = s.Do(t, "POST", path, staff, map[string]any{"action": "accept"})
	require.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	e = errorOf(t, w.Body.String())
	assert.Equal(t, "accepted", e.Error.Fields["status"])
	assert.Equal(t, "assign,reply", e.Error.Fields["allowed_actions"])
	assert.Contains(t, e.Error.Message, "已受理")

	require.Equal(t, http.StatusOK, s.Do(t, "POST", path, staff, map[string]any{"action": "reply", "reply": "已联系交警部门维修。"}).Code)
	require.Equal(t, http.StatusOK, s.Do(t, "POST", path, staff, map[string]any{"action": "close"}).Code)
	w = s.Do(t, "POST", path, staff, map[string]any{"action": "reply", "reply": "再答复一次"})
	require.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	e = errorOf(t, w.Body.String())
	assert.Equal(t, "closed", e.Error.Fields["status"])
	assert.Equal(t, "", e.Error.Fields["allowed_actions"], "a closed message allows nothing")
	assert.Contains(t, e.Error.Message, "现在没有可办理的操作")
}

package console_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// writeTo is a new citizen's message to the deputy through the API; its id.
func writeTo(t *testing.T, s *wired.Service, deputy int64) int64 {
	t.Helper()
	citizen, _, _ := s.SignIn(t)
	b, err := json.Marshal(map[string]any{"category": "transport", "content": "小区门口的红绿灯经常坏，早高峰很危险，希望尽快修好。"})
	require.NoError(t, err)
	req := httptest.NewRequest("POST", "/api/v1/deputies/"+itoa(deputy)+"/messages", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+citizen)
	w := s.Serve(t, req)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var out struct {
		ID int64 `json:"id"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out))
	return out.ID
}

func step(t *testing.T, s *wired.Service, token string, id int64, bodies ...map[string]any) {
	t.Helper()
	for _, body := range bodies {
		w := s.Do(t, "POST", "/api/v1/admin/messages/"+itoa(id)+"/transitions", token, body)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	}
}

func TestDeputyPageAndListShowTheirLetters(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk))
	st := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	other := s.Deputy(t, "黄秀梅", "13900000002", st)
	quiet := s.Deputy(t, "李明", "13900000003", st)
	api, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})

	// To dep: answered after 3h and after 2 days 5h (median 1天4小时), one
	// rejected, one waiting; to other: one assigned to dep, waiting for both.
	// The answered ones wait for nothing.
	a := writeTo(t, s, dep)
	b := writeTo(t, s, dep)
	clk.Advance(3 * time.Hour)
	step(t, s, api, a, map[string]any{"action": "accept"}, map[string]any{"action": "reply", "reply": "已修好。"})
	clk.Advance(2*24*time.Hour + 2*time.Hour)
	step(t, s, api, b, map[string]any{"action": "accept"}, map[string]any{"action": "reply", "reply": "已修好。"})
	step(t, s, api, writeTo(t, s, dep), map[string]any{"action": "reject", "reason": "重复"})
	writeTo(t, s, dep)
	step(t, s, api, writeTo(t, s, other), map[string]any{"action": "accept"}, map[string]any{"action": "assign", "deputy_id": dep})

	staff, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	w := staff.Get(t, "/console/deputies/"+itoa(dep)+"?year=2026")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "群众来信")
	assert.Contains(t, page, "收到 <strong>4</strong> 件，已答复 <strong>2</strong> 件，首次答复用时中位数 <strong>1天4小时</strong>")

	w = staff.Get(t, "/console/deputies/"+itoa(quiet)+"?year=2026")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "收到 <strong>0</strong> 件，已答复 <strong>0</strong> 件，首次答复用时中位数 <strong>无</strong>")

	w = staff.Get(t, "/console/deputies")
	require.Equal(t, http.StatusOK, w.Code)
	page = w.Body.String()
	assert.Contains(t, page, "<th class=\"num\">待办来信</th>")
	open := func(deputy int64) string {
		t.Helper()
		m := regexp.MustCompile(`<a href="/console/messages\?addressee=` + itoa(deputy) + `">(\d+)</a>`).FindStringSubmatch(page)
		if m == nil {
			return ""
		}
		return m[1]
	}
	assert.Equal(t, "2", open(dep), "the open one written to them and the one assigned to them")
	assert.Equal(t, "1", open(other))
	assert.Equal(t, "", open(quiet), "nothing open, no link")

	elsewhere, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaChengzh})
	w = elsewhere.Get(t, "/console/deputies/"+itoa(dep)+"?year=2026")
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.NotContains(t, w.Body.String(), "群众来信")
	w = elsewhere.Get(t, "/console/deputies")
	require.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), "韦建国")
	assert.NotContains(t, w.Body.String(), "addressee="+itoa(dep))
}

package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

var inviteCode = regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`)

func TestStaffHaveNoInvitesOrAuditPages(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	staff, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	b, _, _ := s.ConsoleUser(t, admin)
	b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "scope": {"stations"}, "station_ids": {itoa(st)}, "make": {"1"}})
	var id int64
	require.NoError(t, s.DB.GetContext(t.Context(), &id, "SELECT id FROM invites"))

	for _, path := range []string{"/console/invites", "/console/audit", "/console/audit/export"} {
		assert.Equal(t, http.StatusNotFound, staff.Get(t, path).Code, path)
	}
	assert.Equal(t, http.StatusNotFound, staff.Post(t, "/console/invites", url.Values{"role": {"staff"}, "station_ids": {itoa(st)}}).Code)
	assert.Equal(t, http.StatusNotFound, staff.Post(t, "/console/invites/"+itoa(id)+"/cancel", nil).Code)
	assert.Equal(t, 1, count(t, s, "invites"), "staff made none")
	var cancelled int
	require.NoError(t, s.DB.GetContext(t.Context(), &cancelled, "SELECT COUNT(*) FROM invites WHERE cancelled_at IS NOT NULL"))
	assert.Zero(t, cancelled, "staff cancelled none")
}

func TestAdminMakesAStationInviteShownOnceThatWorksUntilCancelled(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	other := s.Station(t, "柳州城中联络站", testkit.AreaChengzh)
	b, _, _ := s.ConsoleUser(t, admin)

	// Choosing the county lists its stations to tick; nothing is made.
	w := b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "city": {testkit.AreaNanning}, "county": {testkit.AreaXingning}, "step": {"area"}})
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `name="station_ids" value="`+itoa(st)+`"`)
	assert.NotContains(t, w.Body.String(), "柳州城中联络站", "only the chosen county's stations")
	assert.Equal(t, 0, count(t, s, "invites"))

	w = b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "scope": {"stations"}, "city": {testkit.AreaNanning},
		"county": {testkit.AreaXingning}, "station_ids": {itoa(st)}, "make": {"1"}})
	require.Equal(t, http.StatusOK, w.Code, "the code is shown on the answer itself, not after a redirect")
	assert.Empty(t, w.Header().Get("Location"))
	page := w.Body.String()
	code := inviteCode.FindString(page)
	require.NotEmpty(t, code, page)
	assert.Contains(t, page, "工作人员（民生街道联络站）")
	assert.Contains(t, page, `class="invite-image" src="data:image/`, "the mini program code, inline: never at an address")
	assert.Contains(t, page, "请对方用微信“扫一扫”扫描上面的小程序码")
	assert.Contains(t, page, "data-print")
	assert.Contains(t, page, "有效期至")
	reqs := s.WeChat.QRCodeRequests()
	require.NotEmpty(t, reqs)
	assert.Equal(t, "i="+strings.ReplaceAll(code, "-", ""), reqs[len(reqs)-1].Scene, "the code opens the redeem page with it filled in")

	// The list shows it without its code.
	list := b.Get(t, "/console/invites").Body.String()
	assert.Contains(t, list, "工作人员（民生街道联络站）")
	assert.NotContains(t, list, code, "the code is shown once only")
	var id int64
	require.NoError(t, s.DB.GetContext(t.Context(), &id, "SELECT id FROM invites"))
	assert.Contains(t, list, `/console/invites/`+itoa(id)+`/cancel`)

	// It works: the new staff member holds the station.
	token, _ := s.User(t)
	r := s.Do(t, "POST", "/api/v1/auth/redeem", token, map[string]string{"invite_code": code})
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.NotContains(t, b.Get(t, "/console/invites").Body.String(), "工作人员（民生街道联络站）", "a used invite is no longer open")

	// Another, cancelled, is refused.
	w = b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "scope": {"stations"}, "station_ids": {itoa(other)}, "make": {"1"}})
	require.Equal(t, http.StatusOK, w.Code)
	code2 := inviteCode.FindString(w.Body.String())
	require.NotEmpty(t, code2)
	var id2 int64
	require.NoError(t, s.DB.GetContext(t.Context(), &id2, "SELECT MAX(id) FROM invites"))
	w = b.Post(t, "/console/invites/"+itoa(id2)+"/cancel", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.NotContains(t, w.Header().Get("Location"), code2)
	list = b.Get(t, "/console/invites").Body.String()
	assert.Contains(t, list, "已作废邀请码（编号 "+itoa(id2)+"）")
	assert.NotContains(t, list, "柳州城中联络站")
	token2, _ := s.User(t)
	r = s.Do(t, "POST", "/api/v1/auth/redeem", token2, map[string]string{"invite_code": code2})
	assert.Equal(t, http.StatusConflict, r.Code)
	assert.Contains(t, r.Body.String(), "invite_cancelled")

	assert.Equal(t, http.StatusNotFound, b.Post(t, "/console/invites/x/cancel", nil).Code)
	assert.Equal(t, http.StatusNotFound, b.Post(t, "/console/invites/999999/cancel", nil).Code)
}

func TestAdminInvitesADeputyAndAnAreaAndAnAdmin(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	d := s.Deputy(t, "韦建国", "13800700001", st)
	b, _, _ := s.ConsoleUser(t, admin)

	// A deputy found by name.
	w := b.Post(t, "/console/invites", url.Values{"role": {"deputy"}, "deputy_q": {"韦建"}, "step": {"deputy"}})
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `name="deputy_id" value="`+itoa(d)+`"`)
	assert.Contains(t, w.Body.String(), "138****0001")
	assert.NotContains(t, w.Body.String(), "13800700001")
	// From a link: the deputy chosen already.
	assert.Contains(t, b.Get(t, "/console/invites?deputy_id="+itoa(d)).Body.String(), `value="`+itoa(d)+`" checked`)

	w = b.Post(t, "/console/invites", url.Values{"role": {"deputy"}, "deputy_id": {itoa(d)}, "station_ids": {itoa(st)}, "make": {"1"}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "代表（韦建国）", "a deputy's invite ignores the staff fields")

	w = b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "scope": {"area"}, "city": {testkit.AreaNanning}, "county": {testkit.AreaXingning}, "make": {"1"}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "工作人员（兴宁区）")

	// WeChat does not answer: the code in text, and no failure.
	s.WeChat.FailQRCode(45009)
	w = b.Post(t, "/console/invites", url.Values{"role": {"admin"}, "station_ids": {itoa(st)}, "make": {"1"}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "管理员（全区）", "an admin's invite ignores the staff fields")
	assert.NotContains(t, w.Body.String(), `class="invite-image"`)
	assert.Contains(t, w.Body.String(), "请对方打开微信小程序，在首页点“使用邀请码”")
	assert.Regexp(t, inviteCode, w.Body.String())
	assert.Equal(t, 3, count(t, s, "invites"))
}

func TestABadInviteFormShowsTheErrorBesideTheFieldAndMakesNothing(t *testing.T) {
	s := wired.New(t)
	b, _, _ := s.ConsoleUser(t, admin)

	w := b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "scope": {"stations"}, "make": {"1"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "工作人员须指定联络站或区域")
	assert.Less(t, strings.Index(page, `<legend>工作人员`), strings.Index(page, "工作人员须指定联络站或区域"), "beside the stations")
	assert.Less(t, strings.Index(page, "工作人员须指定联络站或区域"), strings.Index(page, `<legend>代表`))
	assert.Contains(t, page, `<input type="radio" name="role" value="staff" checked>`, "what was chosen stays")

	w = b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "scope": {"area"}, "make": {"1"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请选择区域")

	w = b.Post(t, "/console/invites", url.Values{"role": {"deputy"}, "make": {"1"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "须指定代表")

	w = b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "scope": {"stations"}, "station_ids": {"999999"}, "make": {"1"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "联络站不存在")
	assert.Equal(t, 0, count(t, s, "invites"))
}

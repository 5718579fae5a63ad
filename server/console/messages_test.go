package console_test

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// A Wednesday in Shanghai, far from holidays.
var messagesNow = time.Date(2024, 3, 13, 10, 0, 0, 0, clock.Shanghai)

// twoStations is a wired service at messagesNow with two stations of one
// county and a signed-in browser of station A's staff.
type twoStations struct {
	s      *wired.Service
	clk    *clock.Fixed
	a, b   int64
	staffA *wired.Browser
	me     *access.Principal
}

func newTwoStations(t *testing.T) *twoStations {
	clk := clock.NewFixed(messagesNow)
	s := wired.New(t, wired.Clock(clk))
	x := &twoStations{s: s, clk: clk, a: s.Station(t, "民主路社区联络站", testkit.AreaXingning), b: s.Station(t, "朝阳社区联络站", testkit.AreaXingning)}
	x.staffA, _, _ = s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{x.a}})
	token, _, _ := s.SignIn(t)
	x.me = s.As(t, token)
	return x
}

// submit leaves a message at station as the citizen, with a photo when asked.
func (x *twoStations) submit(t *testing.T, station int64, content, category string, photo bool) *messages.Created {
	t.Helper()
	in := messages.Input{Category: category, Content: content, Name: "李女士", Phone: "13800138000"}
	if photo {
		img, err := x.s.Messages.Upload(t.Context(), x.me, wired.JPEG(t))
		require.NoError(t, err)
		in.ImageIDs = []int64{img.ID}
	}
	c, err := x.s.Messages.Submit(t.Context(), x.me, station, in, messages.Origin{IP: "192.0.2.1"})
	require.NoError(t, err)
	return c
}

func (x *twoStations) photoOf(t *testing.T, id int64) int64 {
	t.Helper()
	m, err := x.s.Messages.Get(t.Context(), wired.Admin, id)
	require.NoError(t, err)
	require.NotEmpty(t, m.Images)
	return m.Images[0].ID
}

func (x *twoStations) status(t *testing.T, id int64) string {
	t.Helper()
	m, err := x.s.Messages.Get(t.Context(), wired.Admin, id)
	require.NoError(t, err)
	return m.Status
}

// sheet is the rows of the workbook of an export.
func sheet(t *testing.T, w *http.Response, body []byte) [][]string {
	t.Helper()
	require.Equal(t, http.StatusOK, w.StatusCode, string(body))
	x, err := excelize.OpenReader(bytes.NewReader(body))
	require.NoError(t, err)
	defer x.Close()
	rows, err := x.GetRows("留言")
	require.NoError(t, err)
	return rows
}

func codes(rows [][]string) []string {
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[0])
	}
	return out
}

func TestStaffOfOneStationSeeNoneOfAnothersMessages(t *testing.T) {
	x := newTwoStations(t)
	mine := x.submit(t, x.a, "民主路路灯坏了三盏，晚上出行不便。", "urban_rural", true)
	theirs := x.submit(t, x.b, "朝阳路菜市场门口积水严重。", "environment", true)

	w := x.staffA.Get(t, "/console/messages")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, mine.Code)
	assert.Contains(t, page, "民主路路灯坏了三盏")
	assert.Contains(t, page, "待受理", "the status in Chinese")
	assert.NotContains(t, page, ">submitted<")
	assert.NotContains(t, page, theirs.Code)
	assert.NotContains(t, page, "菜市场")

	assert.Equal(t, http.StatusOK, x.staffA.Get(t, "/console/messages/"+itoa(mine.ID)).Code)
	w = x.staffA.Get(t, "/console/messages/"+itoa(theirs.ID))
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.NotContains(t, w.Body.String(), "菜市场")
	assert.Equal(t, http.StatusNotFound, x.staffA.Get(t, "/console/messages/abc").Code)

	w = x.staffA.Get(t, "/console/messages/photos/"+itoa(x.photoOf(t, mine.ID)))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "image/jpeg", w.Header().Get("Content-Type"))
	assert.Equal(t, http.StatusNotFound, x.staffA.Get(t, "/console/messages/photos/"+itoa(x.photoOf(t, theirs.ID))).Code)
	assert.Contains(t, x.staffA.Get(t, "/console/messages/"+itoa(mine.ID)).Body.String(),
		`src="/console/messages/photos/`+itoa(x.photoOf(t, mine.ID))+`"`)

	w = x.staffA.Get(t, "/console/messages/export")
	assert.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", w.Header().Get("Content-Type"))
	assert.Regexp(t, `^attachment; filename="messages.xlsx"; filename\*=UTF-8''%E7%BE%A4%E4%BC%97%E7%95%99%E8%A8%80-20240313-1000\.xlsx$`,
		w.Header().Get("Content-Disposition"), "群众留言-<time>.xlsx")
	rows := sheet(t, w.Result(), w.Body.Bytes())
	assert.Equal(t, []string{mine.Code}, codes(rows), "only station A's rows")
	assert.NotContains(t, w.Body.String(), "菜市场")
	rows = sheet(t, x.staffA.Get(t, "/console/messages/export?station_id="+itoa(x.b)).Result(), x.staffA.Get(t, "/console/messages/export?station_id="+itoa(x.b)).Body.Bytes())
	assert.Empty(t, codes(rows), "asking for station B's exports nothing of it")

	// Staff of B may not act on A's message either: the same 404.
	staffB, _, _ := x.s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{x.b}})
	assert.Equal(t, http.StatusNotFound, staffB.Post(t, "/console/messages/"+itoa(mine.ID)+"/handle", url.Values{"action": {"accept"}}).Code)
	assert.Equal(t, messages.StatusSubmitted, x.status(t, mine.ID))
}

func TestTheInboxFilterAndItsExportHoldTheSameRows(t *testing.T) {
	x := newTwoStations(t)
	one := x.submit(t, x.a, "学校门口需要增设减速带。", "education", false)
	two := x.submit(t, x.a, "小区电梯经常停运，老人上下楼困难。", "urban_rural", false)
	three := x.submit(t, x.a, "公交站台没有遮雨棚。", "transport", false)
	_, err := x.s.Messages.Handle(t.Context(), wired.Admin, two.ID, messages.Transition{Action: messages.ActionAccept})
	require.NoError(t, err)

	for _, c := range []struct {
		query string
		want  []string
	}{
		{"status=accepted", []string{two.Code}},
		{"category=education", []string{one.Code}},
		{"code=" + three.Code[len(three.Code)-4:], []string{three.Code}},
		{"from=2024-03-13&to=2024-03-13", []string{one.Code, two.Code, three.Code}},
		{"from=2024-03-14", nil},
	} {
		w := x.staffA.Get(t, "/console/messages?"+c.query)
		require.Equal(t, http.StatusOK, w.Code, c.query)
		listed := regexp.MustCompile(`LX\d{4}-[2-9A-Z]{4}`).FindAllString(w.Body.String(), -1)
		exp := x.staffA.Get(t, "/console/messages/export?"+c.query)
		rows := sheet(t, exp.Result(), exp.Body.Bytes())
		assert.ElementsMatch(t, c.want, codes(rows), c.query)
		assert.ElementsMatch(t, c.want, dedupe(listed), c.query)
	}
	w := x.staffA.Get(t, "/console/messages?from=2024-13-01")
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "日期格式应为 2024-01-31")
	assert.Contains(t, x.staffA.Get(t, "/console/messages?status=accepted").Body.String(),
		`href="/console/messages/export?status=accepted"`, "the export link keeps the filter")
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func TestEachHandlingStepChangesTheStateAndShowsOnThePage(t *testing.T) {
	x := newTwoStations(t)
	deputy := x.s.Deputy(t, "黄代表", "13900000001", x.a)
	unit, err := x.s.Registry.CreateUnit(t.Context(), wired.Admin, registry.UnitInput{Name: "兴宁区住建局", AreaCode: testkit.AreaXingning,
		ContactName: "王科长", ContactPhone: "0771-5551234"})
	require.NoError(t, err)
	m := x.submit(t, x.a, "民主路路灯坏了三盏，晚上出行不便。", "urban_rural", false)
	path := "/console/messages/" + itoa(m.ID)

	page := x.staffA.Get(t, path).Body.String()
	assert.Contains(t, page, `name="action" value="accept"`)
	assert.Contains(t, page, `name="action" value="reject"`)
	assert.NotContains(t, page, `name="action" value="reply"`, "a message not yet accepted cannot be replied")

	due := messagesNow.AddDate(0, 0, 20).Format(time.DateOnly)
	for _, step := range []struct {
		form   url.Values
		flash  string
		status string
		shows  string
	}{
		{url.Values{"action": {"accept"}}, "已受理。", "已受理", "联络站受理"},
		{url.Values{"action": {"assign"}, "deputy_id": {itoa(deputy)}}, "已交给代表办理。", "已交代表办理", "交由黄代表代表办理"},
		{url.Values{"action": {"transfer"}, "unit_id": {itoa(unit.ID)}}, "已转交承办单位。", "已转交部门", "转交兴宁区住建局办理"},
		{url.Values{"action": {"reply"}, "reply": {"已联系供电所，三天内修复。"}}, "已答复群众。", "已答复，待评价", "已联系供电所，三天内修复。"},
		{url.Values{"action": {"promise"}, "promise": {"更换全部老旧路灯"}, "due_at": {due}}, "已承诺限期办理。", "已承诺，待落实", "更换全部老旧路灯"},
		{url.Values{"action": {"close"}}, "已办结。", "已办结", "办结"},
	} {
		w := x.staffA.Post(t, path+"/handle", step.form)
		require.Equal(t, http.StatusSeeOther, w.Code, step.form.Get("action")+": "+w.Body.String())
		require.Equal(t, path, w.Header().Get("Location"))
		page := x.staffA.Get(t, path).Body.String()
		assert.Contains(t, page, `<div class="flash" role="status">`+step.flash+`</div>`)
		assert.Contains(t, page, step.status)
		assert.Contains(t, page, step.shows)
	}
	assert.Equal(t, messages.StatusClosed, x.status(t, m.ID))
	page = x.staffA.Get(t, path).Body.String()
	assert.Contains(t, page, "不需要再办理")
	assert.NotContains(t, page, `/handle"`, "a closed message offers no step")

	// A step the state does not allow is refused with the capability's words and changes nothing.
	w := x.staffA.Post(t, path+"/handle", url.Values{"action": {"accept"}})
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), `<div class="alert" role="alert">留言当前状态不允许该操作`)
	assert.Equal(t, messages.StatusClosed, x.status(t, m.ID))

	// Rejecting needs a reason: shown beside the field, nothing changes.
	other := x.submit(t, x.a, "希望增加社区图书室的开放时间。", "education", false)
	w = x.staffA.Post(t, "/console/messages/"+itoa(other.ID)+"/handle", url.Values{"action": {"reject"}, "reason": {"  "}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Regexp(t, `name="reason"[^>]*>\s*</textarea>\s*<span class="field-error" role="alert">请填写不予受理的理由</span>`, w.Body.String())
	assert.Equal(t, messages.StatusSubmitted, x.status(t, other.ID))
	w = x.staffA.Post(t, "/console/messages/"+itoa(other.ID)+"/handle", url.Values{"action": {"reject"}, "reason": {"不属于人大代表职责范围，请拨打 12345。"}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	page = x.staffA.Get(t, "/console/messages/"+itoa(other.ID)).Body.String()
	assert.Contains(t, page, "不予受理")
	assert.Contains(t, page, "请拨打 12345")
	assert.Equal(t, messages.StatusRejected, x.status(t, other.ID))

	// A step from another origin is refused before it reaches the message.
	third := x.submit(t, x.a, "小区垃圾清运不及时。", "environment", false)
	req, _ := http.NewRequest(http.MethodPost, wired.ConsoleOrigin+"/console/messages/"+itoa(third.ID)+"/handle", bytes.NewBufferString("action=accept"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	assert.Equal(t, http.StatusForbidden, x.staffA.Send(t, req, "cross-site").Code)
	assert.Equal(t, messages.StatusSubmitted, x.status(t, third.ID))
}

func TestAWalkInWithoutConsentStoresNothing(t *testing.T) {
	x := newTwoStations(t)
	count := func() int { return x.s.DB.Count(t, "SELECT COUNT(*) FROM messages") }
	w := x.staffA.Get(t, "/console/messages/new")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "民主路社区联络站")
	assert.NotContains(t, w.Body.String(), "朝阳社区联络站", "only the caller's stations are offered")

	form := url.Values{"station_id": {itoa(x.a)}, "category": {"health"}, "content": {"社区卫生服务站周末不开门，看病不方便。"},
		"name": {"陈大爷"}, "phone": {"13700137000"}}
	w = x.staffA.Post(t, "/console/messages/new", form)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Regexp(t, `name="consent" value="1"\s*>[^<]*</label>\s*<span class="field-error" role="alert">须经群众同意后方可代为录入</span>`, w.Body.String())
	assert.Contains(t, w.Body.String(), "社区卫生服务站周末不开门", "what was typed stays")
	assert.Equal(t, 0, count())

	form.Set("station_id", itoa(x.b))
	form.Set("consent", "1")
	w = x.staffA.Post(t, "/console/messages/new", form)
	assert.Equal(t, http.StatusBadRequest, w.Code, "another station's walk-in")
	assert.Contains(t, w.Body.String(), "不在您负责的范围内")
	assert.Equal(t, 0, count())

	form.Set("station_id", itoa(x.a))
	w = x.staffA.Post(t, "/console/messages/new", form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, 1, count())
	page := x.staffA.Get(t, w.Header().Get("Location")).Body.String()
	assert.Contains(t, page, "已录入，查询码 LX")
	assert.Contains(t, page, "工作人员代为录入")
	assert.Contains(t, page, "陈大爷")
}

func TestTheInboxPagesByTwenty(t *testing.T) {
	x := newTwoStations(t)
	x.s.DB.Exec(t, `INSERT INTO messages (code, station_id, category, content, status, accept_due, reply_due, created_at, updated_at, county_code)
		SELECT CONCAT('LX2403-', CHAR(65 + seq DIV 26), CHAR(65 + seq MOD 26), 'QQ'), ?, 'other', CONCAT('第', seq, '条'), 'submitted',
			? + INTERVAL 3 DAY, ? + INTERVAL 20 DAY, ? - INTERVAL seq MINUTE, ?, ? FROM seq_1_to_45`,
		x.a, messagesNow, messagesNow, messagesNow, messagesNow, testkit.AreaXingning)
	require.NoError(t, messages.RebuildTallies(t.Context(), x.s.DB.DB, x.clk.Now())) // the rows went past the service
	nextLink := regexp.MustCompile(`<a class="button" href="\?([^"]+)">下一页`)
	page := x.staffA.Get(t, "/console/messages?category=other").Body.String()
	var seen []string
	for i, want := range []int{20, 20, 5} {
		listed := dedupe(regexp.MustCompile(`LX2403-[A-Z]{4}`).FindAllString(page, -1))
		assert.Len(t, listed, want, "page %d", i+1)
		for _, c := range listed {
			assert.NotContains(t, seen, c, "a message shows on one page only")
		}
		seen = append(seen, listed...)
		next := nextLink.FindStringSubmatch(page)
		if i == 2 {
			assert.Nil(t, next, "the last page has no next")
			break
		}
		require.NotNil(t, next)
		q, err := url.ParseQuery(html.UnescapeString(next[1]))
		require.NoError(t, err)
		assert.Equal(t, "other", q.Get("category"), "the next page keeps the filter")
		page = x.staffA.Get(t, "/console/messages?"+q.Encode()).Body.String()
	}
	assert.Len(t, seen, 45)
}

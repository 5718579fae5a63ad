package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// activityDesk is two stations of one county, each with its own staff in
// the console, and station A's deputies: one whose employer has a landline,
// one whose employer has a mobile. The clock stands at 10:00 in Nanning on
// a Monday, outside the SMS quiet hours.
type activityDesk struct {
	s          *wired.Service
	clk        *clock.Fixed
	a, b       int64
	staffA     *wired.Browser
	staffB     *wired.Browser
	landline   int64 // 覃海燕, employer 自治区人民医院 on 0771-5551234
	mobile     int64 // 黄秀兰, employer 南宁市第二中学 on a mobile
	deputyOfB  int64
	activities int
}

func newActivityDesk(t *testing.T) *activityDesk {
	t.Helper()
	clk := clock.NewFixed(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk))
	d := &activityDesk{s: s, clk: clk}
	d.a = s.Station(t, "民生街道联络站", "450102")
	d.b = s.Station(t, "青秀山联络站", "450103")
	d.landline = s.Deputy(t, "覃海燕", "13800138001", d.a)
	d.mobile = s.Deputy(t, "黄秀兰", "13800138002", d.a)
	d.deputyOfB = s.Deputy(t, "乙站代表", "13800138009", d.b)
	for id, e := range map[int64][3]string{
		d.landline: {"自治区人民医院", "李娟", "0771-5551234"},
		d.mobile:   {"南宁市第二中学", "梁志明", "13800138102"},
	} {
		_, err := s.Registry.UpdateDeputy(t.Context(), wired.Admin, id, registry.DeputyInput{Employer: &registry.EmployerInput{
			Name: deskPtr(e[0]), ContactName: deskPtr(e[1]), ContactPhone: deskPtr(e[2])}})
		require.NoError(t, err)
	}
	d.staffA, _, _ = s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{d.a}})
	d.staffB, _, _ = s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{d.b}})
	return d
}

func deskPtr[T any](v T) *T { return &v }

// form is a new activity of station A, two days ahead, inviting the station.
func (d *activityDesk) form(title string) url.Values {
	return url.Values{
		"station_id":       {strconv.FormatInt(d.a, 10)},
		"kind":             {"reception_day"},
		"title":            {title},
		"description":      {"听取群众对老旧小区改造的意见"},
		"start_at":         {"2026-03-04T09:30"},
		"end_at":           {"2026-03-04T11:30"},
		"venue":            {"民生街道办事处二楼"},
		"latitude":         {"22.817"},
		"longitude":        {"108.366"},
		"checkin_radius_m": {"300"},
		"invitees_mode":    {"station"},
	}
}

var activityLocation = regexp.MustCompile(`^/console/activities/(\d+)$`)

// create posts the form as staff of A and returns the new activity's id.
func (d *activityDesk) create(t *testing.T, form url.Values) int64 {
	t.Helper()
	w := d.staffA.Post(t, "/console/activities", form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	m := activityLocation.FindStringSubmatch(w.Header().Get("Location"))
	require.NotNil(t, m, w.Header().Get("Location"))
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func (d *activityDesk) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, d.s.DB.GetContext(t.Context(), &n, q, args...))
	return n
}

func TestCreatingAndPublishingThroughTheFormsNotifiesTheDeputiesAndTheirEmployers(t *testing.T) {
	d := newActivityDesk(t)

	// The form of a one-station staff member goes straight to its station.
	w := d.staffA.Get(t, "/console/activities/new")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "民生街道联络站")
	assert.Contains(t, page, `type="datetime-local"`)
	assert.Contains(t, page, "代表接待日")
	assert.Contains(t, page, "覃海燕", "the station's deputies may be chosen one by one")

	id := d.create(t, d.form("三月代表接待日"))
	w = d.staffA.Get(t, "/console/activities/"+itoa(id))
	require.Equal(t, http.StatusOK, w.Code)
	page = w.Body.String()
	assert.Contains(t, page, "活动已保存为草稿", "the flash")
	assert.Contains(t, page, "草稿")
	assert.Contains(t, page, "发布后将通知 2 位受邀代表，并给 2 个代表所在单位发送履职时间保障通知", "the confirmation names the audience")
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ?", "activity:"+itoa(id)))

	w = d.staffA.Post(t, "/console/activities/"+itoa(id)+"/publish", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, 2, d.count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND recipient_type = 'deputy'", "activity:"+itoa(id)))
	assert.Equal(t, 2, d.count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND recipient_type = 'employer'", "activity:"+itoa(id)))

	page = d.staffA.Get(t, "/console/activities/"+itoa(id)).Body.String()
	assert.Contains(t, page, "活动已发布：正在通知 2 位代表")
	assert.Contains(t, page, "已发布")
	assert.Contains(t, page, "待发送", "the deputies' notices wait for the worker")
	assert.Contains(t, page, "座机无法接收短信，请电话通知", "the landline's notice is skipped with its reason")
	assert.NotContains(t, page, "skipped")
	assert.NotContains(t, page, "pending")

	// The employers to telephone: the landline's, with the whole number.
	toPhone := deskSection(page, "需要电话通知的单位")
	assert.Contains(t, toPhone, "自治区人民医院")
	assert.Contains(t, toPhone, "李娟")
	assert.Contains(t, toPhone, "0771-5551234")
	assert.Contains(t, toPhone, "覃海燕")
	assert.NotContains(t, toPhone, "南宁市第二中学", "the mobile employer gets its SMS")

	d.s.SendPending(t, "activity:"+itoa(id))
	page = d.staffA.Get(t, "/console/activities/"+itoa(id)).Body.String()
	assert.Contains(t, page, "已发送")

	// A published activity's form says that a change is announced.
	page = d.staffA.Get(t, "/console/activities/"+itoa(id)+"/edit").Body.String()
	assert.Contains(t, page, "系统会自动给 2 位受邀代表和 2 个代表单位发送变更通知")
	changed := d.form("三月代表接待日")
	changed.Set("start_at", "2026-03-04T14:30")
	changed.Set("end_at", "2026-03-04T16:30")
	w = d.staffA.Post(t, "/console/activities/"+itoa(id), changed)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Contains(t, d.staffA.Get(t, "/console/activities/"+itoa(id)).Body.String(), "变更通知正在发给受邀代表及其单位")
	assert.Equal(t, 2, d.count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND kind = 'activity_changed'", "activity:"+itoa(id)))

	// The list shows it in Chinese.
	page = d.staffA.Get(t, "/console/activities?status=published").Body.String()
	assert.Contains(t, page, "三月代表接待日")
	assert.Contains(t, page, "代表接待日")
	assert.Contains(t, page, "已发布")
	assert.NotContains(t, d.staffA.Get(t, "/console/activities?status=draft").Body.String(), "三月代表接待日")
}

func TestTheEmployerWithALandlineGetsAPrintedLetter(t *testing.T) {
	d := newActivityDesk(t)
	id := d.create(t, d.form("三月代表接待日"))
	w := d.staffA.Get(t, "/console/activities/"+itoa(id)+"/letters")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "没有需要打印的保障函", "a draft has told no one")

	require.Equal(t, http.StatusSeeOther, d.staffA.Post(t, "/console/activities/"+itoa(id)+"/publish", nil).Code)
	w = d.staffA.Get(t, "/console/activities/"+itoa(id)+"/letters")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Equal(t, 1, strings.Count(page, `class="sheet letter"`), "one letter: only the landline's employer")
	assert.Contains(t, page, "自治区人民医院：")
	assert.Contains(t, page, "<strong>覃海燕</strong>")
	assert.Contains(t, page, "按正常出勤对待")
	assert.Contains(t, page, "三月代表接待日")
	assert.Contains(t, page, "2026年3月4日 09:30 至 11:30", "a letter names a same-day activity's date once")
	assert.Contains(t, page, "民生街道办事处二楼")
	assert.Contains(t, page, "第三十三条", "the legal basis")
	assert.Contains(t, page, "人大常委会代表联络站", "the issuing office")
	assert.Contains(t, page, "data-print")
	assert.NotContains(t, page, `class="sidebar"`, "paper: no menu")
	assert.NotContains(t, page, "南宁市第二中学")
}

func TestAnotherStationsStaffSeeNoneOfItsActivitiesAndChangeNothing(t *testing.T) {
	d := newActivityDesk(t)
	id := d.create(t, d.form("甲站的活动"))
	draft := d.create(t, d.form("甲站的草稿"))
	require.Equal(t, http.StatusSeeOther, d.staffA.Post(t, "/console/activities/"+itoa(id)+"/publish", nil).Code)
	notices := d.count(t, "SELECT COUNT(*) FROM notifications")

	page := d.staffB.Get(t, "/console/activities").Body.String()
	assert.NotContains(t, page, "甲站的活动")
	assert.NotContains(t, page, "甲站的草稿")
	assert.Contains(t, page, "没有符合条件的活动")
	assert.NotContains(t, d.staffB.Get(t, "/console/activities?station_id="+itoa(d.a)).Body.String(), "甲站的活动")

	for _, path := range []string{"", "/edit", "/letters", "/venue", "/venue/code"} {
		w := d.staffB.Get(t, "/console/activities/"+itoa(id)+path)
		assert.Equal(t, http.StatusNotFound, w.Code, path)
		assert.NotContains(t, w.Body.String(), "甲站的活动", path)
	}
	var nid int64
	require.NoError(t, d.s.DB.GetContext(t.Context(), &nid, "SELECT id FROM notifications WHERE subject = ? ORDER BY id LIMIT 1", "activity:"+itoa(id)))
	d.s.DB.Exec(t, "UPDATE notifications SET status = 'failed', last_error = '号码无效' WHERE id = ?", nid)
	for _, post := range []struct {
		path string
		form url.Values
	}{
		{"/console/activities/" + itoa(draft) + "/publish", nil},
		{"/console/activities/" + itoa(id) + "/cancel", url.Values{"reason": {"乙站想取消"}}},
		{"/console/activities/" + itoa(id) + "/attendance", url.Values{"deputy_id": {itoa(d.landline)}, "note": {"乙站代登"}}},
		{"/console/activities/" + itoa(id) + "/notices/" + itoa(nid) + "/resend", nil},
		{"/console/activities/" + itoa(id), d.form("乙站改的标题")},
	} {
		assert.Equal(t, http.StatusNotFound, d.staffB.Post(t, post.path, post.form).Code, post.path)
	}
	assert.Equal(t, "published", d.status(t, id))
	assert.Equal(t, "draft", d.status(t, draft))
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM activity_checkins"))
	assert.Equal(t, notices, d.count(t, "SELECT COUNT(*) FROM notifications"))
	assert.Equal(t, "failed", d.noticeStatus(t, nid), "not resent")
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM activities WHERE title = '乙站改的标题'"))

	// Nor can B create one at A by naming A's station in the form.
	w := d.staffB.Post(t, "/console/activities", d.form("乙站冒名的活动"))
	assert.NotEqual(t, http.StatusSeeOther, w.Code)
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM activities WHERE title = '乙站冒名的活动'"))

	// A's staff resend the failed notice; the page offers it.
	page = d.staffA.Get(t, "/console/activities/"+itoa(id)).Body.String()
	assert.Contains(t, page, "发送失败")
	assert.Contains(t, page, "号码无效")
	assert.Contains(t, page, "/notices/"+itoa(nid)+"/resend")
	require.Equal(t, http.StatusSeeOther, d.staffA.Post(t, "/console/activities/"+itoa(id)+"/notices/"+itoa(nid)+"/resend", nil).Code)
	assert.Equal(t, "pending", d.noticeStatus(t, nid))
}

func TestABadFormShowsTheFieldErrorAndStoresNothing(t *testing.T) {
	d := newActivityDesk(t)
	form := d.form("结束早于开始")
	form.Set("end_at", "2026-03-04T08:00")
	w := d.staffA.Post(t, "/console/activities", form)
	require.Equal(t, http.StatusBadRequest, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "结束时间须晚于开始时间")
	assert.Contains(t, page, `value="结束早于开始"`, "what was typed stays")
	assert.Contains(t, page, `value="2026-03-04T08:00"`)
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM activities"))

	form = d.form("")
	form.Set("start_at", "明天上午")
	w = d.staffA.Post(t, "/console/activities", form)
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请按“年-月-日 时:分”填写开始时间")
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM activities"))

	form = d.form("没有选代表")
	form.Set("invitees_mode", "deputies")
	w = d.staffA.Post(t, "/console/activities", form)
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请至少选择一位代表")

	// A draft's change with the same fault changes nothing; a good one is saved.
	id := d.create(t, d.form("要修改的草稿"))
	bad := d.form("改坏的草稿")
	bad.Set("end_at", "2026-03-04T08:00")
	w = d.staffA.Post(t, "/console/activities/"+itoa(id), bad)
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "结束时间须晚于开始时间")
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM activities WHERE title = '改坏的草稿'"))
	require.Equal(t, http.StatusSeeOther, d.staffA.Post(t, "/console/activities/"+itoa(id), d.form("改好的草稿")).Code)
	assert.Equal(t, 1, d.count(t, "SELECT COUNT(*) FROM activities WHERE id = ? AND title = '改好的草稿'", id))
	assert.Zero(t, d.count(t, "SELECT COUNT(*) FROM notifications"), "a draft's change tells no one")

	// A cancel without a reason says so on the activity's page.
	id = d.create(t, d.form("要取消的活动"))
	w = d.staffA.Post(t, "/console/activities/"+itoa(id)+"/cancel", url.Values{"reason": {" "}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请填写取消原因")
	assert.Equal(t, "draft", d.status(t, id))
	require.Equal(t, http.StatusSeeOther, d.staffA.Post(t, "/console/activities/"+itoa(id)+"/cancel", url.Values{"reason": {"场地冲突"}}).Code)
	assert.Equal(t, "cancelled", d.status(t, id))
	assert.Contains(t, d.staffA.Get(t, "/console/activities/"+itoa(id)).Body.String(), "活动已取消：场地冲突")
}

func TestAttendanceByHandShowsTheDeputyCheckedIn(t *testing.T) {
	d := newActivityDesk(t)
	form := d.form("手工签到")
	form.Set("invitees_mode", "deputies")
	form["deputy_ids"] = []string{itoa(d.landline), itoa(d.mobile)}
	id := d.create(t, form)
	require.Equal(t, http.StatusSeeOther, d.staffA.Post(t, "/console/activities/"+itoa(id)+"/publish", nil).Code)

	w := d.staffA.Post(t, "/console/activities/"+itoa(id)+"/attendance", url.Values{"deputy_id": {itoa(d.mobile)}, "note": {"手机没电，现场核实"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page := d.staffA.Get(t, "/console/activities/"+itoa(id)).Body.String()
	assert.Contains(t, page, "已登记签到（10:00）")
	assert.Contains(t, page, "工作人员补登：手机没电，现场核实")
	assert.Contains(t, page, "2026-03-02 10:00")
	assert.Equal(t, 1, d.count(t, "SELECT COUNT(*) FROM activity_checkins WHERE activity_id = ? AND deputy_id = ? AND method = 'manual'", id, d.mobile))

	// Someone not invited cannot be checked in.
	w = d.staffA.Post(t, "/console/activities/"+itoa(id)+"/attendance", url.Values{"deputy_id": {itoa(d.deputyOfB)}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "该代表未受邀参加此活动")
}

func TestTheVenueScreenShowsACodeThatTurnsWithTheClock(t *testing.T) {
	d := newActivityDesk(t)
	id := d.create(t, d.form("扫码签到的活动"))
	w := d.staffA.Get(t, "/console/activities/"+itoa(id)+"/venue")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "活动未发布或已取消，没有签到码", "a draft has no code")

	require.Equal(t, http.StatusSeeOther, d.staffA.Post(t, "/console/activities/"+itoa(id)+"/publish", nil).Code)
	w = d.staffA.Get(t, "/console/activities/"+itoa(id)+"/venue")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "扫码签到的活动")
	assert.Contains(t, page, "扫码签到")
	assert.Contains(t, page, `data-refresh-url="/console/activities/`+itoa(id)+`/venue/code"`)
	assert.Contains(t, page, `src="data:image/png;base64,`)
	assert.NotContains(t, page, `class="sidebar"`, "full screen: no menu")
	first := venueCode(t, page)

	frag := d.staffA.Get(t, "/console/activities/"+itoa(id)+"/venue/code")
	require.Equal(t, http.StatusOK, frag.Code)
	assert.NotContains(t, frag.Body.String(), "<html", "just the block")
	assert.Equal(t, first, venueCode(t, frag.Body.String()), "the same 30 seconds, the same code")

	d.clk.Advance(31 * time.Second)
	frag = d.staffA.Get(t, "/console/activities/"+itoa(id)+"/venue/code")
	require.Equal(t, http.StatusOK, frag.Code)
	assert.NotEqual(t, first, venueCode(t, frag.Body.String()), "the code turned")
}

var codeText = regexp.MustCompile(`class="code-text"[^>]*>([A-Z0-9]+)<`)

func venueCode(t *testing.T, html string) string {
	t.Helper()
	m := codeText.FindStringSubmatch(html)
	require.NotNil(t, m, html)
	return m[1]
}

func (d *activityDesk) status(t *testing.T, id int64) string {
	t.Helper()
	var s string
	require.NoError(t, d.s.DB.GetContext(t.Context(), &s, "SELECT status FROM activities WHERE id = ?", id))
	return s
}

func (d *activityDesk) noticeStatus(t *testing.T, id int64) string {
	t.Helper()
	var s string
	require.NoError(t, d.s.DB.GetContext(t.Context(), &s, "SELECT status FROM notifications WHERE id = ?", id))
	return s
}

// deskSection is the part of page from the heading that starts with title to
// the end of its section.
func deskSection(page, title string) string {
	i := strings.Index(page, title)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		return rest[:j]
	}
	return rest
}

func TestTheListPagesFiftyAtATimeAndKeepsItsFilter(t *testing.T) {
	d := newActivityDesk(t)
	start, end := time.Date(2026, 3, 10, 1, 30, 0, 0, time.UTC), time.Date(2026, 3, 10, 3, 30, 0, 0, time.UTC)
	for i := 0; i < 52; i++ {
		d.clk.Advance(time.Second) // newest first, by when they were made
		_, err := d.s.Activities.Create(t.Context(), wired.Admin, activities.Input{StationID: &d.a, Kind: deskPtr("study"),
			Title: deskPtr(fmt.Sprintf("第%02d次集中学习", i)), StartAt: &start, EndAt: &end, Invitees: &activities.Invitees{StationID: d.a}})
		require.NoError(t, err)
	}
	page := d.staffA.Get(t, "/console/activities?status=draft&from=2026-03-10&to=2026-03-10").Body.String()
	assert.Equal(t, 50, strings.Count(page, "集中学习</a>"))
	assert.Contains(t, page, "第51次集中学习")
	assert.NotContains(t, page, "第01次集中学习")
	m := regexp.MustCompile(`href="(\?[^"]*cursor=[^"]+)"`).FindStringSubmatch(page)
	require.NotNil(t, m, "a link to the next page")
	next := strings.ReplaceAll(m[1], "&amp;", "&")
	assert.Contains(t, next, "status=draft", "the filter stays")
	page = d.staffA.Get(t, "/console/activities"+next).Body.String()
	assert.Equal(t, 2, strings.Count(page, "集中学习</a>"))
	assert.Contains(t, page, "第01次集中学习")

	assert.NotContains(t, d.staffA.Get(t, "/console/activities?from=2026-03-11").Body.String(), "集中学习</a>", "they start on the 10th")
	w := d.staffA.Get(t, "/console/activities?from=昨天")
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "日期格式应为 2024-01-31")
}

func TestStaffOfSeveralStationsFirstPickTheStation(t *testing.T) {
	d := newActivityDesk(t)
	both, _, _ := d.s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{d.a, d.b}})
	page := both.Get(t, "/console/activities/new").Body.String()
	assert.Contains(t, page, "第一步：选择举办活动的联络站")
	assert.Contains(t, page, "民生街道联络站")
	assert.Contains(t, page, "青秀山联络站")
	assert.NotContains(t, page, `name="title"`)

	page = both.Get(t, "/console/activities/new?station_id="+itoa(d.b)).Body.String()
	assert.Contains(t, page, `name="title"`)
	assert.Contains(t, page, "乙站代表", "the chosen station's deputies")
	assert.NotContains(t, page, "覃海燕")
	assert.Contains(t, page, "更换")

	// A station not theirs is not there.
	assert.Equal(t, http.StatusNotFound, d.staffA.Get(t, "/console/activities/new?station_id="+itoa(d.b)).Code)
}

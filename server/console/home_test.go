package console_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// figureOf is the value of the 工作台's figure labelled label.
func figureOf(t *testing.T, page, label string) string {
	t.Helper()
	m := regexp.MustCompile(`<div class="label">` + label + `</div>\s*<div class="value">(?:<a [^>]*>)?([^<]*)`).FindStringSubmatch(page)
	require.NotNil(t, m, "no figure %s", label)
	return m[1]
}

func TestTheHomePageCountsOnlyTheCallersStations(t *testing.T) {
	x := newTwoStations(t)
	mine := x.submit(t, x.a, "民主路路灯坏了三盏，晚上出行不便。", "urban_rural", false)
	x.submit(t, x.a, "学校门口需要增设减速带。", "education", false)
	theirs := x.submit(t, x.b, "朝阳路菜市场门口积水严重。", "environment", false)
	x.submit(t, x.b, "公交站台没有遮雨棚。", "transport", false)
	x.submit(t, x.b, "小区垃圾清运不及时。", "environment", false)
	_, err := x.s.Messages.Handle(t.Context(), wired.Admin, mine.ID, messages.Transition{Action: messages.ActionAccept})
	require.NoError(t, err)
	_, err = x.s.Messages.Handle(t.Context(), wired.Admin, mine.ID, messages.Transition{Action: messages.ActionReply, Reply: "已报修。"})
	require.NoError(t, err)
	x.clk.Advance(10 * 24 * time.Hour)                                                                  // the others are now overdue
	x.staffA, _, _ = x.s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{x.a}}) // a new day's session
	x.s.Deputy(t, "黄代表", "13900000001", x.a)
	x.s.Deputy(t, "陆代表", "13900000002", x.b)
	soon := wired.PublishAt(t, x.s.Activities, x.a, "reception_day", x.clk.Now().Add(48*time.Hour))
	other := wired.PublishAt(t, x.s.Activities, x.b, "visit", x.clk.Now().Add(72*time.Hour))

	w := x.staffA.Get(t, "/console/")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "2024年（1月1日至3月23日）", "the period is said")
	assert.Equal(t, "2 条", figureOf(t, page, "收到留言"))
	assert.Equal(t, "1 条", figureOf(t, page, "已答复"))
	assert.Equal(t, "50.0%", figureOf(t, page, "按时受理率"), "both are past their deadline; one was accepted in time")
	assert.Contains(t, page, "已到受理期限的 2 条中，1 条在 3 个工作日内受理")
	assert.Equal(t, "—", figureOf(t, page, "满意率"), "no one rated yet")
	assert.Contains(t, page, `data-chart="chart-trend"`)
	assert.Contains(t, page, `<script type="application/json" id="chart-trend">{"color":`)
	assert.Contains(t, page, `/console/static/vendor/echarts/echarts.min.js`)
	assert.Contains(t, page, "民主路社区联络站")
	assert.NotContains(t, page, "朝阳社区联络站", "no chart, list or activity of station B")
	assert.NotContains(t, page, theirs.Code)
	assert.Contains(t, page, `href="/console/messages/`+itoa(mustSecond(t, x, mine.ID))+`"`, "A's overdue message is listed")
	assert.Contains(t, page, `href="/console/activities/`+itoa(soon.ID)+`"`)
	assert.NotContains(t, page, `href="/console/activities/`+itoa(other.ID)+`"`)
	assert.Contains(t, page, "年未达到活动频次的联络站")

	admin, _, _ := x.s.ConsoleUser(t, access.Grant{Role: access.RoleAdmin})
	page = admin.Get(t, "/console/").Body.String()
	assert.Equal(t, "5 条", figureOf(t, page, "收到留言"))
	assert.Contains(t, page, "兴宁区", "the region is broken down by county")

	page = x.staffA.Get(t, "/console/?period=month").Body.String()
	assert.Contains(t, page, "本月（3月1日至3月23日）")
	page = x.staffA.Get(t, "/console/?from=2024-03-14&to=2024-03-20").Body.String()
	assert.Contains(t, page, "2024年3月14日 至 2024年3月20日")
	assert.Equal(t, "0 条", figureOf(t, page, "收到留言"))
	w = x.staffA.Get(t, "/console/?from=2024-03-20&to=2024-03-01")
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "结束日期须晚于开始日期")
}

// mustSecond is the id of station A's other message (the one not handled).
func mustSecond(t *testing.T, x *twoStations, handled int64) int64 {
	t.Helper()
	list, _, err := x.s.Messages.Inbox(t.Context(), wired.Admin, messages.Filter{StationID: x.a, Status: messages.StatusSubmitted}, pageOf(10))
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.NotEqual(t, handled, list[0].ID)
	return list[0].ID
}

func pageOf(n int) store.Page { return store.Page{Limit: n} }

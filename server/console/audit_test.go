package console_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// newStation creates a station through the console's form and answers its id.
func newStation(t *testing.T, b *wired.Browser, name string) string {
	t.Helper()
	w := b.Post(t, "/console/stations/new", url.Values{
		"name": {name}, "kind": {"community"}, "city": {testkit.AreaNanning}, "county": {testkit.AreaQingxiu},
		"address": {"南宁市青秀区新竹路1号"}, "checkin_radius_m": {"200"}, "open_hours": {"周一至周五 9:00-17:00"},
	})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	return strings.TrimPrefix(w.Header().Get("Location"), "/console/stations/")
}

func TestTheConsolesChangesAreInTheAuditLogFilteredAndExported(t *testing.T) {
	s := wired.New(t)
	b, _, adminID := s.ConsoleUser(t, admin)
	id1 := newStation(t, b, "青秀区新竹联络站")
	id2 := newStation(t, b, "青秀区南湖联络站")
	b.Post(t, "/console/invites", url.Values{"role": {"staff"}, "scope": {"stations"}, "station_ids": {id1}, "make": {"1"}})

	w := b.Get(t, "/console/audit")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "新建联络站")
	assert.Contains(t, page, `">生成邀请码</a>`)
	assert.Contains(t, page, "192.0.2.1", "the browser's address")
	assert.Contains(t, page, `<a href="/console/stations/`+id1+`">联络站：青秀区新竹联络站</a>`, "the subject links to its page")
	assert.Contains(t, page, `?actor=`+itoa(adminID), "the actor links to their operations")
	assert.NotContains(t, page, ">station.create<", "actions in words, not codes")
	assert.Less(t, strings.Index(page, `">生成邀请码</a>`), strings.Index(page, `">新建联络站</a>`), "newest first")

	// By action: the stations only; by kind (prefix) the same.
	for _, q := range []string{"action=station.create", "action=station."} {
		page = b.Get(t, "/console/audit?"+q).Body.String()
		assert.Equal(t, 2, strings.Count(page, "<td class=\"when\">"), q)
		assert.NotContains(t, page, `">生成邀请码</a>`, q)
	}
	page = b.Get(t, "/console/audit?action=station.create&subject=station:"+id2).Body.String()
	assert.Equal(t, 1, strings.Count(page, "<td class=\"when\">"))
	assert.Contains(t, page, "青秀区南湖联络站")
	assert.Contains(t, page, `value="station.create" selected`, "the filter stays chosen")

	// By dates (Asia/Shanghai, both inclusive).
	today := time.Now().In(clock.Shanghai)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	page = b.Get(t, "/console/audit?action=station.&from="+day(0)+"&to="+day(0)).Body.String()
	assert.Equal(t, 2, strings.Count(page, "<td class=\"when\">"), "today's rows")
	page = b.Get(t, "/console/audit?action=station.&from="+day(1)).Body.String()
	assert.Contains(t, page, "没有符合条件的记录")
	page = b.Get(t, "/console/audit?action=station.&to="+day(-1)).Body.String()
	assert.Contains(t, page, "没有符合条件的记录")
	w = b.Get(t, "/console/audit?from=昨天")
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "日期格式应为 2024-01-31")
	w = b.Get(t, "/console/audit?from="+day(1)+"&to="+day(-1))
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "结束日期不能早于开始日期")

	// The export link keeps the filter, and the workbook has exactly its rows.
	page = b.Get(t, "/console/audit?action=station.create&from="+day(0)).Body.String()
	assert.Contains(t, page, `href="/console/audit/export?action=station.create&amp;from=`+day(0)+`"`)
	w = b.Get(t, "/console/audit/export?action=station.create&from="+day(0))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Header().Get("Content-Disposition"), "attachment")
	assert.Contains(t, w.Header().Get("Content-Disposition"), "filename*=UTF-8''"+url.PathEscape("操作日志.xlsx"))
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	defer x.Close()
	rows, err := x.GetRows("操作日志")
	require.NoError(t, err)
	require.Len(t, rows, 3, "the header and the two stations")
	for _, r := range rows[1:] {
		assert.Equal(t, "新建联络站", r[5])
		assert.Equal(t, "192.0.2.1", r[4])
	}
	assert.Contains(t, b.Get(t, "/console/audit").Body.String(), `">导出操作日志</a>`, "the export itself is logged")
}

func TestAuditSummariesShowNoFullPhone(t *testing.T) {
	s := wired.New(t)
	b, _, _ := s.ConsoleUser(t, admin)
	// A row as an older version might have written it, with the number whole.
	s.DB.Exec(t, `INSERT INTO audit_log (at, actor_user_id, actor_name, client_ip, action, subject, summary)
		VALUES (NOW(3), NULL, '', '192.0.2.9', 'message.walk_in', 'message:9', '登记来访留言，电话 13800700009')`)
	page := b.Get(t, "/console/audit").Body.String()
	assert.Contains(t, page, "登记来访留言")
	assert.NotContains(t, page, "13800700009")
	assert.Contains(t, page, "138****0009")
	assert.Contains(t, page, `<a href="/console/messages/9">留言 9</a>`)
}

package console_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestDeputyStaffSeeOnlyTheirDeputies(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	other := s.Station(t, "城中区公园联络站", testkit.AreaChengzh)
	mine := s.Deputy(t, "覃海燕", "13800138001", a)
	theirs := s.Deputy(t, "韦一鸣", "13800138002", other)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})

	w := b.Get(t, "/console/deputies")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, `href="/console/deputies/`+id(mine)+`"`)
	assert.Contains(t, page, "138****8001", "phones in the list are masked")
	assert.NotContains(t, page, "13800138001")
	assert.NotContains(t, page, "韦一鸣")
	assert.NotContains(t, page, "城中区公园联络站", "the station filter offers only their stations")

	for _, path := range []string{
		"/console/deputies/" + id(theirs),
		"/console/deputies/" + id(theirs) + "/record.xlsx?year=2026",
		"/console/deputies/" + id(theirs) + "/record.xlsx",
		"/console/deputies?station_id=" + id(other),
		"/console/deputies/999999",
		"/console/deputies/x",
	} {
		w := b.Get(t, path)
		assert.Equal(t, http.StatusNotFound, w.Code, path)
		assert.NotContains(t, w.Body.String(), "韦一鸣", path)
	}
	w = b.Post(t, "/console/deputies/"+id(theirs), url.Values{"name": {"改名"}, "phone": {"13800138002"}})
	assert.Equal(t, http.StatusNotFound, w.Code)
	var name string
	require.NoError(t, s.DB.GetContext(t.Context(), &name, "SELECT name FROM deputies WHERE id = ?", theirs))
	assert.Equal(t, "韦一鸣", name)

	// Their own deputy's page shows the whole number to edit and the file.
	w = b.Get(t, "/console/deputies/"+id(mine))
	require.Equal(t, http.StatusOK, w.Code)
	page = w.Body.String()
	assert.Contains(t, page, `value="13800138001"`)
	assert.Contains(t, page, "履职档案")
	assert.Contains(t, page, "/console/deputies/"+id(mine)+"/record.xlsx?year=")
}

func TestDeputyFilters(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	c := s.Station(t, "青秀区联络站", testkit.AreaQingxiu)
	s.Deputy(t, "覃海燕", "13800138001", a)
	s.Deputy(t, "黄秀兰", "13800138002", c)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})

	w := b.Get(t, "/console/deputies?station_id="+id(c))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "黄秀兰")
	assert.NotContains(t, w.Body.String(), "覃海燕")
	w = b.Get(t, "/console/deputies?q="+url.QueryEscape("海燕"))
	assert.Contains(t, w.Body.String(), "覃海燕")
	assert.NotContains(t, w.Body.String(), "黄秀兰")
	w = b.Get(t, "/console/deputies?level=national")
	assert.Contains(t, w.Body.String(), "没有符合条件的代表")
	w = b.Get(t, "/console/deputies?grassroots=0")
	assert.Contains(t, w.Body.String(), "覃海燕")
}

func TestDeputyEditEmployerLandline(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "覃海燕", "13800138001", a)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})

	form := url.Values{"name": {"覃海燕"}, "phone": {"13800138001"}, "levels": {"national", "regional"}, "grassroots": {"1"},
		"employer_name": {"广西壮族自治区人民医院"}, "employer_contact_name": {"李娟"}, "employer_contact_phone": {"0771-5551234"},
		"station_ids": {id(a)}}
	w := b.Post(t, "/console/deputies/"+id(dep), form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	w = b.Get(t, "/console/deputies/"+id(dep))
	page := w.Body.String()
	assert.Contains(t, page, "已保存")
	assert.Contains(t, page, `value="0771-5551234"`)
	assert.Contains(t, page, "座机")
	assert.Contains(t, page, `value="national" checked`)
	assert.Contains(t, page, `name="grassroots" value="1" checked`)

	w = b.Get(t, "/console/deputies")
	assert.Contains(t, w.Body.String(), "座机")
	assert.Contains(t, w.Body.String(), "全国、自治区")

	// A bad phone shows beside the field and changes nothing.
	form.Set("employer_contact_phone", "5551234")
	form.Set("name", "覃海")
	w = b.Post(t, "/console/deputies/"+id(dep), form)
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请填写正确的手机号或座机号")
	var name string
	require.NoError(t, s.DB.GetContext(t.Context(), &name, "SELECT name FROM deputies WHERE id = ?", dep))
	assert.Equal(t, "覃海燕", name)
}

func TestDeputyCreatedThroughTheForm(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})

	w := b.Get(t, "/console/deputies/new?station_id="+id(a))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `name="station_ids" value="`+id(a)+`" checked`)

	w = b.Post(t, "/console/deputies/new", url.Values{"name": {""}, "phone": {"12345"}, "add_station": {id(a)}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请填写姓名")
	assert.Contains(t, w.Body.String(), "请填写正确的手机号")
	assert.Equal(t, 0, count(t, s, "deputies"))

	w = b.Post(t, "/console/deputies/new", url.Values{"name": {"陆美玲"}, "phone": {"13800138004"}, "levels": {"county"},
		"employer_contact_phone": {"13800138104"}, "add_station": {id(a)}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	w = b.Get(t, w.Header().Get("Location"))
	page := w.Body.String()
	assert.Contains(t, page, "已新增代表：陆美玲")
	assert.Contains(t, page, `name="station_ids" value="`+id(a)+`" checked`)
	assert.Contains(t, page, "手机")

	// The same phone again is said beside the phone.
	w = b.Post(t, "/console/deputies/new", url.Values{"name": {"陆美"}, "phone": {"13800138004"}, "add_station": {id(a)}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "该手机号已登记为代表")
	assert.Equal(t, 1, count(t, s, "deputies"))
}

func TestDeputyRecordExcel(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "覃海燕", "13800138001", a)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	wired.PastActivity(t, s.DB, a, "reception_day", "2025-05-10 09:00", "published", []int64{dep}, []int64{dep}, nil)

	w := b.Get(t, "/console/deputies/"+id(dep)+"?year=2025")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `<option value="2025" selected>`)

	w = b.Get(t, "/console/deputies/"+id(dep)+"/record.xlsx?year=2025")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", w.Header().Get("Content-Type"))
	assert.Contains(t, w.Header().Get("Content-Disposition"), "attachment")
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	require.NoError(t, err)
	var all strings.Builder
	for _, r := range rows {
		all.WriteString(strings.Join(r, "|") + "\n")
	}
	assert.Contains(t, all.String(), "覃海燕")
	assert.Contains(t, all.String(), "2025")

	w = b.Get(t, "/console/deputies/"+id(dep)+"/record.xlsx?year=abc")
	assert.Equal(t, http.StatusBadRequest, w.Code)
}

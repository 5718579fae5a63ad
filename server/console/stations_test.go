package console_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

// count is the number of rows of table in the database.
func count(t *testing.T, s *wired.Service, table string) int {
	t.Helper()
	var n int
	require.NoError(t, s.DB.GetContext(t.Context(), &n, "SELECT COUNT(*) FROM "+table))
	return n
}

func TestStationStaffSeeOnlyTheirStations(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	other := s.Station(t, "城中区公园联络站", testkit.AreaChengzh)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})

	w := b.Get(t, "/console/stations")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "民生街道联络站")
	assert.Contains(t, page, `href="/console/stations/`+id(a)+`"`)
	assert.NotContains(t, page, "城中区公园联络站")
	assert.Contains(t, page, `action="/console/stations/posters"`, "the checked stations' posters open with one button")
	assert.Contains(t, page, "打印本页全部海报")

	// Searching by name and kind keeps the filter in the URL.
	w = b.Get(t, "/console/stations?q="+url.QueryEscape("公园"))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "没有符合条件的联络站")
	w = b.Get(t, "/console/stations?kind=professional")
	assert.NotContains(t, w.Body.String(), "民生街道联络站")

	for _, path := range []string{
		"/console/stations/" + id(other),
		"/console/stations/" + id(other) + "/qrcode",
		"/console/stations/posters?ids=" + id(other),
		"/console/stations/posters?ids=" + id(a) + "," + id(other),
		"/console/stations/posters?ids=" + id(a) + "&ids=" + id(other),
		"/console/stations/posters?ids=999999",
		"/console/stations/999999",
		"/console/stations/abc",
	} {
		w := b.Get(t, path)
		assert.Equal(t, http.StatusNotFound, w.Code, path)
		assert.NotContains(t, w.Body.String(), "城中区公园联络站", path)
	}
	w = b.Post(t, "/console/stations/"+id(other), url.Values{"name": {"改名"}})
	assert.Equal(t, http.StatusNotFound, w.Code)
	var name string
	require.NoError(t, s.DB.GetContext(t.Context(), &name, "SELECT name FROM stations WHERE id = ?", other))
	assert.Equal(t, "城中区公园联络站", name)

	// Their own station's page and code are there.
	w = b.Get(t, "/console/stations/"+id(a))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `value="民生街道联络站"`)
	w = b.Get(t, "/console/stations/"+id(a)+"/qrcode")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "image/jpeg", w.Header().Get("Content-Type"))
}

func TestStationCreatedThroughTheForm(t *testing.T) {
	s := wired.New(t)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})

	w := b.Get(t, "/console/stations/new")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, ">南宁市</option>", "the cities of Guangxi to choose from")
	assert.Contains(t, page, `value="300"`, "the default check-in radius is filled in")

	// Choosing the city lists its counties, and saves nothing.
	w = b.Post(t, "/console/stations/new", url.Values{"name": {"青秀区新竹联络站"}, "city": {testkit.AreaNanning}, "step": {"area"}})
	require.Equal(t, http.StatusOK, w.Code)
	page = w.Body.String()
	assert.Contains(t, page, ">青秀区</option>")
	assert.Contains(t, page, `value="青秀区新竹联络站"`, "what was typed stays")
	assert.Equal(t, 0, count(t, s, "stations"))

	w = b.Post(t, "/console/stations/new", url.Values{
		"name": {"青秀区新竹联络站"}, "kind": {"community"}, "city": {testkit.AreaNanning}, "county": {testkit.AreaQingxiu},
		"address": {"南宁市青秀区新竹路1号"}, "latitude": {"22.81"}, "longitude": {"108.37"}, "checkin_radius_m": {"200"},
		"open_hours": {"周一至周五 9:00-17:00"},
	})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	loc := w.Header().Get("Location")
	require.True(t, strings.HasPrefix(loc, "/console/stations/"), loc)
	w = b.Get(t, loc)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "已新建联络站：青秀区新竹联络站")
	assert.Contains(t, w.Body.String(), `value="`+testkit.AreaQingxiu+`" selected`)

	w = b.Get(t, "/console/stations")
	assert.Contains(t, w.Body.String(), "青秀区新竹联络站")
	assert.Contains(t, w.Body.String(), "青秀区")
	// The area filter: a city lists its counties; a county of another city is dropped.
	w = b.Get(t, "/console/stations?city="+testkit.AreaNanning+"&county="+testkit.AreaQingxiu)
	assert.Contains(t, w.Body.String(), "青秀区新竹联络站")
	assert.Contains(t, w.Body.String(), `<option value="`+testkit.AreaQingxiu+`" selected>青秀区</option>`)
	w = b.Get(t, "/console/stations?city="+testkit.AreaNanning+"&county="+testkit.AreaXingning)
	assert.NotContains(t, w.Body.String(), "青秀区新竹联络站")
	w = b.Get(t, "/console/stations?city="+testkit.AreaLiuzhou+"&county="+testkit.AreaQingxiu)
	assert.NotContains(t, w.Body.String(), "青秀区新竹联络站")

	// Editing it: the convenor must be one of its deputies, the rest saves.
	stID := strings.TrimPrefix(loc, "/console/stations/")
	n, _ := strconv.ParseInt(stID, 10, 64)
	dep := s.Deputy(t, "农建华", "13800138021", n)
	w = b.Post(t, loc, url.Values{"name": {"青秀区新竹人大代表联络站"}, "kind": {"community"}, "city": {testkit.AreaNanning},
		"county": {testkit.AreaQingxiu}, "checkin_radius_m": {"200"}, "active": {"1"}, "convenor": {id(dep)}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	w = b.Get(t, loc)
	page = w.Body.String()
	assert.Contains(t, page, "已保存")
	assert.Contains(t, page, `value="青秀区新竹人大代表联络站"`)
	assert.Contains(t, page, `<option value="`+id(dep)+`" selected>农建华</option>`)
	assert.Contains(t, page, "召集人")
	assert.Contains(t, page, `href="/console/deputies/`+id(dep)+`"`)
}

func TestStationBadFormStoresNothing(t *testing.T) {
	s := wired.New(t)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})
	w := b.Post(t, "/console/stations/new", url.Values{"name": {""}, "kind": {"community"}, "city": {testkit.AreaNanning},
		"county": {testkit.AreaQingxiu}, "latitude": {"北纬22度"}, "longitude": {"108.3"}, "address": {"青秀路2号"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, "名称应为2–100个字")
	assert.Contains(t, page, "纬度应为数字")
	assert.Contains(t, page, `value="青秀路2号"`, "what was typed stays")
	assert.Equal(t, 0, count(t, s, "stations"))

	w = b.Post(t, "/console/stations/new", url.Values{"name": {"某联络站"}, "kind": {"community"}, "city": {testkit.AreaNanning},
		"latitude": {"95"}, "longitude": {"108.3"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "纬度应在 -90 到 90 之间")
	assert.Equal(t, 0, count(t, s, "stations"))

	// An area out of the caller's scope is said beside the area.
	w = b.Post(t, "/console/stations/new", url.Values{"name": {"某联络站"}, "kind": {"community"}, "city": {testkit.AreaLiuzhou}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "无权管理该行政区划的联络站")
	assert.Equal(t, 0, count(t, s, "stations"))
}

func TestStationPosters(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	c := s.Station(t, "青秀区联络站", testkit.AreaQingxiu)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})

	w := b.Get(t, "/console/stations/posters?ids="+id(a)+","+id(c))
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Equal(t, 2, strings.Count(page, `class="sheet poster"`))
	assert.Contains(t, page, "民生街道联络站")
	assert.Contains(t, page, "青秀区联络站")
	assert.Equal(t, 2, strings.Count(page, `src="data:image/jpeg;base64,`), "each sheet has its station's code")
	assert.Equal(t, 2, strings.Count(page, "微信扫一扫，给人大代表留言"))
	assert.Contains(t, page, `data-print`)
	assert.NotContains(t, page, `class="sidebar"`, "paper has no menu")

	// ids may also repeat the parameter.
	w = b.Get(t, "/console/stations/posters?ids="+id(a)+"&ids="+id(c))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, 2, strings.Count(w.Body.String(), `class="sheet poster"`))

	// No ids: told what to do.
	w = b.Get(t, "/console/stations/posters")
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请先在联络站列表中勾选")
}

func TestStationPosterWithoutWeChat(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	s.WeChat.FailQRCode(45009)
	w := b.Get(t, "/console/stations/posters?ids="+id(a))
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Equal(t, 1, strings.Count(page, `class="sheet poster"`))
	assert.Contains(t, page, "民生街道联络站")
	assert.Contains(t, page, `poster-code missing`)
	assert.NotContains(t, page, "data:image")
}

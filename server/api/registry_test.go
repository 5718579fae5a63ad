package api_test

import (
	"bytes"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func staffOf(area string) access.Grant { return access.Grant{Role: access.RoleStaff, AreaCode: area} }

func staffOfStations(ids ...int64) access.Grant {
	return access.Grant{Role: access.RoleStaff, StationIDs: ids}
}

// listAnswer is {"items": [...], "next_cursor": ""}.
type listAnswer[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

type stationAnswer struct {
	ID               int64    `json:"id"`
	Name             string   `json:"name"`
	Kind             string   `json:"kind"`
	Topic            string   `json:"topic"`
	AreaCode         string   `json:"area_code"`
	Area             areaRef  `json:"area"`
	Address          string   `json:"address"`
	Latitude         *float64 `json:"latitude"`
	Longitude        *float64 `json:"longitude"`
	CheckinRadiusM   int      `json:"checkin_radius_m"`
	OpenHours        string   `json:"open_hours"`
	Active           bool     `json:"active"`
	ConvenorDeputyID *int64   `json:"convenor_deputy_id"`
	CreatedAt        string   `json:"created_at"`
	UpdatedAt        string   `json:"updated_at"`
}

type areaRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func TestAreasAreListedForAnyoneByParent(t *testing.T) {
	s := wired.New(t)
	var top listAnswer[registry.Area]
	w := s.Do(t, "GET", "/api/v1/areas", "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &top)
	require.Len(t, top.Items, 1)
	assert.Equal(t, "广西壮族自治区", top.Items[0].Name)
	assert.Equal(t, "", top.NextCursor)

	var cities listAnswer[registry.Area]
	w = s.Do(t, "GET", "/api/v1/areas?parent=450100", "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &cities)
	require.Len(t, cities.Items, 2)
	assert.Equal(t, []string{"兴宁区", "青秀区"}, []string{cities.Items[0].Name, cities.Items[1].Name})
	assert.Equal(t, "county", cities.Items[0].Level)

	w = s.Do(t, "GET", "/api/v1/areas?parent=459999", "", nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, "area_not_found", errorCode(t, w))
	w = s.Do(t, "GET", "/api/v1/areas?parent=nanning", "", nil)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, errorFields(t, w), "parent")
}

func validStation() map[string]any {
	return map[string]any{
		"name": "民生街道人大代表联络站", "kind": "community", "area_code": testkit.AreaMinsheng,
		"address": "南宁市兴宁区民生路1号", "latitude": 22.8167, "longitude": 108.3669, "checkin_radius_m": 200,
		"open_hours": "周一至周五 9:00–17:00",
	}
}

func with(base map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func TestCreateStationStoresItAndAnswersWithItsArea(t *testing.T) {
	s := wired.New(t)
	for _, tc := range []struct {
		name  string
		grant access.Grant
	}{
		{"an admin creates a station anywhere", access.Grant{Role: access.RoleAdmin}},
		{"staff of 南宁市 create a station in one of its townships", staffOf(testkit.AreaNanning)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, "POST", "/api/v1/admin/stations", userToken(t, s, tc.grant), validStation())
			require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
			var st stationAnswer
			decode(t, w, &st)
			assert.NotZero(t, st.ID)
			assert.Equal(t, "民生街道人大代表联络站", st.Name)
			assert.Equal(t, areaRef{testkit.AreaMinsheng, "民生街道"}, st.Area)
			assert.Equal(t, 200, st.CheckinRadiusM)
			assert.InDelta(t, 22.8167, *st.Latitude, 1e-9)
			assert.True(t, st.Active)
			assert.True(t, strings.HasSuffix(st.CreatedAt, "+08:00"), st.CreatedAt)
			assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM stations WHERE id = ? AND area_code = ? AND open_hours = ?", st.ID, testkit.AreaMinsheng, "周一至周五 9:00–17:00"))
		})
	}
	w := s.Do(t, "POST", "/api/v1/admin/stations", adminToken(t, s), with(validStation(), "checkin_radius_m", nil, "latitude", nil, "longitude", nil))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	assert.Equal(t, "300", jsonField(t, w, "checkin_radius_m"), "the default radius")
	assert.Equal(t, "null", jsonField(t, w, "latitude"))
}

func TestCreateStationRefusesBadInputAndStoresNothing(t *testing.T) {
	s := wired.New(t)
	admin := adminToken(t, s)
	cases := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"a one-character name is refused", with(validStation(), "name", "站"), "name"},
		{"a name of 101 characters is refused", with(validStation(), "name", strings.Repeat("站", 101)), "name"},
		{"a missing name is refused", with(validStation(), "name", nil), "name"},
		{"an unknown kind is refused", with(validStation(), "kind", "mobile"), "kind"},
		{"a professional station without a topic is refused", with(validStation(), "kind", "professional"), "topic"},
		{"an unknown area is refused", with(validStation(), "area_code", "459999"), "area_code"},
		{"a malformed area code is refused", with(validStation(), "area_code", "南宁"), "area_code"},
		{"a latitude of 91 is refused", with(validStation(), "latitude", 91), "latitude"},
		{"a longitude of -181 is refused", with(validStation(), "longitude", -181), "longitude"},
		{"a latitude without a longitude is refused", with(validStation(), "longitude", nil), "longitude"},
		{"a radius of 5 m is refused", with(validStation(), "checkin_radius_m", 5), "checkin_radius_m"},
		{"a radius of 5 001 m is refused", with(validStation(), "checkin_radius_m", 5001), "checkin_radius_m"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, "POST", "/api/v1/admin/stations", admin, tc.body)
			require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			assert.Equal(t, "invalid_input", errorCode(t, w))
			assert.Contains(t, errorFields(t, w), tc.field)
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM stations"))
		})
	}
	w := s.Do(t, "POST", "/api/v1/admin/stations", admin, "not an object")
	assert.Equal(t, http.StatusBadRequest, w.Code)
	w = s.Do(t, "POST", "/api/v1/admin/stations", admin, with(validStation(), "kind", "professional", "topic", "生态环保"))
	assert.Equal(t, http.StatusCreated, w.Code, "a professional station with a topic is fine: %s", w.Body.String())
}

func TestCreateStationNeedsAStaffMemberWhoCoversTheArea(t *testing.T) {
	s := wired.New(t)
	cases := []struct {
		name   string
		token  string
		status int
		code   string
	}{
		{"without a token it is 401", "", http.StatusUnauthorized, "unauthorized"},
		{"a user without a staff role is refused", userToken(t, s), http.StatusForbidden, "staff_only"},
		{"staff of 柳州市 may not create a station in 南宁市", userToken(t, s, staffOf(testkit.AreaLiuzhou)), http.StatusForbidden, "area_out_of_scope"},
		{"staff of 兴宁区 may not create one in 南宁市 itself", userToken(t, s, staffOf(testkit.AreaXingning)), http.StatusForbidden, "area_out_of_scope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := with(validStation(), "area_code", testkit.AreaNanning)
			w := s.Do(t, "POST", "/api/v1/admin/stations", tc.token, body)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.code, errorCode(t, w))
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM stations"))
		})
	}
}

func TestPatchStationChangesOnlyTheGivenFields(t *testing.T) {
	s := wired.New(t)
	staff := userToken(t, s, staffOf(testkit.AreaNanning))
	w := s.Do(t, "POST", "/api/v1/admin/stations", staff, validStation())
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var st stationAnswer
	decode(t, w, &st)
	path := "/api/v1/admin/stations/" + itoa(st.ID)

	w = s.Do(t, "PATCH", path, staff, map[string]any{"name": "民生街道联络站（新址）", "checkin_radius_m": 500})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var got stationAnswer
	decode(t, w, &got)
	assert.Equal(t, "民生街道联络站（新址）", got.Name)
	assert.Equal(t, 500, got.CheckinRadiusM)
	assert.Equal(t, st.Address, got.Address, "a field left out is kept")
	assert.Equal(t, st.OpenHours, got.OpenHours)
	assert.Equal(t, *st.Latitude, *got.Latitude)

	w = s.Do(t, "PATCH", path, staff, map[string]any{"kind": "professional"})
	assert.Equal(t, http.StatusBadRequest, w.Code, "the changed station is checked as a whole")
	assert.Contains(t, errorFields(t, w), "topic")
	w = s.Do(t, "PATCH", path, staff, map[string]any{"name": "x", "latitude": 100})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Equal(t, []string{"latitude", "name"}, faultyFields(t, w))
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM stations WHERE name = '民生街道联络站（新址）' AND kind = 'community' AND latitude BETWEEN 22.8 AND 22.9"),
		"a refused change changed nothing")

	w = s.Do(t, "PATCH", path, staff, map[string]any{"area_code": testkit.AreaChengzh})
	assert.Equal(t, http.StatusForbidden, w.Code, "staff may not move a station out of their area")
	assert.Equal(t, "area_out_of_scope", errorCode(t, w))
	w = s.Do(t, "PATCH", path, staff, map[string]any{"area_code": testkit.AreaQingxiu})
	assert.Equal(t, http.StatusOK, w.Code, "but may move it within: %s", w.Body.String())
	assert.Equal(t, `{"code":"450103","name":"青秀区"}`, jsonField(t, w, "area"))
}

func TestPatchStationOfAnotherScopeIsNotFoundAndUnchanged(t *testing.T) {
	s := wired.New(t)
	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	nanning := userToken(t, s, staffOf(testkit.AreaNanning))
	cases := []struct {
		name, token, path string
		status            int
		code              string
	}{
		{"a station of 柳州市 is not found for staff of 南宁市", nanning, "/api/v1/admin/stations/" + itoa(lz), http.StatusNotFound, "station_not_found"},
		{"a station of 兴宁区 is not found for staff of another station", userToken(t, s, staffOfStations(lz)), "/api/v1/admin/stations/" + itoa(xn), http.StatusNotFound, "station_not_found"},
		{"an unknown station is not found", adminToken(t, s), "/api/v1/admin/stations/999999", http.StatusNotFound, "station_not_found"},
		{"an id that is not a number is not found", adminToken(t, s), "/api/v1/admin/stations/abc", http.StatusNotFound, "station_not_found"},
		{"without a token it is 401", "", "/api/v1/admin/stations/" + itoa(xn), http.StatusUnauthorized, "unauthorized"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, "PATCH", tc.path, tc.token, map[string]any{"name": "改名联络站"})
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.code, errorCode(t, w))
			assert.NotContains(t, w.Body.String(), "柳州城中区联络站")
			w = s.Do(t, "GET", tc.path, tc.token, nil)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.NotContains(t, w.Body.String(), "柳州城中区联络站")
			assert.NotContains(t, w.Body.String(), "兴宁区联络站")
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM stations WHERE name = '改名联络站'"))
		})
	}
}

func TestListStationsShowsTheCallersScopeOnly(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	ms := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	qx := s.Station(t, "青秀区联络站", testkit.AreaQingxiu)
	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	ids := func(token, query string) []int64 {
		t.Helper()
		w := s.Do(t, "GET", "/api/v1/admin/stations"+query, token, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var l listAnswer[stationAnswer]
		decode(t, w, &l)
		out := []int64{}
		for _, s := range l.Items {
			out = append(out, s.ID)
		}
		return out
	}
	admin := adminToken(t, s)
	nanning := userToken(t, s, staffOf(testkit.AreaNanning))
	cases := []struct {
		name, token, query string
		want               []int64
	}{
		{"an admin sees every station", admin, "", []int64{xn, ms, qx, lz}},
		{"staff of 南宁市 see its stations only", nanning, "", []int64{xn, ms, qx}},
		{"staff of 兴宁区 see 兴宁区 and its townships", userToken(t, s, staffOf(testkit.AreaXingning)), "", []int64{xn, ms}},
		{"staff of one station see that station", userToken(t, s, staffOfStations(lz)), "", []int64{lz}},
		{"staff of 柳州市 asking for 南宁市 see nothing", userToken(t, s, staffOf(testkit.AreaLiuzhou)), "?area_code=450100", []int64{}},
		{"area_code keeps an area's subtree", admin, "?area_code=450102", []int64{xn, ms}},
		{"q finds a part of the name", nanning, "?q=" + url.QueryEscape("青秀"), []int64{qx}},
		{"q with a LIKE wildcard matches it literally", admin, "?q=%25", []int64{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ids(tc.token, tc.query))
		})
	}

	t.Run("pages follow the cursor to the end", func(t *testing.T) {
		w := s.Do(t, "GET", "/api/v1/admin/stations?limit=3", admin, nil)
		var first listAnswer[stationAnswer]
		decode(t, w, &first)
		require.Len(t, first.Items, 3)
		require.NotEmpty(t, first.NextCursor)
		w = s.Do(t, "GET", "/api/v1/admin/stations?limit=3&cursor="+first.NextCursor, admin, nil)
		var second listAnswer[stationAnswer]
		decode(t, w, &second)
		require.Len(t, second.Items, 1)
		assert.Equal(t, lz, second.Items[0].ID)
		assert.Equal(t, "", second.NextCursor)
	})
	for _, q := range []string{"?limit=101", "?limit=0", "?cursor=%21%21", "?area_code=nanning"} {
		w := s.Do(t, "GET", "/api/v1/admin/stations"+q, admin, nil)
		assert.Equal(t, http.StatusBadRequest, w.Code, "%s: %s", q, w.Body.String())
	}
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/admin/stations", "", nil).Code)
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/stations", userToken(t, s), nil).Code)
}

func TestStationCardIsPublicWithoutPhoneNumbers(t *testing.T) {
	s := wired.New(t)
	admin := adminToken(t, s)
	w := s.Do(t, "POST", "/api/v1/admin/stations", admin, with(validStation(), "kind", "professional", "topic", "生态环保"))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var st stationAnswer
	decode(t, w, &st)
	d := s.Deputy(t, "黄代表", "13912345678", st.ID)
	s.DB.Exec(t, "UPDATE deputies SET levels = 'regional,county' WHERE id = ?", d)

	w = s.Do(t, "GET", "/api/v1/stations/"+itoa(st.ID), "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var card struct {
		ID        int64   `json:"id"`
		Name      string  `json:"name"`
		Kind      string  `json:"kind"`
		Topic     string  `json:"topic"`
		Address   string  `json:"address"`
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
		OpenHours string  `json:"open_hours"`
		Area      areaRef `json:"area"`
		Deputies  []struct {
			ID     int64    `json:"id"`
			Name   string   `json:"name"`
			Levels []string `json:"levels"`
		} `json:"deputies"`
	}
	decode(t, w, &card)
	assert.Equal(t, st.ID, card.ID)
	assert.Equal(t, "生态环保", card.Topic)
	assert.Equal(t, "南宁市兴宁区民生路1号", card.Address)
	assert.Equal(t, areaRef{testkit.AreaMinsheng, "民生街道"}, card.Area)
	require.Len(t, card.Deputies, 1)
	assert.Equal(t, "黄代表", card.Deputies[0].Name)
	assert.Equal(t, []string{"regional", "county"}, card.Deputies[0].Levels)
	assert.NotContains(t, w.Body.String(), "5678", "no phone number, not even masked")
	assert.NotContains(t, w.Body.String(), "phone")

	w = s.Do(t, "PATCH", "/api/v1/admin/stations/"+itoa(st.ID), admin, map[string]any{"active": false})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	for _, path := range []string{"/api/v1/stations/" + itoa(st.ID), "/api/v1/stations/999999", "/api/v1/stations/x"} {
		w = s.Do(t, "GET", path, "", nil)
		assert.Equal(t, http.StatusNotFound, w.Code, "%s: %s", path, w.Body.String())
		assert.Equal(t, "station_not_found", errorCode(t, w))
		assert.NotContains(t, w.Body.String(), "民生街道")
	}
}

func TestNearestStationsAnswersByDistance(t *testing.T) {
	s := wired.New(t)
	admin := adminToken(t, s)
	create := func(name string, lat, lng float64) int64 {
		w := s.Do(t, "POST", "/api/v1/admin/stations", admin, with(validStation(), "name", name, "latitude", lat, "longitude", lng))
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		var st stationAnswer
		decode(t, w, &st)
		return st.ID
	}
	b := create("第二近的联络站", 22.830, 108.366)
	a := create("最近的联络站", 22.818, 108.366)
	c := create("最远的联络站", 23.2, 108.366)

	w := s.Do(t, "GET", "/api/v1/stations?near=22.817,108.366", "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var got listAnswer[struct {
		ID        int64   `json:"id"`
		DistanceM int64   `json:"distance_m"`
		Area      areaRef `json:"area"`
	}]
	decode(t, w, &got)
	require.Len(t, got.Items, 3)
	assert.Equal(t, []int64{a, b, c}, []int64{got.Items[0].ID, got.Items[1].ID, got.Items[2].ID})
	assert.InDelta(t, 111, got.Items[0].DistanceM, 1)
	assert.InDelta(t, 1446, got.Items[1].DistanceM, 2)
	assert.Less(t, got.Items[1].DistanceM, got.Items[2].DistanceM)
	assert.Equal(t, "民生街道", got.Items[0].Area.Name)

	w = s.Do(t, "GET", "/api/v1/stations?near=22.817,108.366&limit=1", "", nil)
	decode(t, w, &got)
	assert.Len(t, got.Items, 1)

	for _, q := range []string{"", "?near=abc", "?near=22.8", "?near=95,108", "?near=22.8,108.3&limit=50"} {
		w := s.Do(t, "GET", "/api/v1/stations"+q, "", nil)
		assert.Equal(t, http.StatusBadRequest, w.Code, "%q: %s", q, w.Body.String())
		assert.Equal(t, "invalid_input", errorCode(t, w))
		assert.NotEmpty(t, errorFields(t, w))
	}
}

func TestStationCodeIsFetchedFromWeChatOnceAndThenServedFromMySQL(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	staff := userToken(t, s, staffOf(testkit.AreaXingning))
	path := "/api/v1/admin/stations/" + itoa(st) + "/qrcode"

	var first []byte
	for i := range 2 {
		w := s.Do(t, "GET", path, staff, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.Equal(t, "image/jpeg", w.Header().Get("Content-Type"))
		assert.True(t, bytes.HasPrefix(w.Body.Bytes(), []byte("\xff\xd8\xff")), "the JPEG WeChat answers")
		if i == 0 {
			first = w.Body.Bytes()
		} else {
			assert.Equal(t, first, w.Body.Bytes())
		}
	}
	reqs := s.WeChat.QRCodeRequests()
	require.Len(t, reqs, 1, "WeChat is asked once")
	assert.Equal(t, "s="+itoa(st), reqs[0].Scene)
	assert.Equal(t, "pages/station/index", reqs[0].Page)
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM station_codes WHERE station_id = ?", st))

	other := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	w := s.Do(t, "GET", "/api/v1/admin/stations/"+itoa(other)+"/qrcode", staff, nil)
	assert.Equal(t, http.StatusNotFound, w.Code, "another scope's station")
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", path, "", nil).Code)
	assert.Len(t, s.WeChat.QRCodeRequests(), 1, "refused requests do not reach WeChat")
}

func TestStationCodeIs503WhenWeChatFailsAndNothingIsKept(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	admin := adminToken(t, s)
	path := "/api/v1/admin/stations/" + itoa(st) + "/qrcode"

	s.WeChat.FailQRCode(45009)
	w := s.Do(t, "GET", path, admin, nil)
	assert.Equal(t, http.StatusServiceUnavailable, w.Code, w.Body.String())
	assert.Equal(t, "wechat_unavailable", errorCode(t, w))
	assert.Contains(t, jsonString(t, w, "error.message"), "微信服务暂不可用")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM station_codes"))

	s.WeChat.FailQRCode(0)
	w = s.Do(t, "GET", path, admin, nil)
	assert.Equal(t, http.StatusOK, w.Code, "WeChat is asked again once it is back: %s", w.Body.String())
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM station_codes"))
}

func TestStationCodeIs503WithoutWeChatCredentials(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	admin := adminToken(t, s) // signed in while WeChat is configured
	noWeChat := wired.New(t, wired.Database(s.DB), wired.Configure(func(c *config.Config) { c.WeChat.AppID, c.WeChat.Secret = "", "" }))
	w := noWeChat.Do(t, "GET", "/api/v1/admin/stations/"+itoa(st)+"/qrcode", admin, nil)
	assert.Equal(t, http.StatusServiceUnavailable, w.Code, w.Body.String())
	assert.Equal(t, "wechat_not_configured", errorCode(t, w))
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM station_codes"))
}

func TestConvenorMustBeAMemberOfTheStation(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	member := s.Deputy(t, "成员代表", "13900000001", st)
	outsider := s.Deputy(t, "外站代表", "13900000002", lz)
	staff := userToken(t, s, staffOf(testkit.AreaNanning))
	path := "/api/v1/admin/stations/" + itoa(st) + "/convenor"

	w := s.Do(t, "PUT", path, staff, map[string]any{"deputy_id": outsider})
	assert.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	assert.Equal(t, "deputy_not_member", errorCode(t, w))
	w = s.Do(t, "PUT", path, staff, map[string]any{})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, errorFields(t, w), "deputy_id")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM stations WHERE convenor_deputy_id IS NOT NULL"), "refusals changed nothing")

	w = s.Do(t, "PUT", path, staff, map[string]any{"deputy_id": member})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, itoa(member), jsonField(t, w, "convenor_deputy_id"))
	w = s.Do(t, "GET", "/api/v1/stations/"+itoa(st), "", nil)
	var card struct {
		Deputies []struct {
			ID       int64 `json:"id"`
			Convenor bool  `json:"convenor"`
		} `json:"deputies"`
	}
	decode(t, w, &card)
	require.Len(t, card.Deputies, 1)
	assert.True(t, card.Deputies[0].Convenor)

	w = s.Do(t, "PUT", "/api/v1/admin/stations/"+itoa(lz)+"/convenor", staff, map[string]any{"deputy_id": outsider})
	assert.Equal(t, http.StatusNotFound, w.Code, "another scope's station")
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "PUT", path, "", map[string]any{"deputy_id": member}).Code)

	w = s.Do(t, "DELETE", path, staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "null", jsonField(t, w, "convenor_deputy_id"))
}

// faultyFields are the names of the fields a 400 answer blames, sorted.
func faultyFields(t *testing.T, w *httptest.ResponseRecorder) []string {
	t.Helper()
	return slices.Sorted(maps.Keys(errorFields(t, w)))
}

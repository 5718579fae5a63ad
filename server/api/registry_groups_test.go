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

type groupAnswer struct {
	ID               int64   `json:"id"`
	Name             string  `json:"name"`
	Kind             string  `json:"kind"`
	Topic            string  `json:"topic"`
	AreaCode         string  `json:"area_code"`
	Area             areaRef `json:"area"`
	ConvenorDeputyID *int64  `json:"convenor_deputy_id"`
	DeputyIDs        []int64 `json:"deputy_ids"`
}

func TestDeputyGroupsAreCreatedAndChangedWithinTheCallersArea(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	a := s.Deputy(t, "韦一", "13900000021", xn)
	b := s.Deputy(t, "覃二", "13900000022", xn)
	l := s.Deputy(t, "柳州代表", "13900000023", lz)
	nanning := userToken(t, s, staffOf(testkit.AreaNanning))

	body := map[string]any{"name": "南宁市生态环保专业代表小组", "kind": "profession", "topic": "生态环保",
		"area_code": testkit.AreaNanning, "convenor_deputy_id": a, "deputy_ids": []int64{b, a}}
	w := s.Do(t, "POST", "/api/v1/admin/groups", nanning, body)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var g groupAnswer
	decode(t, w, &g)
	assert.Equal(t, "生态环保", g.Topic)
	assert.Equal(t, areaRef{testkit.AreaNanning, "南宁市"}, g.Area)
	assert.Equal(t, []int64{a, b}, g.DeputyIDs)
	require.NotNil(t, g.ConvenorDeputyID)
	assert.Equal(t, a, *g.ConvenorDeputyID)
	path := "/api/v1/admin/groups/" + itoa(g.ID)

	w = s.Do(t, "PATCH", path, nanning, map[string]any{"deputy_ids": []int64{b}, "convenor_deputy_id": b})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &g)
	assert.Equal(t, "南宁市生态环保专业代表小组", g.Name, "a field left out is kept")
	assert.Equal(t, []int64{b}, g.DeputyIDs)
	assert.Equal(t, b, *g.ConvenorDeputyID)
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_group_members WHERE group_id = ?", g.ID))

	w = s.Do(t, "GET", path, nanning, nil)
	require.Equal(t, http.StatusOK, w.Code)
	w = s.Do(t, "GET", "/api/v1/admin/groups?kind=profession", nanning, nil)
	var l1 listAnswer[groupAnswer]
	decode(t, w, &l1)
	require.Len(t, l1.Items, 1)
	assert.Equal(t, []int64{b}, l1.Items[0].DeputyIDs)

	liuzhou := userToken(t, s, staffOf(testkit.AreaLiuzhou))
	w = s.Do(t, "GET", path, liuzhou, nil)
	assert.Equal(t, http.StatusNotFound, w.Code, "another area's group")
	assert.Equal(t, "group_not_found", errorCode(t, w))
	assert.NotContains(t, w.Body.String(), "生态环保")
	w = s.Do(t, "PATCH", path, liuzhou, map[string]any{"name": "改名小组"})
	assert.Equal(t, http.StatusNotFound, w.Code)
	w = s.Do(t, "GET", "/api/v1/admin/groups", liuzhou, nil)
	assert.NotContains(t, w.Body.String(), "生态环保", "another area's staff do not list it")
	w = s.Do(t, "GET", "/api/v1/admin/groups", userToken(t, s, staffOfStations(xn)), nil)
	assert.Equal(t, `[]`, jsonField(t, w, "items"), "a group belongs to an area; station-only staff see none")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_groups WHERE name = '改名小组'"))

	w = s.Do(t, "POST", "/api/v1/admin/groups", nanning, map[string]any{"name": "柳州小组", "kind": "area", "area_code": testkit.AreaLiuzhou})
	assert.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
	assert.Equal(t, "area_out_of_scope", errorCode(t, w))
	w = s.Do(t, "POST", "/api/v1/admin/groups", nanning, map[string]any{"name": "兴宁小组", "kind": "area", "area_code": testkit.AreaXingning, "deputy_ids": []int64{a, l}})
	assert.Equal(t, http.StatusBadRequest, w.Code, "a deputy of another scope cannot be added: %s", w.Body.String())
	assert.Equal(t, "代表不存在："+itoa(l), errorFields(t, w)["deputy_ids"])
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_groups"))
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/admin/groups", "", nil).Code)
}

func TestCreateGroupRefusesBadInputAndStoresNothing(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	a := s.Deputy(t, "韦一", "13900000031", xn)
	b := s.Deputy(t, "覃二", "13900000032", xn)
	admin := adminToken(t, s)
	valid := map[string]any{"name": "兴宁区代表小组", "kind": "area", "area_code": testkit.AreaXingning, "deputy_ids": []int64{a, b}, "convenor_deputy_id": a}
	cases := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"a one-character name is refused", with(valid, "name", "组"), "name"},
		{"an unknown kind is refused", with(valid, "kind", "club"), "kind"},
		{"a profession group without a topic is refused", with(valid, "kind", "profession"), "topic"},
		{"an unknown area is refused", with(valid, "area_code", "459999"), "area_code"},
		{"a convenor who is not a member is refused", with(valid, "deputy_ids", []int64{b}), "convenor_deputy_id"},
		{"an unknown deputy is refused", with(valid, "deputy_ids", []int64{a, 999999}), "deputy_ids"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, "POST", "/api/v1/admin/groups", admin, tc.body)
			require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			assert.Contains(t, errorFields(t, w), tc.field)
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_groups"))
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_group_members"))
		})
	}
}

func TestHandlingUnitsAreCreatedByAdminsAndListedForStaff(t *testing.T) {
	s := wired.New(t)
	admin := adminToken(t, s)
	unit := map[string]any{"name": "南宁市住房和城乡建设局", "area_code": testkit.AreaNanning, "contact_name": "黄科长", "contact_phone": "0771-5550001"}
	w := s.Do(t, "POST", "/api/v1/admin/units", admin, unit)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	assert.Equal(t, "0771-5550001", jsonString(t, w, "contact_phone"))
	assert.Equal(t, "南宁市", jsonString(t, w, "area.name"))
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM units WHERE INSTR(contact_phone_enc, '5550001') > 0"), "the phone is sealed")

	w = s.Do(t, "POST", "/api/v1/admin/units", admin, with(unit, "area_code", testkit.AreaLiuzhou, "contact_phone", "13907720001"))
	require.Equal(t, http.StatusCreated, w.Code, "the same name in another area is another unit: %s", w.Body.String())

	cases := []struct {
		name   string
		token  string
		body   map[string]any
		status int
		code   string
	}{
		{"a second unit of the same name in one area is a conflict", admin, with(unit, "contact_name", "另一人"), 409, "unit_exists"},
		{"staff may not create units", userToken(t, s, staffOf(testkit.AreaNanning)), with(unit, "name", "南宁市交通运输局"), 403, "admin_only"},
		{"without a token it is 401", "", with(unit, "name", "南宁市交通运输局"), 401, "unauthorized"},
		{"a one-character name is refused", admin, with(unit, "name", "局"), 400, "invalid_input"},
		{"an unknown area is refused", admin, with(unit, "name", "南宁市交通运输局", "area_code", "459999"), 400, "invalid_input"},
		{"a malformed phone is refused", admin, with(unit, "name", "南宁市交通运输局", "contact_phone", "5550001"), 400, "invalid_input"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, "POST", "/api/v1/admin/units", tc.token, tc.body)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.code, errorCode(t, w))
			if tc.status == http.StatusBadRequest {
				assert.NotEmpty(t, errorFields(t, w))
			}
			assert.Equal(t, 2, s.DB.Count(t, "SELECT COUNT(*) FROM units"))
		})
	}

	type unitAnswer struct {
		Name         string `json:"name"`
		AreaCode     string `json:"area_code"`
		ContactPhone string `json:"contact_phone"`
	}
	list := func(token, query string) []unitAnswer {
		w := s.Do(t, "GET", "/api/v1/admin/units"+query, token, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var l listAnswer[unitAnswer]
		decode(t, w, &l)
		return l.Items
	}
	nanning := userToken(t, s, staffOf(testkit.AreaNanning))
	got := list(nanning, "?area_code=450100")
	require.Len(t, got, 1)
	assert.Equal(t, "0771-5550001", got[0].ContactPhone, "staff whose scope covers the unit's area see the whole number")
	got = list(nanning, "")
	require.Len(t, got, 2, "staff may transfer to any unit")
	assert.Equal(t, "139****0001", got[1].ContactPhone, "another area's unit phone is masked")
	got = list(userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{s.Station(t, "兴宁区联络站", testkit.AreaXingning)}}), "?area_code=450100")
	assert.Equal(t, "077*****0001", got[0].ContactPhone, "station staff do not cover the city's area")
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/admin/units", "", nil).Code)
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/units", userToken(t, s), nil).Code)
	assert.Equal(t, http.StatusBadRequest, s.Do(t, "GET", "/api/v1/admin/units?area_code=x", nanning, nil).Code)
}

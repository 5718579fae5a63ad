package api_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

type deputyAnswer struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	Phone      string   `json:"phone"`
	Levels     []string `json:"levels"`
	Grassroots bool     `json:"grassroots"`
	Employer   struct {
		Name         string `json:"name"`
		ContactName  string `json:"contact_name"`
		ContactPhone string `json:"contact_phone"`
	} `json:"employer"`
	StationIDs []int64 `json:"station_ids"`
	CreatedAt  string  `json:"created_at"`
}

func validDeputy(stations ...int64) map[string]any {
	return map[string]any{
		"name": "韦小红", "phone": "138 0771 0001", "levels": []string{"county", "national"}, "grassroots": true,
		"employer":    map[string]any{"name": "南宁市第一中学", "contact_name": "李主任", "contact_phone": "0771-5551234"},
		"station_ids": stations,
	}
}

func TestCreateDeputyStoresSealedPhonesAndAnswersThemToStaffInScope(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	cases := []struct {
		name  string
		grant access.Grant
		phone string
	}{
		{"an admin registers a deputy", access.Grant{Role: access.RoleAdmin}, "13807710001"},
		{"staff of 南宁市 register a deputy of one of its stations", staffOf(testkit.AreaNanning), "13807710002"},
		{"staff of the station itself register a deputy", staffOfStations(xn), "13807710003"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, "POST", "/api/v1/admin/deputies", userToken(t, s, tc.grant), with(validDeputy(xn), "phone", tc.phone))
			require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
			var d deputyAnswer
			decode(t, w, &d)
			assert.Equal(t, "韦小红", d.Name)
			assert.Equal(t, tc.phone, d.Phone, "staff with scope see the whole number")
			assert.Equal(t, []string{"national", "county"}, d.Levels, "levels in order of rank")
			assert.True(t, d.Grassroots)
			assert.Equal(t, "0771-5551234", d.Employer.ContactPhone)
			assert.Equal(t, []int64{xn}, d.StationIDs)
			assert.Regexp(t, `\+08:00$`, d.CreatedAt)

			var enc []byte
			require.NoError(t, s.DB.GetContext(t.Context(), &enc, "SELECT phone_enc FROM deputies WHERE id = ?", d.ID))
			assert.NotContains(t, string(enc), tc.phone, "the phone is sealed")
			opened, err := s.Box.Open(enc)
			require.NoError(t, err)
			assert.Equal(t, tc.phone, opened)
			assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputies WHERE id = ? AND phone_hash = ? AND employer_phone_hash = ?", d.ID, s.Box.Hash(tc.phone), s.Box.Hash("0771-5551234")))
		})
	}
	w := s.Do(t, "POST", "/api/v1/admin/deputies", adminToken(t, s), with(validDeputy(), "phone", "13807710009", "station_ids", nil))
	assert.Equal(t, http.StatusCreated, w.Code, "an admin may register a deputy without a station: %s", w.Body.String())
}

func TestCreateDeputyRefusesBadInputConflictsAndOtherScopesAndStoresNothing(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	s.Deputy(t, "已有代表", "13900000001", xn)
	admin := adminToken(t, s)
	nanning := userToken(t, s, staffOf(testkit.AreaNanning))
	cases := []struct {
		name   string
		token  string
		body   map[string]any
		status int
		code   string
		fields []string
	}{
		{"an empty name is refused", admin, with(validDeputy(xn), "name", ""), 400, "invalid_input", []string{"name"}},
		{"a phone that is not a mainland mobile is refused", admin, with(validDeputy(xn), "phone", "0771-5551234"), 400, "invalid_input", []string{"phone"}},
		{"an unknown level is refused", admin, with(validDeputy(xn), "levels", []string{"provincial"}), 400, "invalid_input", []string{"levels"}},
		{"a malformed employer phone is refused", admin, with(validDeputy(xn), "employer", map[string]any{"contact_phone": "12345"}), 400, "invalid_input", []string{"employer.contact_phone"}},
		{"an unknown station is refused", admin, validDeputy(999999), 400, "invalid_input", []string{"station_ids"}},
		{"staff must name a station", nanning, validDeputy(), 400, "invalid_input", []string{"station_ids"}},
		{"staff may not name a station of another area", nanning, validDeputy(xn, lz), 403, "station_out_of_scope", nil},
		{"a registered phone, written differently, is a conflict", admin, with(validDeputy(xn), "phone", "+86 139-0000-0001"), 409, "deputy_phone_taken", nil},
		{"without a token it is 401", "", validDeputy(xn), 401, "unauthorized", nil},
		{"a user without a staff role is refused", userToken(t, s), validDeputy(xn), 403, "staff_only", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, "POST", "/api/v1/admin/deputies", tc.token, tc.body)
			require.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.code, errorCode(t, w))
			if tc.fields != nil {
				assert.Equal(t, tc.fields, faultyFields(t, w))
			}
			assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
			assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM station_deputies"))
		})
	}
}

func TestDeputiesOfAnotherScopeAreNotFound(t *testing.T) {
	s := wired.New(t)
	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	theirs := s.Deputy(t, "柳州代表", "13900000002", lz)
	both := s.Deputy(t, "两站代表", "13900000003", lz, xn)
	nanning := userToken(t, s, staffOf(testkit.AreaNanning))

	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"reading a deputy of 柳州市 is not found", "GET", "/api/v1/admin/deputies/" + itoa(theirs), nil},
		{"changing a deputy of 柳州市 is not found", "PATCH", "/api/v1/admin/deputies/" + itoa(theirs), map[string]any{"name": "改名"}},
		{"an unknown deputy is not found", "PATCH", "/api/v1/admin/deputies/999999", map[string]any{"name": "改名"}},
		{"an id that is not a number is not found", "GET", "/api/v1/admin/deputies/x", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := s.Do(t, tc.method, tc.path, nanning, tc.body)
			assert.Equal(t, http.StatusNotFound, w.Code, w.Body.String())
			assert.Equal(t, "deputy_not_found", errorCode(t, w))
			assert.NotContains(t, w.Body.String(), "柳州代表")
			assert.NotContains(t, w.Body.String(), "13900000002")
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies WHERE name = '改名'"))
		})
	}
	w := s.Do(t, "GET", "/api/v1/admin/deputies/"+itoa(both), nanning, nil)
	require.Equal(t, http.StatusOK, w.Code, "a deputy of one station in scope is visible: %s", w.Body.String())
	assert.Equal(t, "13900000003", jsonString(t, w, "phone"))
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/admin/deputies/"+itoa(both), "", nil).Code)
}

func TestPatchDeputyChangesTheGivenFieldsAndMemberships(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	qx := s.Station(t, "青秀区联络站", testkit.AreaQingxiu)
	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	s.Deputy(t, "另一位代表", "13900000009", xn)
	admin := adminToken(t, s)
	w := s.Do(t, "POST", "/api/v1/admin/deputies", admin, validDeputy(xn, lz))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	var d deputyAnswer
	decode(t, w, &d)
	path := "/api/v1/admin/deputies/" + itoa(d.ID)
	s.DB.Exec(t, "UPDATE stations SET convenor_deputy_id = ? WHERE id = ?", d.ID, xn)
	nanning := userToken(t, s, staffOf(testkit.AreaNanning))

	w = s.Do(t, "PATCH", path, nanning, map[string]any{"phone": "13900000009"})
	assert.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	assert.Equal(t, "deputy_phone_taken", errorCode(t, w))
	w = s.Do(t, "PATCH", path, nanning, map[string]any{"station_ids": []int64{xn}})
	assert.Equal(t, http.StatusForbidden, w.Code, "staff of 南宁市 may not take the deputy out of 柳州市: %s", w.Body.String())
	w = s.Do(t, "PATCH", path, nanning, map[string]any{"name": "", "levels": []string{"mayor"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Equal(t, []string{"levels", "name"}, faultyFields(t, w))
	w = s.Do(t, "GET", path, nanning, nil)
	var unchanged deputyAnswer
	decode(t, w, &unchanged)
	assert.Equal(t, d, unchanged, "refused changes changed nothing")

	w = s.Do(t, "PATCH", path, nanning, map[string]any{
		"levels": []string{"township"}, "employer": map[string]any{"contact_name": "王主任"}, "station_ids": []int64{qx, lz},
	})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var got deputyAnswer
	decode(t, w, &got)
	assert.Equal(t, "韦小红", got.Name, "a field left out is kept")
	assert.Equal(t, "13807710001", got.Phone)
	assert.Equal(t, []string{"township"}, got.Levels)
	assert.Equal(t, "南宁市第一中学", got.Employer.Name, "an employer field left out is kept")
	assert.Equal(t, "王主任", got.Employer.ContactName)
	assert.Equal(t, []int64{qx, lz}, got.StationIDs)
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM stations WHERE convenor_deputy_id IS NOT NULL"),
		"leaving a station ends being its convenor")
}

func TestListDeputiesFiltersWithinTheCallersScope(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	qx := s.Station(t, "青秀区联络站", testkit.AreaQingxiu)
	lz := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	a := s.Deputy(t, "韦一", "13900000011", xn)
	b := s.Deputy(t, "覃二", "13900000012", qx)
	c := s.Deputy(t, "韦三", "13900000013", xn, qx)
	l := s.Deputy(t, "柳州韦四", "13900000014", lz)
	none := s.Deputy(t, "无站代表", "13900000015")
	admin := adminToken(t, s)
	nanning := userToken(t, s, staffOf(testkit.AreaNanning))

	list := func(token, query string) (listAnswer[deputyAnswer], int) {
		w := s.Do(t, "GET", "/api/v1/admin/deputies"+query, token, nil)
		var l listAnswer[deputyAnswer]
		if w.Code == http.StatusOK {
			decode(t, w, &l)
		}
		return l, w.Code
	}
	ids := func(l listAnswer[deputyAnswer]) []int64 {
		out := []int64{}
		for _, d := range l.Items {
			out = append(out, d.ID)
		}
		return out
	}
	cases := []struct {
		name, token, query string
		want               []int64
	}{
		{"an admin sees every deputy", admin, "", []int64{a, b, c, l, none}},
		{"staff of 南宁市 see the deputies of its stations", nanning, "", []int64{a, b, c}},
		{"staff of one station see its deputies", userToken(t, s, staffOfStations(qx)), "", []int64{b, c}},
		{"station_id keeps one station's members", nanning, "?station_id=" + itoa(xn), []int64{a, c}},
		{"q finds a part of the name", nanning, "?q=" + url.QueryEscape("韦"), []int64{a, c}},
		{"q finds a whole mobile number", admin, "?q=139-0000-0014", []int64{l}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, code := list(tc.token, tc.query)
			require.Equal(t, http.StatusOK, code)
			assert.Equal(t, tc.want, ids(got))
		})
	}
	got, _ := list(nanning, "?station_id="+itoa(xn))
	require.NotEmpty(t, got.Items)
	assert.Equal(t, "13900000011", got.Items[0].Phone)
	assert.Equal(t, []int64{xn, qx}, got.Items[1].StationIDs)

	_, code := list(nanning, "?station_id="+itoa(lz))
	assert.Equal(t, http.StatusNotFound, code, "another scope's station is not found")
	_, code = list(nanning, "?station_id=abc")
	assert.Equal(t, http.StatusBadRequest, code)
	_, code = list("", "")
	assert.Equal(t, http.StatusUnauthorized, code)

	first, _ := list(admin, "?limit=2")
	require.Equal(t, []int64{a, b}, ids(first))
	second, _ := list(admin, "?limit=2&cursor="+first.NextCursor)
	third, _ := list(admin, "?limit=2&cursor="+second.NextCursor)
	assert.Equal(t, []int64{c, l}, ids(second))
	assert.Equal(t, []int64{none}, ids(third))
	assert.Equal(t, "", third.NextCursor)
}

// uploadField posts an .xlsx (or any bytes) as the multipart field named field.
func uploadField(t *testing.T, s *wired.Service, path, token, field string, file []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(field, "代表名单.xlsx")
	require.NoError(t, err)
	_, err = fw.Write(file)
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.Serve(t, req)
}

func sheet(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &r))
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func TestImportDeputiesFromExcelAnswersRowByRow(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	known := s.Deputy(t, "覃旧名", "13900000001", xn)
	file := sheet(t, [][]any{
		{"联络站", "姓名", "手机号", "层级", "基层代表", "工作单位", "单位联系人", "单位联系电话"},
		{itoa(xn), "黄秀英", "13807710001", "自治区、市", "是", "南宁市某公司", "陆经理", "13907710001"},
		{itoa(xn), "", "13807710002", "县", "否", "", "", ""},
		{itoa(xn), "蒙小军", "1380771", "县", "否", "", "", ""},
		{"424242", "农志强", "13807710003", "县", "否", "", "", ""},
		{itoa(xn), "覃新名", "13900000001", "乡镇", "否", "", "", ""},
	})
	w := uploadField(t, s, "/api/v1/admin/deputies/import", adminToken(t, s), "file", file)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var res struct {
		Rows []struct {
			Row    int    `json:"row"`
			Result string `json:"result"`
			Error  string `json:"error"`
		} `json:"rows"`
		Created, Updated, Errors int
	}
	decode(t, w, &res)
	require.Len(t, res.Rows, 5)
	assert.Equal(t, []string{"created", "error", "error", "error", "updated"},
		[]string{res.Rows[0].Result, res.Rows[1].Result, res.Rows[2].Result, res.Rows[3].Result, res.Rows[4].Result})
	assert.Equal(t, []int{2, 3, 4, 5, 6}, []int{res.Rows[0].Row, res.Rows[1].Row, res.Rows[2].Row, res.Rows[3].Row, res.Rows[4].Row})
	assert.Equal(t, "缺少姓名", res.Rows[1].Error)
	assert.Contains(t, res.Rows[2].Error, "手机号格式不正确")
	assert.Equal(t, "联络站不存在：424242", res.Rows[3].Error)
	assert.Equal(t, 1, res.Created)
	assert.Equal(t, 1, res.Updated)
	assert.Equal(t, 3, res.Errors)

	assert.Equal(t, 2, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputies WHERE id = ? AND name = '覃新名' AND levels = 'township'", known))
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputies WHERE name = '黄秀英' AND levels = 'regional,city' AND grassroots = 1 AND phone_hash = ?", s.Box.Hash("13807710001")))
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies WHERE INSTR(phone_enc, '13807710001') > 0 OR INSTR(employer_phone_enc, '13907710001') > 0"),
		"phones are sealed")
	assert.Equal(t, 2, s.DB.Count(t, "SELECT COUNT(*) FROM station_deputies WHERE station_id = ?", xn))
}

func TestImportDeputiesRefusesWhatItCannotRead(t *testing.T) {
	s := wired.New(t)
	admin := adminToken(t, s)
	cases := []struct {
		name, token, field string
		file               []byte
		status             int
		code               string
	}{
		{"without a token it is 401", "", "file", sheet(t, [][]any{{"姓名", "手机号"}}), 401, "unauthorized"},
		{"a user without a staff role is refused", userToken(t, s), "file", sheet(t, [][]any{{"姓名", "手机号"}}), 403, "staff_only"},
		{"a request without the file field is refused", admin, "upload", sheet(t, [][]any{{"姓名", "手机号"}}), 400, "invalid_input"},
		{"a CSV is not an xlsx", admin, "file", []byte("姓名,手机号\n张三,13800000001\n"), 400, "invalid_file"},
		{"a sheet without 手机号 is refused", admin, "file", sheet(t, [][]any{{"姓名"}, {"张三"}}), 400, "missing_column"},
		{"a file over 10 MB is too large", admin, "file", bytes.Repeat([]byte{0}, 10<<20+1), 413, "file_too_large"},
		{"a body far over 10 MB is too large", admin, "file", bytes.Repeat([]byte{0}, 12<<20), 413, "file_too_large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := uploadField(t, s, "/api/v1/admin/deputies/import", tc.token, tc.field, tc.file)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.code, errorCode(t, w))
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
		})
	}
	w := uploadField(t, s, "/api/v1/admin/deputies/import", admin, "file", sheet(t, [][]any{{"姓名"}, {"张三"}}))
	assert.Contains(t, jsonString(t, w, "error.message"), "手机号", "the answer names the missing column")
}

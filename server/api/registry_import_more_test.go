package api_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestImportTakesStationNamesAndCountyLevelsAsPeopleWriteThem(t *testing.T) {
	s := wired.New(t)
	xn := s.Station(t, "兴宁区民生街道人大代表联络站", testkit.AreaXingning)
	s.Station(t, "同名联络站", testkit.AreaXingning)
	s.Station(t, "同名联络站", testkit.AreaQingxiu)
	admin := adminToken(t, s)
	file := sheet(t, [][]any{
		{"姓名", "手机号", "层级", "联络站"},
		{"黄秀英", "13807710001", "区/县级", "兴宁区民生街道人大代表联络站"},
		{"蒙小军", "13807710002", "市、区", itoa(xn) + "，兴宁区民生街道人大代表联络站"},
		{"农志强", "13807710003", "县", "不存在的联络站"},
		{"韦一", "13807710004", "县", "同名联络站"},
	})
	w := uploadField(t, s, "/api/v1/admin/deputies/import", admin, "file", file)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var res struct {
		Rows []struct {
			Result string `json:"result"`
			Error  string `json:"error"`
		} `json:"rows"`
	}
	decode(t, w, &res)
	require.Len(t, res.Rows, 4)
	assert.Equal(t, "created", res.Rows[0].Result, res.Rows[0].Error)
	assert.Equal(t, "created", res.Rows[1].Result, res.Rows[1].Error)
	assert.Contains(t, res.Rows[2].Error, "联络站不存在：不存在的联络站")
	assert.Contains(t, res.Rows[3].Error, "请改填联络站编号", "two stations share the name")
	assert.Equal(t, 2, countRows(t, s, "SELECT COUNT(*) FROM station_deputies WHERE station_id = ?", xn))
	assert.Equal(t, 1, countRows(t, s, "SELECT COUNT(*) FROM deputies WHERE name = '黄秀英' AND levels = 'county'"), "区/县级 is the county level")
}

func TestStaffDownloadTheImportTemplate(t *testing.T) {
	s := wired.New(t)
	staff := userToken(t, s, staffOf(testkit.AreaXingning))
	w := s.Do(t, "GET", "/api/v1/admin/deputies/import/template", staff, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Header().Get("Content-Disposition"), "attachment")
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	rows, err := x.GetRows(x.GetSheetList()[0])
	require.NoError(t, err)
	require.Len(t, rows, 1, "the header only: nothing to import by mistake")
	assert.Equal(t, []string{"姓名", "手机号", "层级", "基层代表", "工作单位", "单位联系人", "单位联系电话", "联络站"}, rows[0])
	guide, err := x.GetRows("填写说明")
	require.NoError(t, err)
	assert.Len(t, guide, 9, "a line for each column")

	// The template, filled in, imports.
	require.NoError(t, x.SetSheetRow(x.GetSheetList()[0], "A2", &[]any{"黄秀英", "13807710001", "县"}))
	var buf bytes.Buffer
	require.NoError(t, x.Write(&buf))
	w = uploadField(t, s, "/api/v1/admin/deputies/import", adminToken(t, s), "file", buf.Bytes())
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"created":1`)

	citizen, _, _ := s.SignIn(t)
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/deputies/import/template", citizen, nil).Code)
}

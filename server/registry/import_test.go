package registry_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
)

var importHeader = []any{"手机号", "姓名", "联络站", "层级", "基层代表", "工作单位", "单位联系人", "单位联系电话"}

func TestImportDeputiesCreatesUpdatesAndReportsEachRow(t *testing.T) {
	f := newFixture(t)
	xn := f.station(t, "兴宁区联络站", testkit.AreaXingning, 22.8, 108.3)
	lz := f.station(t, "柳州城中联络站", testkit.AreaChengzh, 24.3, 109.4)
	known, err := f.reg.CreateDeputy(t.Context(), admin, registry.DeputyInput{
		Name: ptr("旧名"), Phone: ptr("13900000001"), Levels: []string{"city"}, StationIDs: []int64{lz},
		Employer: &registry.EmployerInput{Name: ptr("柳州市某局")}})
	require.NoError(t, err)

	file := xlsx(t, [][]any{
		importHeader,
		{"13800000001", "张三", itoa(xn) + "，" + itoa(lz), "全国，自治区、市", "是", "南宁市第一中学", "李四", "0771-5551234"}, // 2
		{"13800000002", "", itoa(xn), "县", "否", "", "", ""},   // 3
		{"12345", "王五", itoa(xn), "县", "", "", "", ""},        // 4
		{"13800000003", "赵六", "999999", "县", "", "", "", ""},  // 5
		{13900000001, "新名", itoa(xn), "县", "否", "", "", ""},   // 6: a number cell
		{"138 0000 0001", "钱七", itoa(xn), "", "", "", "", ""}, // 7
		{"13800000004", "孙八", itoa(xn), "省", "", "", "", ""},  // 8
		{"", "", "", "", "", "", "", ""},                      // 9: blank
		{"+86 138-0000-0005", "周九", "", "乡镇", "", "", "", ""}, // 10
		{"13800000006", "吴十", itoa(xn), "", "也许", "", "", ""}, // 11
	})
	res, err := f.reg.ImportDeputies(t.Context(), admin, bytes.NewReader(file))
	require.NoError(t, err)

	type outcome struct {
		Row    int
		Result string
		Error  string
	}
	var got []outcome
	for _, r := range res.Rows {
		got = append(got, outcome{r.Row, r.Result, r.Error})
	}
	assert.Equal(t, []outcome{
		{2, "created", ""},
		{3, "error", "缺少姓名"},
		{4, "error", "手机号格式不正确：12345"},
		{5, "error", "联络站不存在：999999"},
		{6, "updated", ""},
		{7, "error", "手机号与第2行重复"},
		{8, "error", "未知的层级：省（可填 全国、自治区、市、县、乡镇）"},
		{10, "created", ""},
		{11, "error", "基层代表应填“是”或“否”"},
	}, got)
	assert.Equal(t, 2, res.Created)
	assert.Equal(t, 1, res.Updated)
	assert.Equal(t, 6, res.Errors)
	assert.Equal(t, 3, f.db.Count(t, "SELECT COUNT(*) FROM deputies"), "bad rows created nothing")

	zhang, err := f.reg.Deputy(t.Context(), admin, res.Rows[0].DeputyID)
	require.NoError(t, err)
	assert.Equal(t, "张三", zhang.Name)
	assert.Equal(t, "13800000001", zhang.Phone)
	assert.Equal(t, []string{"national", "regional", "city"}, zhang.Levels)
	assert.True(t, zhang.Grassroots)
	assert.Equal(t, registry.Employer{Name: "南宁市第一中学", ContactName: "李四", ContactPhone: "0771-5551234"}, zhang.Employer)
	assert.Equal(t, []int64{xn, lz}, zhang.StationIDs)

	updated, err := f.reg.Deputy(t.Context(), admin, known.ID)
	require.NoError(t, err)
	assert.Equal(t, "新名", updated.Name)
	assert.Equal(t, []string{"county"}, updated.Levels)
	assert.Equal(t, []int64{xn, lz}, updated.StationIDs, "an import adds stations and removes none")
	assert.Equal(t, "", updated.Employer.Name, "an empty cell of a column the sheet has clears the field")

	zhou := res.Rows[7]
	assert.Equal(t, 1, f.db.Count(t, "SELECT COUNT(*) FROM deputies WHERE id = ? AND phone_hash = ?", zhou.DeputyID, f.box.Hash("13800000005")),
		"a number with +86 and dashes is stored normalised")

	// Phones are sealed: the clear numbers are nowhere in the table.
	for _, clear := range []string{"13800000001", "0771-5551234", "13900000001", "13800000005"} {
		assert.Zero(t, f.db.Count(t, "SELECT COUNT(*) FROM deputies WHERE INSTR(phone_enc, ?) > 0 OR INSTR(employer_phone_enc, ?) > 0 OR name = ?",
			clear, clear, clear), "clear %s stored", clear)
	}
	var enc []byte
	require.NoError(t, f.db.GetContext(t.Context(), &enc, "SELECT phone_enc FROM deputies WHERE id = ?", zhang.ID))
	opened, err := f.box.Open(enc)
	require.NoError(t, err)
	assert.Equal(t, "13800000001", opened)
}

func TestImportDeputiesByStaffStaysInTheirScope(t *testing.T) {
	f := newFixture(t)
	xn := f.station(t, "兴宁区联络站", testkit.AreaXingning, 22.8, 108.3)
	lz := f.station(t, "柳州城中联络站", testkit.AreaChengzh, 24.3, 109.4)
	_, err := f.reg.CreateDeputy(t.Context(), admin, registry.DeputyInput{Name: ptr("柳州代表"), Phone: ptr("13900000009"), StationIDs: []int64{lz}})
	require.NoError(t, err)

	file := xlsx(t, [][]any{
		{"姓名", "手机号", "联络站"},
		{"甲", "13800000011", itoa(xn)},
		{"乙", "13800000012", itoa(lz)},
		{"丙", "13800000013", ""},
		{"丁", "13900000009", itoa(xn)},
	})
	res, err := f.reg.ImportDeputies(t.Context(), nanningStaff, bytes.NewReader(file))
	require.NoError(t, err)
	results := []string{}
	for _, r := range res.Rows {
		results = append(results, r.Result+":"+r.Error)
	}
	assert.Equal(t, []string{
		"created:",
		"error:无权管理联络站：" + itoa(lz),
		"error:请填写联络站",
		"error:该手机号已登记为其他联络站的代表，请联系上级管理员",
	}, results)
	assert.Equal(t, 1, f.db.Count(t, "SELECT COUNT(*) FROM deputies WHERE name = '柳州代表'"), "the other scope's deputy is untouched")
	assert.Equal(t, 2, f.db.Count(t, "SELECT COUNT(*) FROM deputies"))
}

func TestImportDeputiesRefusesAFileItCannotUse(t *testing.T) {
	f := newFixture(t)
	many := [][]any{{"姓名", "手机号"}}
	for i := range registry.MaxImportRows + 1 {
		many = append(many, []any{"代表", 13000000000 + i})
	}
	cases := []struct {
		name    string
		file    []byte
		code    string
		kind    apperr.Kind
		message string
	}{
		{"a text file is not an xlsx", []byte("姓名,手机号\n张三,13800000001\n"), "invalid_file", apperr.KindInvalid, ""},
		{"a sheet without 手机号 names the missing column", xlsx(t, [][]any{{"姓名", "层级"}, {"张三", "县"}}), "missing_column", apperr.KindInvalid, "手机号"},
		{"a sheet without 姓名 names the missing column", xlsx(t, [][]any{{"手机号"}, {"13800000001"}}), "missing_column", apperr.KindInvalid, "姓名"},
		{"an empty sheet is refused", xlsx(t, nil), "empty_file", apperr.KindInvalid, ""},
		{"more than 5 000 rows are refused as a whole", xlsx(t, many), "too_many_rows", apperr.KindInvalid, ""},
		{"a file over 10 MB is too large", bytes.Repeat([]byte("x"), registry.MaxImportBytes+1), "file_too_large", apperr.KindTooLarge, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.reg.ImportDeputies(t.Context(), admin, bytes.NewReader(tc.file))
			e := apperr.From(err)
			assert.Equal(t, tc.code, e.Code, "%v", err)
			assert.Equal(t, tc.kind, e.Kind)
			assert.True(t, strings.Contains(e.Message, tc.message), e.Message)
			assert.Zero(t, f.db.Count(t, "SELECT COUNT(*) FROM deputies"))
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

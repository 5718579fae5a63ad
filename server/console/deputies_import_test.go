package console_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// importSheet fills the console's own template (downloaded by b) with rows.
func importSheet(t *testing.T, b *wired.Browser, rows [][]any) []byte {
	t.Helper()
	w := b.Get(t, "/console/deputies/import/template.xlsx")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Header().Get("Content-Disposition"), "attachment")
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	defer x.Close()
	sheet := x.GetSheetList()[0]
	header, err := x.GetRows(sheet)
	require.NoError(t, err)
	require.Equal(t, []string{"姓名", "手机号", "层级", "基层代表", "工作单位", "单位联系人", "单位联系电话", "联络站"}, header[0])
	for i, r := range rows {
		require.NoError(t, x.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &r))
	}
	var buf bytes.Buffer
	require.NoError(t, x.Write(&buf))
	return buf.Bytes()
}

// upload posts file as the upload form does and answers the response.
func upload(t *testing.T, b *wired.Browser, name string, file []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	require.NoError(t, err)
	_, _ = fw.Write(file)
	require.NoError(t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, wired.ConsoleOrigin+"/console/deputies/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.Send(t, req, "same-origin")
}

const confirmButton = `<button type="submit" class="primary">确认导入</button>`

var importPath = regexp.MustCompile(`^/console/imports/(\d+)$`)

// uploaded uploads file and answers the preview page's path and its HTML.
func uploaded(t *testing.T, b *wired.Browser, file []byte) (string, string) {
	t.Helper()
	w := upload(t, b, "代表名单.xlsx", file)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	path := w.Header().Get("Location")
	require.Regexp(t, importPath, path)
	page := b.Get(t, path)
	require.Equal(t, http.StatusOK, page.Code)
	return path, page.Body.String()
}

// figure is the number a preview's figure shows under label.
func figure(t *testing.T, page, label string) string {
	t.Helper()
	m := regexp.MustCompile(`<div class="label">` + label + `</div><div class="value">(\d+)</div>`).FindStringSubmatch(page)
	require.NotNil(t, m, "no figure %s", label)
	return m[1]
}

func TestImportPreviewAppliesNothingUntilConfirmedAndNothingWhenARowIsWrong(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "兴宁区民生街道联络站", testkit.AreaXingning)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	sa := fmt.Sprint(a)

	w := b.Get(t, "/console/deputies/import")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "下载 Excel 模板")
	assert.Contains(t, w.Body.String(), `enctype="multipart/form-data"`)

	good := [][]any{
		{"张三", "13800000001", "县", "是", "南宁市第一中学", "李四", "0771-5551234", "兴宁区民生街道联络站"},
		{"王五", "13800000002", "市、县", "否", "", "", "", sa},
		{"赵六", "13800000003", "乡镇", "", "", "", "13900000009", sa},
	}
	bad := append(append([][]any{}, good...), []any{"钱七", "1380000", "县", "", "", "", "", sa})

	// 3 good rows and 1 bad one: the preview says so, offers no 确认, changes nothing.
	path, page := uploaded(t, b, importSheet(t, b, bad))
	assert.Equal(t, "3", figure(t, page, "新增"))
	assert.Equal(t, "1", figure(t, page, "有错误"))
	assert.Contains(t, page, "有 1 行错误，本次不能导入")
	assert.Contains(t, page, "“手机号”列：</span>手机号格式不正确：1380000")
	assert.NotContains(t, page, confirmButton)
	assert.Less(t, strings.Index(page, "钱七"), strings.Index(page, "张三"), "errors come first")
	assert.Contains(t, page, "138****0001", "phones are masked")
	assert.NotContains(t, page, "13800000001")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"), "the preview changed nothing")
	// Applying it anyway does nothing either.
	w = b.Post(t, path+"/apply", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
	// The error class alone.
	w = b.Get(t, path+"?class=error")
	assert.Contains(t, w.Body.String(), "钱七")
	assert.NotContains(t, w.Body.String(), "张三")

	// Fixed and uploaded again: 3 new, confirm, 3 deputies.
	path, page = uploaded(t, b, importSheet(t, b, good))
	assert.Equal(t, "3", figure(t, page, "新增"))
	assert.Equal(t, "0", figure(t, page, "有错误"))
	assert.Contains(t, page, confirmButton)
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
	w = b.Post(t, path+"/apply", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	page = b.Get(t, w.Header().Get("Location")).Body.String()
	assert.Contains(t, page, "已导入：新增 3 人，更新 0 人")
	assert.Equal(t, 3, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
	assert.Equal(t, 3, s.DB.Count(t, "SELECT COUNT(*) FROM station_deputies WHERE station_id = ?", a))
	zhang, _, err := s.App.Registry.Deputies(t.Context(), wired.Admin, registry.DeputyFilter{Q: "13800000001"}, store.Page{Limit: 10})
	require.NoError(t, err)
	require.Len(t, zhang, 1)
	assert.Equal(t, "张三", zhang[0].Name)
	assert.Equal(t, []string{"county"}, zhang[0].Levels)
	assert.True(t, zhang[0].Grassroots)
	assert.Equal(t, registry.Employer{Name: "南宁市第一中学", ContactName: "李四", ContactPhone: "0771-5551234"}, zhang[0].Employer)
	assert.Equal(t, []int64{a}, zhang[0].StationIDs)
	// A second apply of the same batch does nothing more.
	w = b.Post(t, path+"/apply", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, 3, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_imports WHERE file_enc IS NOT NULL AND state = 'applied'"), "the file is dropped once applied")
	// The apply is one row of the audit log, by the uploader, from their address.
	assert.Equal(t, 1, s.DB.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'deputy.import' AND subject LIKE 'import:%'
		AND client_ip = '192.0.2.1' AND summary LIKE '%新增 3 人，更新 0 人%' AND actor_user_id IS NOT NULL`))

	// The same file again: all unchanged, nothing to confirm.
	_, page = uploaded(t, b, importSheet(t, b, good))
	assert.Equal(t, "3", figure(t, page, "无变化"))
	assert.Equal(t, "0", figure(t, page, "新增"))
	assert.NotContains(t, page, confirmButton)
	assert.Contains(t, page, "没有需要导入的内容")

	// One employer's phone changed: 1 changed, named; confirm updates it.
	changed := [][]any{good[0], good[1], {"赵六", "13800000003", "乡镇", "", "", "", "13900000010", sa}}
	path, page = uploaded(t, b, importSheet(t, b, changed))
	assert.Equal(t, "1", figure(t, page, "有变化"))
	assert.Equal(t, "2", figure(t, page, "无变化"))
	assert.Contains(t, page, "将更新：单位联系电话")
	assert.NotContains(t, page, "13900000010", "the new phone is not shown whole")
	w = b.Post(t, path+"/apply", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Contains(t, b.Get(t, w.Header().Get("Location")).Body.String(), "已导入：新增 0 人，更新 1 人")
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputies WHERE employer_phone_hash = ?", s.Box.Hash("13900000010")))
	assert.Equal(t, 3, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
}

func TestImportOfAnotherStationIsAnErrorRowAndABatchIsOnlyItsUploaders(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	bst := s.Station(t, "城中区联络站", testkit.AreaChengzh)
	s.Deputy(t, "城中代表", "13700000001", bst)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	other, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})

	path, page := uploaded(t, b, importSheet(t, b, [][]any{
		{"张三", "13800000001", "", "", "", "", "", fmt.Sprint(a)},
		{"李四", "13800000002", "", "", "", "", "", fmt.Sprint(bst)},
		{"城中代表", "13700000001", "", "", "", "", "", fmt.Sprint(a)},
	}))
	assert.Equal(t, "2", figure(t, page, "有错误"))
	assert.Contains(t, page, "“联络站”列：</span>无权管理联络站："+fmt.Sprint(bst))
	assert.Contains(t, page, "该手机号已登记为其他联络站的代表")
	assert.NotContains(t, page, confirmButton)

	// Someone else's batch is not there for another staff member.
	for _, p := range []string{path, path + "/progress"} {
		w := other.Get(t, p)
		assert.Equal(t, http.StatusNotFound, w.Code, p)
	}
	w := other.Post(t, path+"/apply", nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, http.StatusNotFound, b.Get(t, "/console/imports/abc").Code)
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
}

func TestImportUploadRefusesWhatIsNotTheSheet(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})

	w := upload(t, b, "名单.xls", []byte("not a sheet"))
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "只能上传 .xlsx 格式的 Excel 文件")

	w = upload(t, b, "名单.xlsx", []byte("not a sheet"))
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请上传 .xlsx 格式的 Excel 文件")

	x := excelize.NewFile()
	require.NoError(t, x.SetSheetRow("Sheet1", "A1", &[]any{"名字", "电话"}))
	require.NoError(t, x.SetSheetRow("Sheet1", "A2", &[]any{"张三", "13800000001"}))
	var buf bytes.Buffer
	require.NoError(t, x.Write(&buf))
	w = upload(t, b, "名单.xlsx", buf.Bytes())
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "表格缺少“姓名”列")

	w = upload(t, b, "名单.xlsx", bytes.Repeat([]byte("x"), registry.MaxImportBytes+10))
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "文件不能超过10MB")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputy_imports"))
}

func TestALargeImportIsCheckedAndAppliedByTheWorkerWithProgress(t *testing.T) {
	was := registry.ImportJobRows
	registry.ImportJobRows = 2
	t.Cleanup(func() { registry.ImportJobRows = was })
	s := wired.New(t)
	s.RunWorker(t)
	a := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	b, _, _ := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	var rows [][]any
	for i := range 5 {
		rows = append(rows, []any{fmt.Sprintf("代表%d", i), fmt.Sprintf("1380000%04d", i), "县", "", "", "", "", fmt.Sprint(a)})
	}
	w := upload(t, b, "代表名单.xlsx", importSheet(t, b, rows))
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	path := w.Header().Get("Location")

	type progress struct {
		Done, Total int
		Label       string
		Finished    bool
	}
	wait := func() progress {
		t.Helper()
		var p progress
		require.Eventually(t, func() bool {
			w := b.Get(t, path+"/progress")
			require.Equal(t, http.StatusOK, w.Code)
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
			return p.Finished
		}, 20*time.Second, 100*time.Millisecond)
		return p
	}
	// While the task runs, the page shows a progress bar that polls.
	if page := b.Get(t, path).Body.String(); strings.Contains(page, "data-progress-url") {
		assert.Contains(t, page, `data-progress-url="`+path+`/progress"`)
		assert.Contains(t, page, "<progress")
	}
	p := wait()
	assert.Equal(t, 5, p.Total)
	assert.Equal(t, 5, p.Done)
	page := b.Get(t, path).Body.String()
	assert.Equal(t, "5", figure(t, page, "新增"))
	assert.Contains(t, page, confirmButton)
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))

	w = b.Post(t, path+"/apply", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	p = wait()
	assert.Equal(t, "导入完成", p.Label)
	assert.Contains(t, b.Get(t, path).Body.String(), "新增 5 人，更新 0 人")
	assert.Equal(t, 5, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
	assert.Equal(t, 5, s.DB.Count(t, "SELECT COUNT(*) FROM station_deputies WHERE station_id = ?", a))
}

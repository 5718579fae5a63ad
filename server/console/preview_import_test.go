//go:build preview

package console_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/devmode"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// TestConsolePreviewImport renders the deputies' import: the upload page, the
// preview of a file with error rows (uploaded through the page's file
// input), and the preview of a clean file, ready to confirm.
func TestConsolePreviewImport(t *testing.T) {
	dir := previewDir(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	demo, err := devmode.Seed(t.Context(), s.App)
	require.NoError(t, err)
	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)

	ctx := browser(t)
	signInAdmin(t, ctx, s, web.URL, "preview-import")

	shot := func(name string) {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), out, 0o644))
		t.Logf("%s.png", name)
	}
	uploadFile := func(rows [][]any, wait string) {
		t.Helper()
		x := excelize.NewFile()
		require.NoError(t, x.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "手机号", "层级", "基层代表", "工作单位", "单位联系人", "单位联系电话", "联络站"}))
		for i, r := range rows {
			require.NoError(t, x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &r))
		}
		path := filepath.Join(t.TempDir(), "兴宁区代表名单.xlsx")
		require.NoError(t, x.SaveAs(path))
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Navigate(web.URL+"/console/deputies/import"),
			chromedp.WaitVisible(chromedp.CSS(`input[type=file]`)),
			chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{path}),
			chromedp.Click(chromedp.CSS(`form.import-upload button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(wait)),
			chromedp.Sleep(300*time.Millisecond)))
	}

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(web.URL+"/console/deputies/import"), chromedp.WaitVisible(chromedp.CSS(`main`)), chromedp.Sleep(300*time.Millisecond)))
	shot("import-upload")

	st := demo.Station.Name
	known := demo.Deputies[0]
	good := [][]any{
		{known.Name, known.Phone, "县", "否", "兴宁区人民医院", "黄丽", "0771-5550001", st},
		{"韦建国", "13800138101", "县、乡镇", "是", "兴宁区三塘镇政府", "覃明", "13800138201", st},
		{"蒙秀英", "13800138102", "乡镇", "否", "", "", "", st},
		{"陆志强", "13800138103", "市", "否", "南宁市第三中学", "", "", st},
	}
	bad := append(append([][]any{}, good...),
		[]any{"农海燕", "1380013810", "县", "", "", "", "", st},
		[]any{"覃志明", "13800138105", "省", "", "", "", "", st},
		[]any{"梁小红", "13800138106", "县", "", "", "", "", "邕宁区联络站"},
	)
	uploadFile(bad, ".import-figures")
	shot("import-preview-errors")
	uploadFile(good, ".import-figures")
	shot("import-preview-ok")

	// A large file waits for the worker (not running here): the progress bar.
	was := registry.ImportJobRows
	registry.ImportJobRows = 2
	t.Cleanup(func() { registry.ImportJobRows = was })
	uploadFile(good, ".import-progress")
	s.DB.Exec(t, "UPDATE deputy_imports SET rows_done = 3 WHERE state = 'checking'")
	require.NoError(t, chromedp.Do(ctx, chromedp.Sleep(1500*time.Millisecond)))
	shot("import-progress")
}

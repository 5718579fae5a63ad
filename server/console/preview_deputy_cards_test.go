//go:build preview

package console_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/devmode"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// The deputies' printed cards (代表码名片).
func init() {
	previews = append(previews, preview{Name: "deputy-cards", PDF: true, Path: func(d *devmode.Demo) string {
		var ids []string
		for _, dep := range d.Deputies {
			ids = append(ids, strconv.FormatInt(dep.ID, 10))
		}
		return "/console/deputies/cards?ids=" + strings.Join(ids, ",")
	}})
}

// TestConsolePreviewDeputyCardPages prints five deputies' cards and checks
// that the PDF has two A4 pages: four cards to a sheet (pdfinfo,
// poppler-utils).
func TestConsolePreviewDeputyCardPages(t *testing.T) {
	pdfinfo, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo (poppler-utils) is not installed")
	}
	dir := previewDir(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	st := s.Station(t, "兴宁区民生街道人大代表联络站", testkit.AreaXingning)
	var ids []string
	for i, name := range []string{"韦建国", "覃海燕", "黄志明", "陆小红", "蒙大林"} {
		ids = append(ids, strconv.FormatInt(s.Deputy(t, name, "1390000000"+strconv.Itoa(i+1), st), 10))
	}
	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)
	ctx := browser(t)
	signInAdmin(t, ctx, s, web.URL, "preview-cards")
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(web.URL+"/console/deputies/cards?ids="+strings.Join(ids, ",")),
		chromedp.WaitVisible(chromedp.CSS(`.sheet`)), chromedp.Sleep(300*time.Millisecond)))
	out, err := PrintPDF(ctx)
	require.NoError(t, err)
	file := filepath.Join(dir, "deputy-cards-five.pdf")
	require.NoError(t, os.WriteFile(file, out, 0o644))
	info, err := exec.Command(pdfinfo, file).Output()
	require.NoError(t, err)
	require.Regexp(t, `(?m)^Pages:\s+2$`, string(info))
	require.Contains(t, string(info), "(A4)")
}

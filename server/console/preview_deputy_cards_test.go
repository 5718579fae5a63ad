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
	previews = append(previews, preview{Name: "deputy-cards-single", PDF: true, Path: func(d *devmode.Demo) string {
		var ids []string
		for _, dep := range d.Deputies {
			ids = append(ids, strconv.FormatInt(dep.ID, 10))
		}
		return "/console/deputies/cards?layout=single&ids=" + strings.Join(ids, ",")
	}})
}

// TestConsolePreviewDeputyCardPages prints five deputies' cards and checks
// the PDF's pages (pdfinfo, poppler-utils): two A4 pages, four cards to a
// sheet; with ?layout=single five A6 pages, one card each, every card's
// name on its own page (pdftotext).
func TestConsolePreviewDeputyCardPages(t *testing.T) {
	pdfinfo, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo (poppler-utils) is not installed")
	}
	dir := previewDir(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	st := s.Station(t, "兴宁区民生街道人大代表联络站", testkit.AreaXingning)
	names := []string{"韦建国", "覃海燕", "黄志明", "陆小红", "蒙大林"}
	var ids []string
	for i, name := range names {
		ids = append(ids, strconv.FormatInt(s.Deputy(t, name, "1390000000"+strconv.Itoa(i+1), st), 10))
	}
	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)
	ctx := browser(t)
	signInAdmin(t, ctx, s, web.URL, "preview-cards")
	print := func(query, name string) string {
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(web.URL+"/console/deputies/cards?"+query+"ids="+strings.Join(ids, ",")),
			chromedp.WaitVisible(chromedp.CSS(`.sheet`)), chromedp.Sleep(300*time.Millisecond)))
		out, err := PrintPDF(ctx)
		require.NoError(t, err)
		file := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(file, out, 0o644))
		return file
	}
	pages := func(file string) string {
		info, err := exec.Command(pdfinfo, file).Output()
		require.NoError(t, err)
		return string(info)
	}

	info := pages(print("", "deputy-cards-five.pdf"))
	require.Regexp(t, `(?m)^Pages:\s+2$`, info)
	require.Contains(t, info, "(A4)")

	file := print("layout=single&", "deputy-cards-five-single.pdf")
	info = pages(file)
	require.Regexp(t, `(?m)^Pages:\s+`+strconv.Itoa(len(names))+`$`, info, "one page per card")
	// A6 is 105 × 148 mm: 297.6 × 419.5 points
	require.Regexp(t, `(?m)^Page size:\s+29[78](\.\d+)? x 4(19|20)(\.\d+)? pts`, info, "A6 pages")
	if pdftotext, err := exec.LookPath("pdftotext"); err == nil {
		for i, name := range names {
			text, err := exec.Command(pdftotext, "-f", strconv.Itoa(i+1), "-l", strconv.Itoa(i+1), file, "-").Output()
			require.NoError(t, err)
			require.Contains(t, string(text), name, "page %d is %s's card", i+1, name)
			require.Contains(t, string(text), "扫码给我留言")
			for _, other := range names {
				if other != name {
					require.NotContains(t, string(text), other, "page %d holds one card", i+1)
				}
			}
		}
	}
}

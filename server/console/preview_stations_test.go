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

// The pages of 联络站 and 代表.
func init() {
	station := func(d *devmode.Demo) string { return strconv.FormatInt(d.Station.ID, 10) }
	previews = append(previews,
		preview{Name: "stations", Path: func(*devmode.Demo) string { return "/console/stations" }},
		preview{Name: "station", Path: func(d *devmode.Demo) string { return "/console/stations/" + station(d) }},
		preview{Name: "station-new", Path: func(*devmode.Demo) string { return "/console/stations/new" }},
		preview{Name: "posters", Path: func(d *devmode.Demo) string { return "/console/stations/posters?ids=" + station(d) }, PDF: true},
		preview{Name: "deputies", Path: func(*devmode.Demo) string { return "/console/deputies" }},
		preview{Name: "deputy", Path: func(d *devmode.Demo) string {
			return "/console/deputies/" + strconv.FormatInt(d.Deputies[0].ID, 10)
		}},
	)
}

// TestConsolePreviewPosterPages prints the posters of three stations and
// checks that the PDF has one A4 page per station (pdfinfo, poppler-utils).
func TestConsolePreviewPosterPages(t *testing.T) {
	pdfinfo, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo (poppler-utils) is not installed")
	}
	dir := previewDir(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	ids := []string{
		strconv.FormatInt(s.Station(t, "兴宁区民生街道人大代表联络站", testkit.AreaXingning), 10),
		strconv.FormatInt(s.Station(t, "青秀区新竹社区人大代表联络站", testkit.AreaQingxiu), 10),
		strconv.FormatInt(s.Station(t, "柳州市城中区公园街道人大代表联络站", testkit.AreaChengzh), 10),
	}
	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)
	ctx := browser(t)
	signInAdmin(t, ctx, s, web.URL, "preview-posters")
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(web.URL+"/console/stations/posters?ids="+strings.Join(ids, ",")),
		chromedp.WaitVisible(chromedp.CSS(`.sheet`)), chromedp.Sleep(300*time.Millisecond)))
	out, err := PrintPDF(ctx)
	require.NoError(t, err)
	file := filepath.Join(dir, "posters-three.pdf")
	require.NoError(t, os.WriteFile(file, out, 0o644))
	info, err := exec.Command(pdfinfo, file).Output()
	require.NoError(t, err)
	require.Regexp(t, `(?m)^Pages:\s+3$`, string(info))
	require.Contains(t, string(info), "(A4)")
}

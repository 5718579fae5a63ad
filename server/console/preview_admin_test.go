//go:build preview

package console_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/devmode"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// The admins' pages: 邀请码 and 操作日志.
func init() {
	previews = append(previews,
		preview{Name: "invites", Path: func(d *devmode.Demo) string {
			a := d.Station.AreaCode
			return "/console/invites?city=" + a[:4] + "00&county=" + a[:6] + "&station_ids=" + strconv.FormatInt(d.Station.ID, 10)
		}},
		preview{Name: "audit", Path: func(*devmode.Demo) string { return "/console/audit" }},
		preview{Name: "audit-stations", Path: func(*devmode.Demo) string { return "/console/audit?action=station." }},
	)
}

// TestConsolePreviewInvite makes an invite through the form, as an admin
// does, and pictures the page that shows its code once (and prints it).
func TestConsolePreviewInvite(t *testing.T) {
	dir := previewDir(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	demo, err := devmode.Seed(t.Context(), s.App)
	require.NoError(t, err)
	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)

	ctx := browser(t)
	signInAdmin(t, ctx, s, web.URL, "preview-admin")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(web.URL+"/console/invites?station_ids="+strconv.FormatInt(demo.Station.ID, 10)),
		chromedp.WaitVisible(chromedp.CSS(`button[name=make]`)),
		chromedp.Click(chromedp.CSS(`button[name=make]`)),
		chromedp.WaitVisible(chromedp.CSS(`.invite-code`)),
		chromedp.Sleep(300*time.Millisecond)))
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "invite-new.png"), png, 0o644))
	pdf, err := PrintPDF(ctx)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "invite-new.pdf"), pdf, 0o644))

	// A bad form: staff with no station.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(web.URL+"/console/invites"),
		chromedp.WaitVisible(chromedp.CSS(`button[name=make]`)),
		chromedp.Click(chromedp.CSS(`button[name=make]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-error`)),
		chromedp.Sleep(300*time.Millisecond)))
	png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "invite-error.png"), png, 0o644))
}

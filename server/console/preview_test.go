//go:build preview

package console_test

// The console's preview: its main pages rendered by headless Chromium to
// PNG at 1366×768 (the whole page), and the paper pages printed to PDF, on
// the development demo's data, for a person to look at. Not a test of
// behaviour, so it is built only with the preview tag:
//
//	make console-preview   (PNG and PDF files in bin/console-preview/)
//
// Each area of the console lists its pages in a preview_<area>_test.go file
// of its own, adding to previews in an init function.

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/devmode"
	"github.com/liaison-stations/liaison/server/testkit/headless"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// preview is one page to render. Path may name demo ids through the
// function, which gets the seeded demo; PDF prints it instead of a picture.
type preview struct {
	Name string
	Path func(d *devmode.Demo) string
	PDF  bool
	// Wait is a CSS selector to wait for before taking the picture.
	Wait string
	// Prepare, when set, adds to the demo's data before the page is opened;
	// it returns the path to open instead of Path's.
	Prepare func(t *testing.T, s *wired.Service, d *devmode.Demo) string
	// Do, when set, is what a person does on the page before the picture
	// (fill a form, press a button).
	Do []chromedp.Action[chromedp.Void]
}

var previews = []preview{
	{Name: "home", Path: func(*devmode.Demo) string { return "/console/" }},
}

func TestConsolePreview(t *testing.T) {
	dir := previewDir(t)
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	demo, err := devmode.Seed(t.Context(), s.App)
	require.NoError(t, err)
	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)

	ctx := browser(t)
	// The sign-in page as a browser first sees it.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(web.URL+"/console/login"), chromedp.WaitVisible(chromedp.CSS("main")),
		chromedp.Sleep(300*time.Millisecond)))
	login, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "login.png"), login, 0o644))
	signInAdmin(t, ctx, s, web.URL, "preview-admin")

	for _, p := range previews {
		t.Run(p.Name, func(t *testing.T) {
			path := ""
			if p.Prepare != nil {
				path = p.Prepare(t, s, demo)
			} else {
				path = p.Path(demo)
			}
			url := web.URL + path
			wait := p.Wait
			if wait == "" {
				wait = "main"
			}
			if p.Do != nil {
				steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main"))}
				require.NoError(t, chromedp.Do(ctx, append(steps, p.Do...)...))
			}
			if p.Do == nil {
				require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(wait)), chromedp.Sleep(300*time.Millisecond)))
			} else {
				require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(wait)), chromedp.Sleep(300*time.Millisecond)))
			}
			name := p.Name + ".png"
			var out []byte
			var err error
			if p.PDF {
				name = p.Name + ".pdf"
				out, err = PrintPDF(ctx)
			} else {
				out, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
			}
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), out, 0o644))
			t.Logf("%s: %s", name, url)
		})
	}
}

// previewDir is where the pictures go: LIAISON_CONSOLE_PREVIEW, or
// bin/console-preview.
func previewDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LIAISON_CONSOLE_PREVIEW")
	if dir == "" {
		dir = filepath.Join(wired.Root(), "bin", "console-preview")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// signInAdmin signs the browser in to the console at base with the
// development sign-in as openid, a user who then holds the admin role.
func signInAdmin(t *testing.T, ctx context.Context, s *wired.Service, base, openid string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/console/login"),
		chromedp.SetValue(chromedp.CSS(`input[name=openid]`), openid),
		chromedp.Submit(chromedp.CSS(`input[name=openid]`)),
		chromedp.WaitVisible(chromedp.CSS(`main`))))
	s.DB.Exec(t, "INSERT INTO user_roles (user_id, role, created_at) SELECT id, 'admin', NOW(3) FROM users WHERE openid = ?", openid)
}

// PrintPDF prints the page as Chromium's print dialog would, on the page
// size the page's CSS asks for (A4).
func PrintPDF(ctx context.Context) ([]byte, error) {
	yes := true
	res, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (page.PrintToPDFResult, error) {
		return cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
	})
	return res.Data, err
}

func browser(t *testing.T) context.Context {
	t.Helper()
	ctx := headless.New(t, 1366, 768)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

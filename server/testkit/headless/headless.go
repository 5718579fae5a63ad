// Package headless starts Debian's Chromium for the tests that look at
// liaison's pages in a real browser (the employer's notice, the console) and
// for the console's preview. It is a package of its own so that only those
// tests link chromedp.
package headless

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Path finds Debian's chromium. A test does not skip without it: CI
// installs it (.ci/run), and a missing browser is a failure that says so.
func Path(tb testing.TB) string {
	tb.Helper()
	for _, p := range []string{os.Getenv("LIAISON_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	tb.Fatal("no headless browser: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set LIAISON_TEST_CHROMIUM")
	return ""
}

// New starts a headless Chromium with a window of width × height and
// answers the chromedp context of its first tab; the browser is stopped
// when tb ends. Chromium is started as the probe of this machine does: no
// sandbox (tests run as root), no GPU, and none of its own network calls
// (this machine's network is closed, and each refused call costs time).
func New(tb testing.TB, width, height int) context.Context {
	tb.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path(tb)),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "zh-CN"), chromedp.NoFirstRun, chromedp.WindowSize(width, height))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tb.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	tb.Cleanup(cancel)
	return ctx
}

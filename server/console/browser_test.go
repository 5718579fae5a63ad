package console_test

// A county set up and run from the console alone, in Debian's headless
// Chromium against the wired service: the development sign-in, two stations
// created through the form, deputies imported from the downloaded template
// (one bad row shown and nothing applied, then fixed and applied), the
// stations' posters printed to PDF one page each, an activity created and
// published, the landline employer among those to telephone and in the
// letters, the venue screen's code changing by itself, and the inbox
// exported to Excel. The browser sends what a person's clicks send: the
// forms' own fields, its own cookies, its own Origin.

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/headless"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// tab is one browser tab on the console, for a test.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newTab(t *testing.T, base string) *tab {
	t.Helper()
	ctx := headless.New(t, 1366, 768)
	// The first Run starts the browser, and lives as long as ctx: no timeout on it.
	_, err := chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	return &tab{t: t, ctx: ctx, base: base}
}

// do runs steps within 30 s, failing the test with what the page shows.
func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v\npage: %s", err, b.text("main"))
	}
}

func (b *tab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS("main")))
}

// text is the visible text of the first element matching css ("" if none).
func (b *tab) text(css string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{innerText:""}).innerText`, css)))
	if err != nil {
		return ""
	}
	return v
}

// js evaluates an expression in the page.
func (b *tab) js(expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
	require.NoError(b.t, err, expr)
}

// fill sets form fields by name, as typing and choosing would, and says so
// to the page's scripts.
func (b *tab) fill(fields map[string]string) {
	b.t.Helper()
	for name, value := range fields {
		b.js(fmt.Sprintf(`(function(){ var el = document.querySelector('[name=%q]'); el.value = %q;
			el.dispatchEvent(new Event('input', {bubbles: true})); })()`, name, value))
	}
}

// submit clicks a button and waits for the next page.
func (b *tab) submit(css string) {
	b.t.Helper()
	// The console asks "are you sure?" (data-confirm) before some changes: a person says yes.
	b.js(`window.confirm = function () { return true; }`)
	b.do(chromedp.Click(chromedp.CSS(css)), chromedp.Sleep(200*time.Millisecond), chromedp.WaitVisible(chromedp.CSS("main")))
}

// fetch asks for path with the browser's cookies and answers its bytes.
func (b *tab) fetch(path string) []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q, {credentials: "same-origin"})
		.then(function (r) { if (!r.ok) { throw new Error("status " + r.status); } return r.arrayBuffer(); })
		.then(function (buf) { var s = "", a = new Uint8Array(buf); for (var i = 0; i < a.length; i++) { s += String.fromCharCode(a[i]); } return btoa(s); })`, path),
		chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	require.NoError(b.t, err, path)
	out, err := base64.StdEncoding.DecodeString(v)
	require.NoError(b.t, err)
	return out
}

// upload chooses file for the form's file input and sends the form.
func (b *tab) upload(path string, file []byte, submit string) {
	b.t.Helper()
	name := filepath.Join(b.t.TempDir(), "代表名单.xlsx")
	require.NoError(b.t, os.WriteFile(name, file, 0o600))
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`input[type=file][name=file]`), []string{name}))
	b.submit(submit)
}

func (b *tab) pdf() []byte {
	b.t.Helper()
	yes := true
	res, err := chromedp.Run(b.ctx, func(ctx context.Context, t *chromedp.Target) (page.PrintToPDFResult, error) {
		return cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
	})
	require.NoError(b.t, err)
	return res.Data
}

// pdfPages counts the pages of a PDF that Chromium printed (its page
// objects are plain dictionaries).
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
}

func TestACountyIsSetUpAndRunFromTheConsoleInABrowser(t *testing.T) {
	// Monday 2 March 2026, 09:00 in Nanning: the activity below is later that week.
	clk := clock.NewFixed(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk), wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	web := httptest.NewServer(s.HTTP())
	t.Cleanup(web.Close)
	b := newTab(t, web.URL)

	// The IT person signs in with the development sign-in; an admin invite was redeemed by them.
	b.open("/console/login")
	b.fill(map[string]string{"openid": "dev-county-admin"})
	b.submit(`form.dev button[type=submit]`)
	s.DB.Exec(t, "INSERT INTO user_roles (user_id, role, created_at) SELECT id, 'admin', NOW(3) FROM users WHERE openid = 'dev-county-admin'")
	b.open("/console/")
	require.Contains(t, b.text("main"), "工作台")

	// Two stations, through the form: the city, then its counties, then the rest.
	for _, st := range []struct{ name, address string }{
		{"青秀区新竹街道人大代表联络站", "南宁市青秀区新竹路1号"},
		{"青秀区南湖街道人大代表联络站", "南宁市青秀区南湖路8号"},
	} {
		b.open("/console/stations/new")
		b.fill(map[string]string{"city": testkit.AreaNanning})
		b.submit(`button[name=step][value=area]`)
		b.fill(map[string]string{"name": st.name, "county": testkit.AreaQingxiu, "address": st.address,
			"latitude": "22.817", "longitude": "108.366", "open_hours": "周一至周五 9:00-17:00"})
		b.submit(`.station-form button.primary[type=submit]`)
		require.Contains(t, b.text("main"), st.name)
	}
	var stations []int64
	require.NoError(t, s.DB.SelectContext(t.Context(), &stations, "SELECT id FROM stations ORDER BY id"))
	require.Len(t, stations, 2)

	// Deputies from the template: one row is wrong, so nothing is applied.
	template := b.fetch("/console/deputies/import/template.xlsx")
	sheet := func(rows [][]any) []byte {
		x, err := excelize.OpenReader(bytes.NewReader(template))
		require.NoError(t, err)
		defer x.Close()
		for i, r := range rows {
			require.NoError(t, x.SetSheetRow(x.GetSheetList()[0], fmt.Sprintf("A%d", i+2), &r))
		}
		var buf bytes.Buffer
		require.NoError(t, x.Write(&buf))
		return buf.Bytes()
	}
	station := "青秀区新竹街道人大代表联络站"
	good := [][]any{
		{"韦建国", "13800700001", "县", "是", "青秀区人民医院", "李娟", "0771-5551234", station},
		{"黄丽萍", "13800700002", "县,市", "否", "南宁市第三中学", "陈明", "13900700002", station},
		{"蒙志强", "13800700003", "乡镇", "是", "", "", "", station},
	}
	bad := append(append([][]any{}, good...), []any{"覃小梅", "1380070000", "县", "是", "", "", "", station})
	b.open("/console/deputies/import")
	b.upload("/console/deputies/import", sheet(bad), `form.import-upload button[type=submit]`)
	preview := b.text("main")
	assert.Contains(t, preview, "手机号")
	assert.Contains(t, preview, "覃小梅")
	assert.Contains(t, preview, "本次不能导入")
	assert.Empty(t, b.text("form.import-apply"), "no confirm button while a row is wrong")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"), "nothing applied while a row is wrong")

	b.open("/console/deputies/import")
	b.upload("/console/deputies/import", sheet(good), `form.import-upload button[type=submit]`)
	require.Contains(t, b.text("main"), "检查通过")
	b.submit(`form.import-apply button[type=submit]`)
	assert.Contains(t, b.text("main"), "新增 3 人")
	var href string
	assert.Equal(t, 3, s.DB.Count(t, "SELECT COUNT(*) FROM station_deputies WHERE station_id = ?", stations[0]))

	// The posters of both stations: one A4 page each when printed.
	b.open(fmt.Sprintf("/console/stations/posters?ids=%d,%d", stations[0], stations[1]))
	assert.Contains(t, b.text("main"), "微信扫一扫，给人大代表留言")
	assert.Equal(t, 2, pdfPages(b.pdf()), "one page per station")

	// An activity at the first station, for its deputies, published.
	b.open(fmt.Sprintf("/console/activities/new?station_id=%d", stations[0]))
	b.fill(map[string]string{"title": "代表接待日：听取新竹街道群众意见", "start_at": "2026-03-05T09:30", "end_at": "2026-03-05T11:30",
		"venue": "新竹街道联络站二楼"})
	b.submit(`.activity-form button.primary[type=submit]`)
	detail := b.text("main")
	require.Contains(t, detail, "代表接待日：听取新竹街道群众意见", detail)
	b.submit(`form[action$="/publish"] button[type=submit]`)
	var activity int64
	require.NoError(t, s.DB.GetContext(t.Context(), &activity, "SELECT id FROM activities WHERE status = 'published'"))

	// The landline employer is among those to telephone, and has a letter.
	b.open(fmt.Sprintf("/console/activities/%d", activity))
	toPhone := b.text(".to-phone")
	assert.Contains(t, toPhone, "青秀区人民医院")
	assert.Contains(t, toPhone, "0771-5551234")
	assert.NotContains(t, toPhone, "南宁市第三中学", "a mobile is reached by SMS")
	b.open(fmt.Sprintf("/console/activities/%d/letters", activity))
	letters := b.text("main")
	assert.Contains(t, letters, "青秀区人民医院")
	assert.Contains(t, letters, "韦建国")
	assert.Equal(t, 1, pdfPages(b.pdf()))

	// The venue screen's code changes by itself as the code rotates.
	b.open(fmt.Sprintf("/console/activities/%d/venue", activity))
	first := strings.TrimSpace(b.text(".code-text"))
	require.NotEmpty(t, first)
	clk.Advance(31 * time.Second)
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(".code-text") && document.querySelector(".code-text").innerText.trim() !== %q`, first),
		chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err, "the venue screen refreshes its code")
	assert.NotEqual(t, first, strings.TrimSpace(b.text(".code-text")))

	// A citizen's message at the station; the inbox exported as the filter shows it.
	citizen, _, _ := s.SignIn(t)
	w := s.Do(t, "POST", fmt.Sprintf("/api/v1/stations/%d/messages", stations[0]), citizen,
		map[string]any{"category": "transport", "content": "新竹路口的红绿灯时间太短，老人过马路来不及。"})
	require.Equal(t, 201, w.Code, w.Body.String())
	b.open(fmt.Sprintf("/console/messages?station_id=%d", stations[0]))
	require.Contains(t, b.text("main"), "红绿灯")
	href, err = chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('a[href^="/console/messages/export"]').getAttribute("href")`))
	require.NoError(t, err)
	x, err := excelize.OpenReader(bytes.NewReader(b.fetch(href)))
	require.NoError(t, err)
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	require.NoError(t, err)
	require.Len(t, rows, 2, "the header and the one message")
	assert.Contains(t, strings.Join(rows[1], " "), "红绿灯")
}

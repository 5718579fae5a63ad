// Package wired builds the whole of liaison for a test, wired exactly as
// `liaison all` wires it (server/app), on a fresh migrated database, a Redis
// database of the test's own and the fake WeChat and Tencent SMS servers.
// Any package's tests may use it; a capability's tests call the capability
// (s.Messages, s.Activities …), server/api's tests speak HTTP (s.Do).
//
// It is a package of its own, not part of testkit, because it imports
// server/app, which imports every capability and jobs: their own tests
// import testkit, and that must not import them back.
package wired

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/app"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/contract"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
	"github.com/liaison-stations/liaison/server/testkit/fakewechat"
	"github.com/liaison-stations/liaison/server/testkit/province"
)

// Service is liaison wired for one test.
type Service struct {
	*app.App
	DB     *testkit.DB
	Redis  *testkit.Redis
	WeChat *fakewechat.Server
	SMS    *fakesms.Server
	// Logs holds the service's JSON logs.
	Logs *testkit.Buffer
	// Box seals phone numbers as the service does, for fixtures.
	Box  *pii.Box
	http http.Handler
}

// Option changes how the service is wired.
type Option func(*options)

type options struct {
	configure []func(*config.Config)
	app       []app.Option
	db        *testkit.DB
}

// Configure changes the configuration before the service is wired.
func Configure(f func(*config.Config)) Option {
	return func(o *options) { o.configure = append(o.configure, f) }
}

// Database wires the service on db, a database the caller has migrated and
// filled (the province benchmarks' seeded one), instead of a fresh one with
// the test areas. The caller owns db: it is not dropped when the test ends.
func Database(db *testkit.DB) Option { return func(o *options) { o.db = db } }

// Clock makes every capability tell the time by c.
func Clock(c clock.Clock) Option {
	return func(o *options) { o.app = append(o.app, app.WithClock(c)) }
}

// Templates are the subscribe template ids the service is configured with.
var Templates = config.Templates{MessageReply: "tmpl-reply", MessageFollowup: "tmpl-followup", MessageAccepted: "tmpl-accepted",
	ActivityNotice: "tmpl-notice", ActivityReminder: "tmpl-reminder", ActivityChanged: "tmpl-changed"}

// Root is the repository's root folder (where configs/ is).
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// New wires the service for t; everything is closed when t ends. Areas are
// loaded (testkit.SeedAreas); the worker does not run unless RunWorker.
func New(t testing.TB, opts ...Option) *Service {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	s := &Service{DB: o.db, Redis: testkit.NewRedis(t), WeChat: fakewechat.New(t), SMS: fakesms.New(t), Logs: &testkit.Buffer{}}
	if s.DB == nil {
		s.DB = testkit.NewDB(t)
		testkit.SeedAreas(t, s.DB)
	}
	// Whatever a test did to messages, the statistics' tallies still agree.
	t.Cleanup(func() {
		if err := messages.VerifyTallies(context.Background(), s.DB.DB); err != nil {
			t.Errorf("wired: %v", err)
		}
	})
	cfg := config.Defaults()
	cfg.MySQLDSN = s.DB.DSN
	cfg.RedisAddr, cfg.RedisDB = s.Redis.Addr, s.Redis.DB
	cfg.HTTPAddr = "127.0.0.1:0"
	cfg.LogLevel = "debug"
	cfg.WeChat.AppID, cfg.WeChat.Secret, cfg.WeChat.APIBase = s.WeChat.AppID(), s.WeChat.Secret(), s.WeChat.URL()
	cfg.SMS = config.SMS{Provider: "tencent", Endpoint: s.SMS.URL(), SecretID: s.SMS.SecretID(), SecretKey: s.SMS.SecretKey(),
		SDKAppID: s.SMS.SDKAppID(), Sign: s.SMS.Sign(), ReceiptSecret: "receipt-secret-0123456789"}
	cfg.Templates = Templates
	cfg.NotificationsFile = filepath.Join(Root(), "configs", "notifications.yaml")
	cfg.UploadsDir = t.TempDir()
	cfg.Worker.MetricsAddr = ""
	for _, f := range o.configure {
		f(&cfg)
	}
	a, err := app.Open(context.Background(), cfg, s.Logs, o.app...)
	if err != nil {
		t.Fatalf("wired: %v", err)
	}
	t.Cleanup(a.Close)
	key, err := cfg.Key()
	if err != nil {
		t.Fatalf("wired: %v", err)
	}
	if s.Box, err = pii.NewBox(key); err != nil {
		t.Fatalf("wired: %v", err)
	}
	s.App, s.http = a, a.Handler()
	return s
}

// RunWorker runs the worker (asynq and the periodic jobs) until t ends.
func (s *Service) RunWorker(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.App.RunWorker(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("wired: worker: %v", err)
		}
	})
}

// Do sends a request to the API with a JSON body (nil for none) and the
// bearer token (empty for none).
func (s *Service) Do(t testing.TB, method, path, token string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("wired: %v", err)
		}
		r = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	s.http.ServeHTTP(w, req)
	contract.CheckJSON(t, req, body, w)
	return w
}

// Serve sends req to the API as it is: for headers Do does not set
// (X-Forwarded-For …) and bodies that are not JSON (uploads, forms).
// httptest's requests come from 192.0.2.1. The exchange is checked against
// the OpenAPI document as Do's are; a body of unknown length or longer than
// the API's body cap (the body-limit tests', large uploads) is passed on
// unread, and only the answer is checked.
func (s *Service) Serve(t testing.TB, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	var sent []byte
	if req.Body != nil && req.ContentLength >= 0 && req.ContentLength <= int64(s.Config.MaxBodyBytes) {
		var err error
		if sent, err = io.ReadAll(req.Body); err != nil {
			t.Fatalf("wired: reading the request body: %v", err)
		}
		req.Body = io.NopCloser(bytes.NewReader(sent))
	}
	w := httptest.NewRecorder()
	s.http.ServeHTTP(w, req)
	contract.Check(t, req, sent, w)
	return w
}

var users atomic.Int64

// SignIn signs a new WeChat user in through POST /auth/wechat and returns
// the token, the user id and the openid.
func (s *Service) SignIn(t testing.TB) (token string, userID int64, openid string) {
	t.Helper()
	n := users.Add(1)
	code, openid := fmt.Sprintf("wired-code-%d", n), fmt.Sprintf("wired-openid-%d", n)
	s.WeChat.AddLogin(code, openid, "")
	w := s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": code})
	if w.Code != http.StatusOK {
		t.Fatalf("wired: sign in: %d %s", w.Code, w.Body.String())
	}
	var out struct {
		Token string `json:"token"`
		User  struct {
			ID int64 `json:"id"`
		} `json:"user"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("wired: sign in: %v", err)
	}
	return out.Token, out.User.ID, openid
}

// User signs a new user in holding grants (written straight into identity's
// tables: a fixture, not the way roles are given) and returns its token and id.
func (s *Service) User(t testing.TB, grants ...access.Grant) (string, int64) {
	t.Helper()
	token, userID, _ := s.SignIn(t)
	for _, g := range grants {
		var area, deputy any
		if g.AreaCode != "" {
			area = g.AreaCode
		}
		if g.DeputyID != 0 {
			deputy = g.DeputyID
			s.DB.Exec(t, "UPDATE users SET deputy_id = ? WHERE id = ?", g.DeputyID, userID)
		}
		res, err := s.DB.ExecContext(context.Background(), "INSERT INTO user_roles (user_id, role, area_code, deputy_id, created_at) VALUES (?, ?, ?, ?, NOW(3))",
			userID, g.Role, area, deputy)
		if err != nil {
			t.Fatalf("wired: grant: %v", err)
		}
		roleID, _ := res.LastInsertId()
		for _, sid := range g.StationIDs {
			s.DB.Exec(t, "INSERT INTO role_stations (role_id, station_id) VALUES (?, ?)", roleID, sid)
		}
	}
	return token, userID
}

// Station inserts an active station in area and returns its id. It was
// created on 1 January 2020, before any test's clock: the rules apply to
// every period a test looks at.
func (s *Service) Station(t testing.TB, name, area string) int64 {
	t.Helper()
	res, err := s.DB.ExecContext(context.Background(), `INSERT INTO stations (name, kind, area_code, address, latitude, longitude, created_at, updated_at)
		VALUES (?, 'community', ?, '', 22.817, 108.366, '2020-01-01 00:00:00', NOW(3))`, name, area)
	if err != nil {
		t.Fatalf("wired: station: %v", err)
	}
	id, _ := res.LastInsertId()
	return id
}

// Deputy inserts a deputy with a sealed phone, member of the given stations.
func (s *Service) Deputy(t testing.TB, name, phone string, stations ...int64) int64 {
	t.Helper()
	sealed, err := s.Box.Seal(phone)
	if err != nil {
		t.Fatalf("wired: %v", err)
	}
	res, err := s.DB.ExecContext(context.Background(), `INSERT INTO deputies (name, phone_enc, phone_hash, levels, created_at, updated_at)
		VALUES (?, ?, ?, 'county', NOW(3), NOW(3))`, name, sealed, s.Box.Hash(phone))
	if err != nil {
		t.Fatalf("wired: deputy: %v", err)
	}
	id, _ := res.LastInsertId()
	for _, st := range stations {
		s.DB.Exec(t, "INSERT INTO station_deputies (station_id, deputy_id, created_at) VALUES (?, ?, NOW(3))", st, id)
	}
	return id
}

// Admin is a principal with the admin role, for calling capabilities directly.
var Admin = &access.Principal{Grants: []access.Grant{{Role: access.RoleAdmin}}}

// PublishAt drafts and publishes, as Admin, a two-hour activity of kind
// inviting the station's deputies, starting at start.
func PublishAt(t testing.TB, svc *activities.Service, station int64, kind string, start time.Time) *activities.Activity {
	t.Helper()
	end := start.Add(2 * time.Hour)
	title, venue := "活动 "+kind, "联络站"
	a, err := svc.Create(context.Background(), Admin, activities.Input{StationID: &station, Kind: &kind, Title: &title, StartAt: &start, EndAt: &end,
		Venue: &venue, Invitees: &activities.Invitees{StationID: station}})
	if err != nil {
		t.Fatalf("wired: create activity: %v", err)
	}
	if a, err = svc.Publish(context.Background(), Admin, a.ID); err != nil {
		t.Fatalf("wired: publish activity: %v", err)
	}
	return a
}

// SendPending sends every pending notice of subject, as the worker would,
// and returns how many there were.
func (s *Service) SendPending(t testing.TB, subject string) int {
	t.Helper()
	var ids []int64
	if err := s.DB.SelectContext(context.Background(), &ids, `SELECT id FROM notifications WHERE subject = ? AND status = 'pending' ORDER BY id`, subject); err != nil {
		t.Fatalf("wired: pending notices: %v", err)
	}
	for _, id := range ids {
		if err := s.Notify.Send(context.Background(), id); err != nil {
			t.Fatalf("wired: send %d: %v", id, err)
		}
	}
	return len(ids)
}

// As is the principal of a token, for calling capabilities directly. Take it
// before moving the clock past the session's end: it stays whole.
func (s *Service) As(t testing.TB, token string) *access.Principal {
	t.Helper()
	p, err := s.Identity.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatalf("wired: authenticate: %v", err)
	}
	return p
}

// JPEG is a small photo carrying an EXIF segment with a GPS marker.
func JPEG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for x := range 32 {
		img.Set(x, x%24, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatalf("wired: %v", err)
	}
	b := buf.Bytes()
	exif := append([]byte("Exif\x00\x00GPSLatitude=22.817;GPSLongitude=108.366"), make([]byte, 8)...)
	seg := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

// Photos counts the photos the messages capability keeps (files of the
// uploads directory).
func (s *Service) Photos(t testing.TB) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(s.Config.UploadsDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") && !strings.HasSuffix(d.Name(), ".tmp") {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatalf("wired: photos: %v", err)
	}
	return n
}

// PastActivity writes a past activity straight into db (the service refuses
// to publish in the past), starting at local (Asia/Shanghai, "2006-01-02
// 15:04") for an hour: its invitees, who checked in and who asked for leave.
func PastActivity(t testing.TB, db *testkit.DB, station int64, kind, local, status string, invited, checkedIn, leave []int64) {
	t.Helper()
	start, err := time.ParseInLocation("2006-01-02 15:04", local, clock.Shanghai)
	if err != nil {
		t.Fatalf("wired: %v", err)
	}
	res, err := db.ExecContext(context.Background(), `INSERT INTO activities (station_id, kind, title, description, start_at, end_at, venue,
		checkin_radius_m, invitees, status, version, secret, created_at, updated_at)
		VALUES (?, ?, ?, '', ?, ?, '', 300, '{}', ?, 1, 'secret', NOW(3), NOW(3))`, station, kind, kind+" "+local, start.UTC(), start.Add(time.Hour).UTC(), status)
	if err != nil {
		t.Fatalf("wired: past activity: %v", err)
	}
	id, _ := res.LastInsertId()
	for _, d := range invited {
		db.Exec(t, `INSERT INTO activity_invitees (activity_id, deputy_id, created_at) VALUES (?, ?, NOW(3))`, id, d)
	}
	for _, d := range leave {
		db.Exec(t, `UPDATE activity_invitees SET rsvp = 'leave', rsvp_reason = '请假' WHERE activity_id = ? AND deputy_id = ?`, id, d)
	}
	for _, d := range checkedIn {
		db.Exec(t, `INSERT INTO activity_checkins (activity_id, deputy_id, method, checked_in_at) VALUES (?, ?, 'code', ?)`, id, d, start.UTC())
	}
}

// ConsoleOrigin is the address the console tests' browsers use.
const ConsoleOrigin = "http://liaison.test"

// Browser is a browser of the console for a test: it keeps its cookies and
// sends same-origin requests, as Chromium does (Sec-Fetch-Site, Origin).
type Browser struct {
	s   *Service
	jar http.CookieJar
	// UserAgent is the browser's User-Agent header.
	UserAgent string
}

// Browser is a new browser with no cookies.
func (s *Service) Browser(t testing.TB) *Browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("wired: %v", err)
	}
	return &Browser{s: s, jar: jar, UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}
}

// Get asks for a console page.
func (b *Browser) Get(t testing.TB, path string) *httptest.ResponseRecorder {
	t.Helper()
	return b.Send(t, httptest.NewRequest(http.MethodGet, ConsoleOrigin+path, nil), "same-origin")
}

// Post sends a form from a console page.
func (b *Browser) Post(t testing.TB, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, ConsoleOrigin+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.Send(t, req, "same-origin")
}

// Send sends req with the browser's cookies, as a request whose
// Sec-Fetch-Site is site ("same-origin", "cross-site"), and keeps the cookies
// of the answer.
func (b *Browser) Send(t testing.TB, req *http.Request, site string) *httptest.ResponseRecorder {
	t.Helper()
	u := req.URL
	for _, c := range b.jar.Cookies(u) {
		req.AddCookie(c)
	}
	req.Header.Set("User-Agent", b.UserAgent)
	if site != "" {
		req.Header.Set("Sec-Fetch-Site", site)
	}
	if req.Method != http.MethodGet && site == "same-origin" {
		req.Header.Set("Origin", ConsoleOrigin)
	}
	w := httptest.NewRecorder()
	b.s.http.ServeHTTP(w, req)
	b.jar.SetCookies(u, w.Result().Cookies())
	return w
}

// Cookie is the value of the browser's cookie name ("" when it has none).
func (b *Browser) Cookie(name string) string {
	u, _ := url.Parse(ConsoleOrigin + "/console/")
	for _, c := range b.jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// LoginID is the id of the sign-in request this browser's login page shows.
func (b *Browser) LoginID(t testing.TB) string {
	t.Helper()
	id, _, _ := strings.Cut(b.Cookie("liaison_console_login"), ".")
	if id == "" {
		t.Fatalf("wired: the browser holds no login request")
	}
	return id
}

// Console signs a new browser in to the console the way staff do: the login
// page, the code approved in the mini program by the user of token, the
// page's poll. It fails the test unless the browser is signed in.
func (s *Service) Console(t testing.TB, token string) *Browser {
	t.Helper()
	b := s.Browser(t)
	if w := b.Get(t, "/console/login"); w.Code != http.StatusOK {
		t.Fatalf("wired: console login page: %d", w.Code)
	}
	id := b.LoginID(t)
	if w := s.Do(t, http.MethodPost, "/api/v1/console-logins/"+id+"/approve", token, nil); w.Code != http.StatusOK {
		t.Fatalf("wired: approve console login: %d %s", w.Code, w.Body.String())
	}
	w := b.Get(t, "/console/login/status")
	if !strings.Contains(w.Body.String(), `"approved"`) || b.Cookie("liaison_console") == "" {
		t.Fatalf("wired: console login status: %d %s", w.Code, w.Body.String())
	}
	return b
}

// ConsoleUser is a browser signed in to the console as a new user holding
// grants, with that user's API token and id.
func (s *Service) ConsoleUser(t testing.TB, grants ...access.Grant) (*Browser, string, int64) {
	t.Helper()
	token, id := s.User(t, grants...)
	return s.Console(t, token), token, id
}

// HTTP is the service's handler (the API and the console), for a test
// server a real browser talks to.
func (s *Service) HTTP() http.Handler { return s.http }

// Province wires the service on Guangxi's province-size database
// (province.Guangxi: seeded on the first run, kept as
// liaison_bench_province for the next), for the benchmarks that measure
// pages at a province's size. Phones are sealed with the development key,
// as the seed wrote them.
func Province(tb testing.TB) (*Service, *testkit.DB) {
	tb.Helper()
	key, err := config.Defaults().Key()
	if err != nil {
		tb.Fatal(err)
	}
	box, err := pii.NewBox(key)
	if err != nil {
		tb.Fatal(err)
	}
	db := province.Open(tb, box, province.Guangxi)
	return New(tb, Database(db)), db
}

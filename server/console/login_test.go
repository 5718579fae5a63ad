package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

var admin = access.Grant{Role: access.RoleAdmin}

func TestAPageWithoutASessionGoesToTheSignInPageAndBack(t *testing.T) {
	s := wired.New(t)
	b := s.Browser(t)
	w := b.Get(t, "/console/messages?status=submitted")
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/console/login?next="+url.QueryEscape("/console/messages?status=submitted"), w.Header().Get("Location"))

	w = b.Get(t, "/console/login?next="+url.QueryEscape("/console/messages?status=submitted"))
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	id := b.LoginID(t)
	assert.Contains(t, page, "请用微信扫码登录")
	assert.Contains(t, page, `src="/console/login/`+id+`/qrcode"`)
	assert.NotContains(t, page, "开发登录", "the development sign-in is offered only in dev mode")

	// The code is the mini program's, for the console-login page with scene l=<id>.
	w = b.Get(t, "/console/login/"+id+"/qrcode")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "image/jpeg", w.Header().Get("Content-Type"))
	calls := s.WeChat.QRCodeRequests()
	require.NotEmpty(t, calls)
	assert.Equal(t, "l="+id, calls[len(calls)-1].Scene)
	assert.Equal(t, "pages/console-login/index", calls[len(calls)-1].Page)

	token, _ := s.User(t, admin)
	approve(t, s, token, id)
	w = b.Get(t, "/console/login/status?next="+url.QueryEscape("/console/messages?status=submitted"))
	assert.JSONEq(t, `{"status":"approved","next":"/console/messages?status=submitted"}`, w.Body.String())
	session := sessionCookie(t, w)
	assert.True(t, session.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, session.SameSite)
	assert.False(t, session.Secure, "plain http in tests")

	w = b.Get(t, "/console/")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "工作台")
	assert.Contains(t, w.Body.String(), "操作日志", "an admin's menu has the audit log")
}

func TestOnlyTheBrowserThatAskedIsSignedInAndOnlyOnce(t *testing.T) {
	s := wired.New(t)
	token, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: "450102"})
	asked := s.Browser(t)
	asked.Get(t, "/console/login")
	id := asked.LoginID(t)

	// Someone else's browser opens the login page too, and knows the id (it is in the code).
	other := s.Browser(t)
	other.Get(t, "/console/login")
	assert.Equal(t, http.StatusNotFound, other.Get(t, "/console/login/"+id+"/qrcode").Code, "another browser's code is not shown")

	approve(t, s, token, id)
	w := other.Get(t, "/console/login/status")
	assert.JSONEq(t, `{"status":"pending"}`, w.Body.String(), "the other browser's own request is still waiting")
	assert.Empty(t, other.Cookie("liaison_console"))
	assert.Equal(t, http.StatusSeeOther, other.Get(t, "/console/").Code)

	w = asked.Get(t, "/console/login/status")
	assert.Contains(t, w.Body.String(), `"approved"`)
	assert.NotEmpty(t, asked.Cookie("liaison_console"))
	assert.Equal(t, http.StatusOK, asked.Get(t, "/console/").Code)

	// The approval is used: a second approval is refused.
	w = s.Do(t, "POST", "/api/v1/console-logins/"+id+"/approve", token, nil)
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "console_login_used")
}

func TestTheApproverSeesWhenAndFromWhereAndMustBeStaff(t *testing.T) {
	s := wired.New(t)
	b := s.Browser(t)
	b.Get(t, "/console/login")
	id := b.LoginID(t)

	citizen, _, _ := s.SignIn(t)
	w := s.Do(t, "GET", "/api/v1/console-logins/"+id, citizen, nil)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Contains(t, w.Body.String(), "staff_only")
	w = s.Do(t, "POST", "/api/v1/console-logins/"+id+"/approve", citizen, nil)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Equal(t, `{"status":"pending"}`, strings.TrimSpace(b.Get(t, "/console/login/status").Body.String()))

	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: "450102"})
	w = s.Do(t, "GET", "/api/v1/console-logins/"+id, staff, nil)
	require.Equal(t, http.StatusOK, w.Code)
	var got struct {
		Status   string `json:"status"`
		ClientIP string `json:"client_ip"`
		Browser  string `json:"browser"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
	assert.Equal(t, "pending", got.Status)
	assert.Equal(t, "192.0.2.1", got.ClientIP, "httptest's peer address")
	assert.Equal(t, "Chrome 131 · Windows", got.Browser)

	w = s.Do(t, "GET", "/api/v1/console-logins/AAAAAAAAAAAAAAAAAAAAAA", staff, nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), "console_login_not_found")
}

func TestASignInRequestExpiresAfterTwoMinutes(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk))
	token, _ := s.User(t, admin)
	b := s.Browser(t)
	b.Get(t, "/console/login")
	id := b.LoginID(t)
	clk.Advance(2*time.Minute + time.Second)
	w := s.Do(t, "POST", "/api/v1/console-logins/"+id+"/approve", token, nil)
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "console_login_expired")
	assert.JSONEq(t, `{"status":"expired"}`, b.Get(t, "/console/login/status").Body.String())

	// The page then makes a new request for this browser.
	b.Get(t, "/console/login")
	assert.NotEqual(t, id, b.LoginID(t))

	// Requests a day old are deleted by the periodic cleanup, newer ones kept.
	clk.Advance(23 * time.Hour)
	b.Get(t, "/console/login") // the second request is still pending: the page keeps it
	n, err := s.Identity.PurgeConsoleLogins(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	clk.Advance(time.Hour + time.Second)
	n, err = s.Identity.PurgeConsoleLogins(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the two requests of a day ago")
}

func TestAConsoleSessionEndsWhenIdleAndAfterTwelveHours(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	s := wired.New(t, wired.Clock(clk))
	b, _, _ := s.ConsoleUser(t, admin)

	// Used every 25 minutes, it lasts; the absolute end still comes at 12 hours.
	for elapsed := time.Duration(0); elapsed+25*time.Minute < 12*time.Hour; elapsed += 25 * time.Minute {
		clk.Advance(25 * time.Minute)
		require.Equal(t, http.StatusOK, b.Get(t, "/console/").Code, "after %v", elapsed+25*time.Minute)
	}
	clk.Advance(25 * time.Minute)
	assert.Equal(t, http.StatusSeeOther, b.Get(t, "/console/").Code, "12 hours after signing in")

	idle, _, _ := s.ConsoleUser(t, admin)
	clk.Advance(29 * time.Minute)
	require.Equal(t, http.StatusOK, idle.Get(t, "/console/").Code)
	clk.Advance(31 * time.Minute)
	w := idle.Get(t, "/console/")
	assert.Equal(t, http.StatusSeeOther, w.Code, "31 minutes without use")
	assert.Contains(t, w.Header().Get("Location"), "/console/login")
}

func TestRevokingAUserEndsTheirConsoleSessionAtOnce(t *testing.T) {
	s := wired.New(t)
	adminToken, _ := s.User(t, admin)
	b, _, userID := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: "450102"})
	require.Equal(t, http.StatusOK, b.Get(t, "/console/").Code)
	w := s.Do(t, "POST", "/api/v1/admin/users/"+itoa(userID)+"/revoke", adminToken, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, http.StatusSeeOther, b.Get(t, "/console/").Code)
}

func TestSigningOutEndsTheSessionAndACrossSitePostIsRefused(t *testing.T) {
	s := wired.New(t)
	b, _, _ := s.ConsoleUser(t, admin)

	// A form on another site posting to the console (a browser sends
	// Sec-Fetch-Site: cross-site with the cookie, SameSite=Lax aside).
	req, _ := http.NewRequest(http.MethodPost, wired.ConsoleOrigin+"/console/logout", nil)
	req.Header.Set("Origin", "https://evil.example")
	w := b.Send(t, req, "cross-site")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Contains(t, w.Body.String(), "请求来自其他网站")
	require.Equal(t, http.StatusOK, b.Get(t, "/console/").Code, "still signed in")

	// A GET changes nothing: sign-out is a POST only.
	assert.NotEqual(t, http.StatusSeeOther, b.Get(t, "/console/logout").Code)
	require.Equal(t, http.StatusOK, b.Get(t, "/console/").Code, "a GET of the sign-out address signs nobody out")

	w = b.Post(t, "/console/logout", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/console/login", w.Header().Get("Location"))
	assert.Equal(t, http.StatusSeeOther, b.Get(t, "/console/").Code)
}

func TestTokensOfTheMiniProgramAndOfTheConsoleAreNotInterchangeable(t *testing.T) {
	s := wired.New(t)
	b, token, _ := s.ConsoleUser(t, admin)
	console := b.Cookie("liaison_console")
	w := s.Do(t, "GET", "/api/v1/me", console, nil)
	assert.Equal(t, http.StatusUnauthorized, w.Code, "a console cookie is not a bearer token")

	other := s.Browser(t)
	req, _ := http.NewRequest(http.MethodGet, wired.ConsoleOrigin+"/console/", nil)
	req.AddCookie(&http.Cookie{Name: "liaison_console", Value: token})
	assert.Equal(t, http.StatusSeeOther, other.Send(t, req, "same-origin").Code, "a mini program token is not a console session")
}

func TestSomeoneWithoutAStaffRoleIsRefused(t *testing.T) {
	s := wired.New(t)
	// Approval needs a staff role, so a deputy never gets a session that way;
	// a staff member whose role is taken away meanwhile has a session without one.
	b, _, userID := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: "450102"})
	s.DB.Exec(t, "DELETE FROM user_roles WHERE user_id = ?", userID)
	w := b.Get(t, "/console/")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Contains(t, w.Body.String(), "仅限联络站工作人员和管理员")
}

func TestTheDevelopmentSignInIsTheUserOfTheSameWxLoginCode(t *testing.T) {
	s := wired.New(t)
	b := s.Browser(t)
	w := b.Post(t, "/console/login/dev", url.Values{"openid": {"dev-alice"}})
	assert.Equal(t, http.StatusNotFound, w.Code, "off unless dev_login")

	s = wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	// The user of the mini program's sign-in with code "dev-alice" …
	s.WeChat.AddLogin("dev-alice", "dev-alice", "")
	w = s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": "dev-alice"})
	require.Equal(t, http.StatusOK, w.Code)
	var signedIn struct {
		Token string `json:"token"`
		User  struct {
			ID int64 `json:"id"`
		} `json:"user"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &signedIn))
	// … is the user of /auth/dev and of the console's development sign-in.
	w = s.Do(t, "POST", "/api/v1/auth/dev", "", map[string]string{"openid": "dev-alice"})
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"id":`+itoa(signedIn.User.ID)+",")
	s.DB.Exec(t, "INSERT INTO user_roles (user_id, role, created_at) VALUES (?, 'admin', NOW(3))", signedIn.User.ID)

	b = s.Browser(t)
	page := b.Get(t, "/console/login").Body.String()
	assert.Contains(t, page, "开发登录")
	w = b.Post(t, "/console/login/dev", url.Values{"openid": {"dev-alice"}, "next": {"/console/"}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/console/", w.Header().Get("Location"))
	w = b.Get(t, "/console/")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "管理员")
}

func TestPagesCarryAStrictContentSecurityPolicy(t *testing.T) {
	s := wired.New(t)
	b := s.Browser(t)
	w := b.Get(t, "/console/login")
	csp := w.Header().Get("Content-Security-Policy")
	assert.Contains(t, csp, "script-src 'self'")
	assert.NotContains(t, csp, "unsafe-inline")
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	assert.NotContains(t, w.Body.String(), "<script>", "no inline script")
	w = b.Get(t, "/console/static/console.css")
	assert.Equal(t, http.StatusOK, w.Code)
}

func approve(t *testing.T, s *wired.Service, token, id string) {
	t.Helper()
	w := s.Do(t, "POST", "/api/v1/console-logins/"+id+"/approve", token, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
}

func sessionCookie(t *testing.T, w interface{ Result() *http.Response }) *http.Cookie {
	t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name == "liaison_console" {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestOneAddressCannotFillTheTableWithSignInRequests(t *testing.T) {
	s := wired.New(t, wired.Configure(func(c *config.Config) {
		c.RateLimits.SignInPerIP = config.Rate{Count: 3, Per: time.Hour}
	}))
	for i := range 3 {
		// A browser without cookies each time, as a script would be.
		require.Equal(t, http.StatusOK, s.Browser(t).Get(t, "/console/login").Code, "request %d", i+1)
	}
	w := s.Browser(t).Get(t, "/console/login")
	assert.Equal(t, http.StatusTooManyRequests, w.Code)
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "操作过于频繁")
	var n int
	require.NoError(t, s.DB.GetContext(t.Context(), &n, "SELECT COUNT(*) FROM console_logins"))
	assert.Equal(t, 3, n)
}

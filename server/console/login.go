package console

import (
	"net/http"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/identity"
)

// loginView is what the sign-in page shows.
type loginView struct {
	ID       string
	Next     string
	HasCode  bool
	DevLogin bool
	Expires  time.Time
}

// loginPage shows the sign-in code of this browser's login request, making
// one (bound to this browser by a cookie) unless it has one still pending.
func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if _, err := r.Cookie(sessionCookie); err == nil {
		if p, err := c.Identity.AuthenticateConsole(r.Context(), cookieValue(r, sessionCookie)); err == nil && p.IsStaff() {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
	}
	id, secret := c.loginRequest(r)
	req, err := c.Identity.ConsoleLoginFor(r.Context(), id, secret)
	if err != nil || req.Status != identity.ConsoleLoginPending {
		// Each new request is a row: as many a client address may ask as it may sign in.
		if !c.allow(w, r, "console_login", c.Config.RateLimits.SignInPerIP) {
			return
		}
		start, err := c.Identity.StartConsoleLogin(r.Context(), c.clientIP(r), r.UserAgent())
		if err != nil {
			c.fail(w, r, err)
			return
		}
		c.setCookie(w, loginCookie, start.ID+"."+start.Secret)
		req = &identity.ConsoleLogin{ID: start.ID, ExpiresAt: start.ExpiresAt}
	}
	c.render(w, r, http.StatusOK, "login.html", view{Title: "登录", Data: loginView{
		ID: req.ID, Next: next, HasCode: c.Identity.Codes != nil, DevLogin: c.Identity.DevLogin, Expires: req.ExpiresAt}})
}

// loginRequest is the login request this browser holds, from its cookie.
func (c *Console) loginRequest(r *http.Request) (id, secret string) {
	id, secret, _ = strings.Cut(cookieValue(r, loginCookie), ".")
	return id, secret
}

func cookieValue(r *http.Request, name string) string {
	ck, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return ck.Value
}

// loginCode is the mini program code of this browser's login request; any
// other browser is told it does not exist.
func (c *Console) loginCode(w http.ResponseWriter, r *http.Request) {
	id, secret := c.loginRequest(r)
	if id != r.PathValue("id") {
		c.notFound(w, r)
		return
	}
	img, err := c.Identity.ConsoleLoginCode(r.Context(), id, secret)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType(img))
	_, _ = w.Write(img)
}

// loginStatus answers the sign-in page's poll: pending, expired, or — once,
// to this browser only — approved, with the session cookie set.
func (c *Console) loginStatus(w http.ResponseWriter, r *http.Request) {
	id, secret := c.loginRequest(r)
	claim, err := c.Identity.ClaimConsoleLogin(r.Context(), id, secret)
	if err != nil {
		if apperr.From(err).Kind == apperr.KindNotFound {
			writeJSON(w, http.StatusOK, map[string]string{"status": identity.ConsoleLoginExpired})
			return
		}
		c.logErr(r.Context(), "console: login status", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "error"})
		return
	}
	out := map[string]string{"status": claim.Status}
	if claim.Token != "" {
		c.setCookie(w, sessionCookie, claim.Token)
		c.clearCookie(w, loginCookie)
		out["next"] = safeNext(r.URL.Query().Get("next"))
	}
	writeJSON(w, http.StatusOK, out)
}

// loginDev signs in as the user a wx.login code of the form's openid is
// (development only; otherwise the path does not exist).
func (c *Console) loginDev(w http.ResponseWriter, r *http.Request) {
	if !c.Identity.DevLogin {
		c.notFound(w, r)
		return
	}
	if !c.allow(w, r, "sign_in", c.Config.RateLimits.SignInPerIP) {
		return
	}
	claim, err := c.Identity.SignInConsoleDev(r.Context(), r.PostFormValue("openid"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.setCookie(w, sessionCookie, claim.Token)
	c.clearCookie(w, loginCookie)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// logout ends the session.
func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	if token := cookieValue(r, sessionCookie); token != "" {
		if err := c.Identity.SignOut(r.Context(), token); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	c.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/console/login", http.StatusSeeOther)
}

package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
)

const (
	// sessionCookie holds the console session's token.
	sessionCookie = "liaison_console"
	// loginCookie holds the login request this browser asked for: "id.secret".
	loginCookie = "liaison_console_login"
	// flashCookie carries one line to show on the next page (after a POST).
	flashCookie = "liaison_console_flash"
)

// handler is a console page or action for a signed-in staff member.
type handler func(w http.ResponseWriter, r *http.Request, p *access.Principal)

// staff serves h to a signed-in staff member or admin. Without a session the
// browser goes to the sign-in page (and comes back after it); a signed-in
// person without a staff role is refused.
func (c *Console) staff(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := c.principal(w, r)
		if !ok {
			return
		}
		if !p.IsStaff() {
			c.renderError(w, r, http.StatusForbidden, "管理后台仅限联络站工作人员和管理员使用。")
			return
		}
		p.ClientIP = c.clientIP(r)
		h(w, r.WithContext(access.WithPrincipal(r.Context(), p)), p)
	})
}

// admin serves h to admins only; others see the page is not there.
func (c *Console) admin(h handler) http.Handler {
	return c.staff(func(w http.ResponseWriter, r *http.Request, p *access.Principal) {
		if !p.IsAdmin() {
			c.notFound(w, r)
			return
		}
		h(w, r, p)
	})
}

// principal authenticates the session cookie; when there is none, or it has
// ended, the browser is sent to sign in and ok is false.
func (c *Console) principal(w http.ResponseWriter, r *http.Request) (*access.Principal, bool) {
	var token string
	if ck, err := r.Cookie(sessionCookie); err == nil {
		token = ck.Value
	}
	p, err := c.Identity.AuthenticateConsole(r.Context(), token)
	if err != nil {
		if apperr.From(err).Kind != apperr.KindUnauthorized {
			c.fail(w, r, err)
			return nil, false
		}
		if token != "" {
			c.clearCookie(w, sessionCookie)
		}
		next := "/console/"
		if r.Method == http.MethodGet {
			next = r.URL.RequestURI()
		}
		http.Redirect(w, r, "/console/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return nil, false
	}
	return p, true
}

// setCookie gives the browser a cookie of the console: HttpOnly,
// SameSite=Lax, Secure behind https. The console's cookies last as long as
// the browser is open; the server ends what they stand for (a session after
// its idle or absolute end, a login request after two minutes).
func (c *Console) setCookie(w http.ResponseWriter, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/console",
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
}

func (c *Console) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/console", MaxAge: -1,
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
}

// flash leaves one line for the next page the browser shows.
func (c *Console) flash(w http.ResponseWriter, text string) {
	c.setCookie(w, flashCookie, url.QueryEscape(text))
}

// takeFlash reads and clears the line left by flash.
func (c *Console) takeFlash(w http.ResponseWriter, r *http.Request) string {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	c.clearCookie(w, flashCookie)
	text, err := url.QueryUnescape(ck.Value)
	if err != nil {
		return ""
	}
	return text
}

// redirect answers a POST with 303 to a console page, leaving a flash line.
func (c *Console) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		c.flash(w, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// safeNext keeps a return address inside the console.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/console/") || strings.HasPrefix(next, "/console/login") ||
		strings.Contains(next, "//") || strings.Contains(next, "\\") {
		return "/console/"
	}
	return next
}

// logErr logs an error the person is not shown in detail.
func (c *Console) logErr(ctx context.Context, msg string, err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	c.Log.ErrorContext(ctx, msg, "error", err.Error())
}

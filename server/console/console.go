// Package console is the office's browser back office (管理后台), served at
// /console/ by the same binary as the API: a second adapter over the same
// capabilities as server/api, the way miniflux keeps internal/ui beside
// internal/api. Pages are rendered on the server with html/template from
// embedded templates; every check of who may see what stays in the
// capabilities, which are called with the signed-in person's Principal.
//
// Staff sign in without a password: the browser shows a mini program code,
// they scan it with WeChat and approve it (identity's console logins). Every
// change is a POST, and a POST from another origin is refused
// (http.CrossOriginProtection).
package console

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/registry"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps are what the console is built from: the capabilities it calls.
type Deps struct {
	Config     config.Config
	Log        *slog.Logger
	Clock      clock.Clock
	Identity   *identity.Service
	Registry   *registry.Service
	Messages   *messages.Service
	Activities *activities.Service
	// Consultations is 立法征询 (consultation*.go).
	Consultations *consultations.Service
	Notify        *notify.Engine
	// Audit reads the audit log (操作日志) for admins.
	Audit *audit.Service
	// Redis counts the rate limits (nil: none).
	Redis redis.UniversalClient
}

// Console is the browser back office, an http.Handler for /console/.
type Console struct {
	Deps
	mux     *http.ServeMux
	handler http.Handler
	proxies []netip.Prefix
	// secure marks cookies Secure: the public address is https.
	secure  bool
	limiter *redis_rate.Limiter
}

// views are the page templates, parsed once: they are embedded, so a
// template that does not parse fails every test and never reaches a server.
var views = mustParseViews()

// New builds the console with every route of routes.go. The trusted proxies
// are those config.Validate accepted.
func New(d Deps) *Console {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	c := &Console{Deps: d, mux: http.NewServeMux()}
	if d.Redis != nil {
		c.limiter = redis_rate.NewLimiter(d.Redis)
	}
	if u, err := url.Parse(d.Config.PublicBaseURL); err == nil && u.Scheme == "https" {
		c.secure = true
	}
	proxies, _ := d.Config.Proxies()
	for _, p := range proxies {
		if prefix, err := netip.ParsePrefix(p); err == nil {
			c.proxies = append(c.proxies, prefix)
		}
	}
	c.routes()
	static, _ := fs.Sub(staticFS, "static")
	c.mux.Handle("GET /console/static/", http.StripPrefix("/console/static/", staticFiles(http.FileServerFS(static))))
	protect := http.NewCrossOriginProtection()
	protect.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.renderError(w, r, http.StatusForbidden, "请求来自其他网站，已拒绝。请在管理后台的页面上操作。")
	}))
	c.handler = securityHeaders(c.limitBody(protect.Handler(c.mux)))
	return c
}

// limitBody caps every request body at max_body_bytes, but the deputies'
// import upload's, which caps its own (the file's limit and the framing).
// A body announced larger is refused unread (413); one that turns out
// larger stops being read at the cap, and its form does not parse.
func (c *Console) limitBody(h http.Handler) http.Handler {
	max := c.Config.MaxBodyBytes
	if max <= 0 {
		max = config.Defaults().MaxBodyBytes
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || (r.Method == http.MethodPost && r.URL.Path == importUploadPath) {
			h.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > max {
			c.renderError(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("提交的内容过大（不能超过 %d KB）。", max>>10))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		h.ServeHTTP(w, r)
	})
}

// ServeHTTP serves /console/.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.handler.ServeHTTP(w, r) }

// policy is the console's Content-Security-Policy: its own scripts, styles
// and images only (no inline script), codes as data: or its own URLs, never
// in a frame.
const policy = "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", policy)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/console/static/") {
			// Pages hold personal data: not kept in shared caches or the back-forward cache.
			w.Header().Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

// staticFiles lets browsers keep the embedded assets for a day.
func staticFiles(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}

// clientIP is the browser's address: the TCP peer, or, when the peer is a
// trusted proxy, the last address in X-Forwarded-For that is not one (the
// API's rule, LIAISON_TRUSTED_PROXIES).
func (c *Console) clientIP(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := peer.Addr().Unmap()
	if !c.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if addr = a.Unmap(); !c.trusted(addr) {
			return addr.String()
		}
	}
	return addr.String()
}

func (c *Console) trusted(a netip.Addr) bool {
	for _, p := range c.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

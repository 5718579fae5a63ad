package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
)

const requestIDHeader = "X-Request-ID"

type ctxLogger struct{}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// withRequestID takes the caller's X-Request-ID when it looks sane, else
// makes one; it is in the answer header and on every log line of the request.
func withRequestID(base *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(requestIDHeader)
		if !validRequestID.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(requestIDHeader, id)
		c.Header(requestIDHeader, id)
		l := base.With(slog.String("request_id", id))
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), ctxLogger{}, l))
		c.Next()
	}
}

func requestID(c *gin.Context) string { return c.GetString(requestIDHeader) }

// logger is the request's logger (with its request id).
func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Request.Context().Value(ctxLogger{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// accessLog writes one line per request with its route (/n/:token), not
// its path: paths carry secrets (an employer's link token, the SMS receipt
// secret), and the query string may carry codes. The Authorization header
// is never logged.
func accessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		logger(c).Info("http",
			slog.String("method", c.Request.Method),
			slog.String("route", routeOf(c)),
			slog.Int("status", c.Writer.Status()),
			slog.Duration("duration", time.Since(start)),
			slog.Int64("user_id", userIDOf(c)))
	}
}

func userIDOf(c *gin.Context) int64 {
	if p := access.FromContext(c.Request.Context()); p != nil {
		return p.UserID
	}
	return 0
}

func routeOf(c *gin.Context) string {
	if r := c.FullPath(); r != "" {
		return r
	}
	return "unmatched"
}

// metrics counts requests and their latency by route, method and status.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "liaison_http_requests_total",
			Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "liaison_http_request_duration_seconds",
			Help:    "HTTP request latency by route, method and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method", "status"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

func (m *metrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		labels := prometheus.Labels{"route": routeOf(c), "method": c.Request.Method, "status": strconv.Itoa(c.Writer.Status())}
		m.requests.With(labels).Inc()
		m.latency.With(labels).Observe(time.Since(start).Seconds())
	}
}

// recovery turns a panic into a logged 500 in the contract's format.
func recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				fail(c, apperr.Internal(fmt.Errorf("panic: %v", r)))
			}
		}()
		c.Next()
	}
}

// bearer returns the token of an Authorization: Bearer header.
func bearer(c *gin.Context) string {
	h := c.GetHeader("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// securityHeaders go on every answer: no content sniffing, no framing.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("X-Content-Type-Options", "nosniff")
		c.Header("X-Frame-Options", "DENY")
		c.Next()
	}
}

// htmlPolicy is the Content-Security-Policy of liaison's own HTML pages
// (the employer's notice): inline styles, a form posting to the same
// origin, nothing else, never in a frame.
const htmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// uploadRoutes are the only routes that take a multipart body; each caps
// its body itself (the photo's and the import's limits, plus the framing).
var uploadRoutes = map[string]bool{
	"POST /api/v1/uploads":               true,
	"POST /api/v1/admin/deputies/import": true,
}

// limitBody caps every request body at max bytes, except those of the
// upload routes, which carry their own limits: a body announced larger is
// refused at once, and one that turns out larger stops being read at the
// limit (bind and the handlers answer 413, see bodyError). What a body says
// it is (multipart or not) changes nothing: another route given multipart
// reads it no further than the cap.
func limitBody(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body == nil || c.Request.Body == http.NoBody || uploadRoutes[c.Request.Method+" "+c.FullPath()] {
			c.Next()
			return
		}
		if c.Request.ContentLength > max {
			fail(c, errBodyTooLarge(max))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		c.Next()
	}
}

func errBodyTooLarge(max int64) error {
	size := fmt.Sprintf("%d KB", max>>10)
	if max >= 1<<20 {
		size = fmt.Sprintf("%d MB", max>>20)
	}
	return apperr.New(apperr.KindTooLarge, "body_too_large", "请求内容过大（不能超过 "+size+"）")
}

// bodyError is the answer to a failed read of the request body: 413 when
// it went past the limit, else what is given.
func bodyError(err error, otherwise error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errBodyTooLarge(mbe.Limit)
	}
	return otherwise
}

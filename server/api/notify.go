package api

import (
	"context"
	"crypto/subtle"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/sms"
)

// mountNotify adds subscriptions, the staff's view of notices, the SMS
// receipt callback and asynqmon.
func (s *Server) mountNotify(e *gin.Engine, v1 *gin.RouterGroup) {
	if s.Notify == nil {
		return
	}
	v1.POST("/me/subscriptions", s.recordSubscriptions)
	v1.GET("/admin/notifications", s.listNotifications)
	v1.POST("/admin/notifications/:id/resend", s.resendNotification)
	e.POST("/webhooks/sms/tencent/:secret", s.smsReceipts)
	if s.Queues != nil {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			e.Handle(method, "/admin/queues", s.queues)
			e.Handle(method, "/admin/queues/*path", s.queues)
		}
	}
}

var errNotificationNotFound = apperr.NotFound("notification_not_found", "通知不存在")

type subscriptionsRequest struct {
	Accepted []string `json:"accepted"`
}

func (s *Server) recordSubscriptions(c *gin.Context) {
	withBody(s, c, http.StatusOK, func(ctx context.Context, p *access.Principal, req subscriptionsRequest) (gin.H, error) {
		grants, err := s.Notify.RecordGrants(ctx, p.UserID, req.Accepted)
		return gin.H{"grants": grants}, err
	})
}

func (s *Server) listNotifications(c *gin.Context) {
	withFilteredList(s, c, subjectFilter, s.Notify.List)
}

// subjectFilter reads ?subject= (message:12, activity:3).
func subjectFilter(c *gin.Context, _ apperr.FieldErrors) string { return c.Query("subject") }

func (s *Server) resendNotification(c *gin.Context) {
	withID(s, c, errNotificationNotFound, s.Notify.Resend)
}

// smsReceipts takes Tencent's delivery receipts. The callback is unsigned:
// the path carries a secret and the caller's address may be restricted.
// Anything else is a plain 404, so the endpoint does not announce itself.
func (s *Server) smsReceipts(c *gin.Context) {
	secret := s.Config.SMS.ReceiptSecret
	if secret == "" || subtle.ConstantTimeCompare([]byte(c.Param("secret")), []byte(secret)) != 1 || !allowedIP(c.ClientIP(), s.Config.SMS.ReceiptAllowIPs) {
		fail(c, errNoRoute)
		return
	}
	body, err := io.ReadAll(c.Request.Body) // limitBody bounds it
	if err != nil {
		fail(c, bodyError(err, apperr.Invalid(map[string]string{"body": "无法读取"})))
		return
	}
	receipts, err := sms.ParseReceipts(body)
	if err != nil && len(receipts) == 0 {
		logger(c).Warn("sms receipts: unreadable", "error", err)
		// Tencent expects result 0 or it retries; an unreadable body will not improve.
		c.JSON(http.StatusOK, gin.H{"result": 0, "errmsg": "unreadable"})
		return
	}
	n, err := s.Notify.ApplyReceipts(c.Request.Context(), receipts)
	if err != nil {
		fail(c, err)
		return
	}
	logger(c).Info("sms receipts", "received", len(receipts), "applied", n)
	c.JSON(http.StatusOK, gin.H{"result": 0, "errmsg": "OK"})
}

// allowedIP reports whether ip is in the comma-separated list of addresses
// and CIDRs; an empty list allows any.
func allowedIP(ip, list string) bool {
	if strings.TrimSpace(list) == "" {
		return true
	}
	addr := net.ParseIP(ip)
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if _, cidr, err := net.ParseCIDR(item); err == nil && addr != nil && cidr.Contains(addr) {
			return true
		}
		if item == ip {
			return true
		}
	}
	return false
}

// adminCookie carries a dashboard session for asynqmon, whose pages and API
// calls a browser makes without an Authorization header.
const adminCookie = "liaison_admin"

// dashboardTTL is how long the dashboard's own session lasts.
const dashboardTTL = time.Hour

// queues serves asynqmon to admins. A browser opens /admin/queues?token=…
// once with the admin's token; the answer sets an HttpOnly cookie, limited
// to /admin/queues, holding a session of its own that ends within the hour
// (never the admin's long-lived token), Secure behind https, and cleans the
// address of the token.
func (s *Server) queues(c *gin.Context) {
	token := bearer(c)
	if t := c.Query("token"); t != "" {
		token = t
	}
	if token == "" {
		token, _ = c.Cookie(adminCookie)
	}
	p, err := s.Identity.Authenticate(c.Request.Context(), token)
	if err != nil {
		fail(c, err)
		return
	}
	if err := p.RequireAdmin(); err != nil {
		fail(c, err)
		return
	}
	if c.Query("token") != "" {
		short, err := s.Identity.ShortSession(c.Request.Context(), p, dashboardTTL)
		if err != nil {
			fail(c, err)
			return
		}
		secure := c.Request.TLS != nil || strings.HasPrefix(s.Config.PublicBaseURL, "https://")
		c.SetSameSite(http.SameSiteStrictMode)
		c.SetCookie(adminCookie, short, int(dashboardTTL.Seconds()), "/admin/queues", "", secure, true)
		c.Header("Content-Security-Policy", "frame-ancestors 'none'")
		c.Redirect(http.StatusSeeOther, "/admin/queues")
		return
	}
	c.Header("Content-Security-Policy", "frame-ancestors 'none'")
	s.Queues.ServeHTTP(c.Writer, c.Request)
}

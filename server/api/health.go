package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/messages"
)

var errNoRoute = apperr.NotFound("not_found", "请求的地址不存在")

// healthz is liveness: the process answers.
func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

// readyz is readiness: 503 while MySQL or Redis cannot be reached.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	checks := gin.H{"mysql": "ok", "redis": "ok"}
	down := false
	if err := s.DB.PingContext(ctx); err != nil {
		checks["mysql"], down = "unreachable", true
		logger(c).Warn("readyz: mysql unreachable", "error", err)
	}
	if err := s.Redis.Ping(ctx).Err(); err != nil {
		checks["redis"], down = "unreachable", true
		logger(c).Warn("readyz: redis unreachable", "error", err)
	}
	if down {
		c.JSON(http.StatusServiceUnavailable, gin.H{"error": errorDetail{Code: "not_ready", Message: "服务依赖暂不可用"}, "checks": checks})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok", "checks": checks, "warnings": s.warnings()})
}

// warnings are what an operator should fix before it hurts, though the
// service runs: today, a missing holiday calendar.
func (s *Server) warnings() []string {
	if s.Messages == nil {
		return []string{}
	}
	return s.Messages.CalendarWarnings()
}

// meta tells a client how to configure itself, and an operator what to fix.
// The rules (check-in window, photos, lengths) are read from the running
// capabilities' rules, as loaded from configs/: a client that asks obeys the
// same configuration the server enforces.
func (s *Server) meta(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{
		"subscribe_templates": s.Config.Templates,
		"categories":          messages.Categories,
		"activity_kinds":      activities.Kinds,
		"operator":            s.Config.Operator,
		"warnings":            s.warnings(),
		"checkin_window":      s.checkinWindow(),
		"photos":              s.photoLimits(),
		"text_limits":         messages.Lengths(),
	})
}

// checkinWindow is when a deputy may check in: from opens_before_minutes
// before an activity's start until its end (configs/activities.yaml).
func (s *Server) checkinWindow() gin.H {
	rules := activities.DefaultRules()
	if s.Activities != nil {
		rules = s.Activities.Rules
	}
	return gin.H{"opens_before_minutes": int(rules.CheckinOpensBefore / time.Minute)}
}

// photoLimits are how many photos a message may carry and how large each
// may be (configs/messages.yaml).
func (s *Server) photoLimits() gin.H {
	rules := messages.DefaultRules()
	if s.Messages != nil {
		rules = s.Messages.Rules
	}
	return gin.H{"max_count": rules.MaxImages, "max_bytes": rules.UploadMaxBytes}
}

package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// mountActivities adds the activities' routes (openapi/activities.yaml) and the employer notice pages.
func (s *Server) mountActivities(e *gin.Engine, v1 *gin.RouterGroup) {
	if s.Activities == nil {
		return
	}
	v1.POST("/admin/activities", s.createActivity)
	v1.GET("/admin/activities", s.listActivities)
	v1.GET("/admin/activities/:id", s.activityDetail)
	v1.GET("/admin/activities/:id/audience", s.activityAudience)
	v1.PATCH("/admin/activities/:id", s.updateActivity)
	v1.PUT("/admin/activities/:id", s.updateActivity) // wx.request has no PATCH
	v1.POST("/admin/activities/:id/publish", s.publishActivity)
	v1.POST("/admin/activities/:id/cancel", s.cancelActivity)
	v1.GET("/admin/activities/:id/checkin-code", s.checkinCode)
	v1.POST("/admin/activities/:id/attendance", s.recordAttendance)

	v1.GET("/stations/:id/schedule", s.stationSchedule)
	v1.GET("/me/activities", s.myActivities)
	v1.POST("/activities/:id/rsvp", s.rsvp)
	v1.POST("/activities/:id/checkin", s.checkIn)

	s.mountRecords(v1)
	s.mountEmployerPages(e)
	s.mountCheckinLink(e)
}

var errActivityNotFound = apperr.NotFound("activity_not_found", "活动不存在")

func (s *Server) createActivity(c *gin.Context) {
	withBody(s, c, http.StatusCreated, s.Activities.Create)
}

// stationSchedule is public: no sign-in.
func (s *Server) stationSchedule(c *gin.Context) {
	id, ok := idParam(c, registry.ErrStationNotFound)
	if !ok {
		return
	}
	items, err := s.Activities.StationSchedule(c.Request.Context(), id)
	if err != nil {
		fail(c, err)
		return
	}
	listJSON(c, items, store.Cursor{})
}

func (s *Server) listActivities(c *gin.Context) {
	withFilteredList(s, c, activityFilter, s.Activities.List)
}

// activityFilter reads ?station_id=&status=&from=&to=.
func activityFilter(c *gin.Context, fe apperr.FieldErrors) activities.ListFilter {
	f := activities.ListFilter{StationID: int64Query(c, "station_id", fe), Status: c.Query("status")}
	f.From, f.To = periodQuery(c, fe)
	return f
}

func (s *Server) activityAudience(c *gin.Context) {
	withID(s, c, errActivityNotFound, s.Activities.Audience)
}

func (s *Server) activityDetail(c *gin.Context) {
	withID(s, c, errActivityNotFound, s.Activities.Detail)
}

func (s *Server) updateActivity(c *gin.Context) {
	withIDBody(s, c, errActivityNotFound, http.StatusOK, s.Activities.Update)
}

func (s *Server) publishActivity(c *gin.Context) {
	withID(s, c, errActivityNotFound, s.Activities.Publish)
}

type cancelRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) cancelActivity(c *gin.Context) {
	withIDBody(s, c, errActivityNotFound, http.StatusOK, func(ctx context.Context, p *access.Principal, id int64, req cancelRequest) (*activities.Activity, error) {
		return s.Activities.Cancel(ctx, p, id, req.Reason)
	})
}

func (s *Server) checkinCode(c *gin.Context) {
	p, id, ok := s.userAndID(c, errActivityNotFound)
	if !ok {
		return
	}
	code, err := s.Activities.CheckinCode(c.Request.Context(), p, id)
	if err == nil {
		c.Header("Cache-Control", "no-store")
	}
	answer(c, http.StatusOK, code, err)
}

type attendanceRequest struct {
	DeputyID int64  `json:"deputy_id"`
	Note     string `json:"note"`
}

func (s *Server) recordAttendance(c *gin.Context) {
	withIDBody(s, c, errActivityNotFound, http.StatusOK, func(ctx context.Context, p *access.Principal, id int64, req attendanceRequest) (*activities.Checkin, error) {
		return s.Activities.RecordAttendance(ctx, p, id, req.DeputyID, req.Note)
	})
}

func (s *Server) myActivities(c *gin.Context) {
	withList(s, c, s.Activities.MyActivities)
}

func (s *Server) rsvp(c *gin.Context) {
	withIDBody(s, c, errActivityNotFound, http.StatusOK, s.Activities.Answer)
}

// checkIn takes a try from the deputy's bucket for the activity first: the
// code a deputy types is six digits, so every try counts as a guess, right or
// wrong (counting only the wrong ones would let tries sent at once through).
func (s *Server) checkIn(c *gin.Context) {
	if p := access.FromContext(c.Request.Context()); p != nil && p.UserID != 0 {
		if id, err := strconv.ParseInt(c.Param("id"), 10, 64); err == nil {
			key := fmt.Sprintf("user:%d:activity:%d", p.UserID, id)
			if ok, wait := s.limits.allow(c, "checkin_code", key, s.Config.RateLimits.CheckinCodePerDeputy); !ok {
				fail(c, &apperr.Error{Kind: apperr.KindRateLimited, Code: "too_many_requests",
					Message: "签到码试了太多次，请过一会儿再试，或请会场工作人员为您签到", RetryAfter: wait})
				return
			}
		}
	}
	withIDBody(s, c, errActivityNotFound, http.StatusOK, s.Activities.CheckIn)
}

package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
)

// mountMessages adds the messages' routes (openapi/messages.yaml).
func (s *Server) mountMessages(v1 *gin.RouterGroup) {
	if s.Messages == nil {
		return
	}
	v1.POST("/uploads", s.limits.limit("upload", s.Config.RateLimits.UploadPerIP, s.Config.RateLimits.UploadPerUser), s.uploadPhoto)
	v1.GET("/uploads/:id", s.getPhoto)
	v1.POST("/stations/:id/messages", s.submitMessage)
	v1.GET("/me/messages", s.myMessages)
	v1.GET("/me/inbox", s.deputyInbox)
	v1.GET("/messages/:id", s.getMessage)
	v1.POST("/messages/:id/rating", s.rateMessage)
	v1.POST("/messages/:id/followup", s.answerFollowup)
	v1.POST("/messages/:id/publish", s.setPublish)
	v1.GET("/stations/:id/answers", s.stationAnswers)

	v1.GET("/admin/messages", s.messageInbox)
	v1.GET("/admin/messages/export", s.exportMessages)
	v1.POST("/admin/messages/:id/transitions", s.handleMessage)
	v1.POST("/admin/stations/:id/messages", s.submitWalkIn)
	v1.GET("/admin/stats/messages", s.messageStats)
}

var (
	errMessageNotFound = apperr.NotFound("message_not_found", "留言不存在")
	errUploadNotFound  = apperr.NotFound("upload_not_found", "照片不存在")
)

func (s *Server) uploadPhoto(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	limit := s.Messages.MaxUploadBytes()
	tooLarge := apperr.New(apperr.KindTooLarge, "upload_too_large", "照片不能超过 "+strconv.FormatInt(limit>>20, 10)+" MB")
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit+multipartOverhead)
	fh, err := c.FormFile("file")
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		fail(c, tooLarge)
		return
	case err != nil:
		fail(c, &apperr.Error{Kind: apperr.KindInvalid, Code: "invalid_input", Message: "请上传照片",
			Fields: map[string]string{"file": "请选择照片"}, Err: err})
		return
	case fh.Size > limit:
		fail(c, tooLarge)
		return
	}
	f, err := fh.Open()
	if err != nil {
		fail(c, err)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		fail(c, err)
		return
	}
	img, err := s.Messages.Upload(c.Request.Context(), p, data)
	answer(c, http.StatusCreated, img, err)
}

func (s *Server) getPhoto(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	id, ok := idParam(c, errUploadNotFound)
	if !ok {
		return
	}
	data, kind, err := s.Messages.Photo(c.Request.Context(), p, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=86400")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, kind, data)
}

func (s *Server) submitMessage(c *gin.Context) {
	withIDBody(s, c, registry.ErrStationNotFound, http.StatusCreated, func(ctx context.Context, p *access.Principal, id int64, in messages.Input) (*messages.Created, error) {
		in.IdempotencyKey = c.GetHeader("Idempotency-Key")
		return s.Messages.Submit(ctx, p, id, in, messages.Origin{IP: c.ClientIP()})
	})
}

func (s *Server) submitWalkIn(c *gin.Context) {
	withIDBody(s, c, registry.ErrStationNotFound, http.StatusCreated, s.Messages.SubmitWalkIn)
}

func (s *Server) myMessages(c *gin.Context) {
	withList(s, c, s.Messages.Mine)
}

// deputyInbox is the deputy's own: messages written or assigned to them.
func (s *Server) deputyInbox(c *gin.Context) {
	withList(s, c, s.Messages.DeputyInbox)
}

func (s *Server) getMessage(c *gin.Context) {
	withID(s, c, errMessageNotFound, s.Messages.Get)
}

func (s *Server) rateMessage(c *gin.Context) {
	withIDBody(s, c, errMessageNotFound, http.StatusOK, s.Messages.Rate)
}

func (s *Server) answerFollowup(c *gin.Context) {
	withIDBody(s, c, errMessageNotFound, http.StatusOK, s.Messages.AnswerFollowup)
}

func (s *Server) handleMessage(c *gin.Context) {
	withIDBody(s, c, errMessageNotFound, http.StatusOK, s.Messages.Handle)
}

func (s *Server) messageInbox(c *gin.Context) {
	withFilteredList(s, c, inboxFilter, s.Messages.Inbox)
}

// inboxFilter reads ?station_id=&status=&overdue=&flagged=&promises_due=&assigned=&code=.
func inboxFilter(c *gin.Context, fe apperr.FieldErrors) messages.Filter {
	return messages.Filter{StationID: int64Query(c, "station_id", fe), Status: c.Query("status"), Overdue: boolQuery(c, "overdue", fe),
		Flagged: boolQuery(c, "flagged", fe), PromisesDue: boolQuery(c, "promises_due", fe), Assigned: boolQuery(c, "assigned", fe),
		Code: c.Query("code"), Addressee: int64Query(c, "addressee", fe)}
}

// statsFilter reads ?station_id=&area_code=&unit_id=&from=&to=.
func statsFilter(c *gin.Context, fe apperr.FieldErrors) messages.StatsFilter {
	f := messages.StatsFilter{StationID: int64Query(c, "station_id", fe), AreaCode: c.Query("area_code"), UnitID: int64Query(c, "unit_id", fe)}
	f.From, f.To = periodQuery(c, fe)
	return f
}

func (s *Server) messageStats(c *gin.Context) {
	withFilter(s, c, statsFilter, s.Messages.Stats)
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) exportMessages(c *gin.Context) {
	p, f, ok := userAndFilter(s, c, statsFilter)
	if !ok {
		return
	}
	// Streamed: nothing is written before every row was read, so an error
	// is still answered as JSON.
	out := &download{c: c, name: "messages.xlsx"}
	if err := s.Messages.ExportPeriodTo(c.Request.Context(), p, f, out); err != nil && !out.started {
		fail(c, err)
	}
}

// download sends an attachment's headers with its first bytes.
type download struct {
	c       *gin.Context
	name    string
	started bool
}

func (d *download) Write(b []byte) (int, error) {
	if !d.started {
		d.started = true
		d.c.Header("Content-Disposition", `attachment; filename="`+d.name+`"`)
		d.c.Header("Content-Type", xlsxType)
		d.c.Status(http.StatusOK)
	}
	return d.c.Writer.Write(b)
}

func (s *Server) setPublish(c *gin.Context) {
	withIDBody(s, c, errMessageNotFound, http.StatusOK, s.Messages.SetPublish)
}

// stationAnswers is public: no sign-in.
func (s *Server) stationAnswers(c *gin.Context) {
	id, ok := idParam(c, registry.ErrStationNotFound)
	if !ok {
		return
	}
	page, ok := pageOf(c)
	if !ok {
		return
	}
	items, next, err := s.Messages.PublishedAnswers(c.Request.Context(), id, page)
	if err != nil {
		fail(c, err)
		return
	}
	listJSON(c, items, next)
}

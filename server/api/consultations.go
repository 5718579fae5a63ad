package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/consultations"
)

// mountConsultations adds the consultations' routes (openapi/consultations.yaml).
func (s *Server) mountConsultations(v1 *gin.RouterGroup) {
	if s.Consultations == nil {
		return
	}
	v1.GET("/consultations", s.openConsultations)
	v1.GET("/consultations/:id", s.publicConsultation)
	v1.POST("/consultations/:id/opinions", s.commentConsultation)

	v1.POST("/admin/consultations", s.createConsultation)
	v1.GET("/admin/consultations", s.listConsultations)
	v1.GET("/admin/consultations/:id", s.consultationDetail)
	v1.PATCH("/admin/consultations/:id", s.updateConsultation)
	v1.POST("/admin/consultations/:id/publish", s.publishConsultation)
	v1.POST("/admin/consultations/:id/close", s.closeConsultation)
	v1.GET("/admin/consultations/:id/opinions", s.consultationOpinions)
	v1.POST("/admin/consultations/:id/opinions", s.recordMeetingOpinion)
	v1.POST("/admin/consultations/:id/opinions/:oid/review", s.reviewOpinion)
	v1.POST("/admin/consultations/:id/reviews", s.reviewOpinions)
	v1.POST("/admin/consultations/:id/finish-review", s.finishReview)
	v1.GET("/admin/consultations/:id/export", s.exportConsultation)
	v1.GET("/admin/consultations/:id/stats", s.consultationStats)
	v1.GET("/me/opinions", s.myOpinions)
}

// openConsultations is public: the open consultations that reach ?station_id=.
func (s *Server) openConsultations(c *gin.Context) {
	fe := apperr.FieldErrors{}
	station := int64Query(c, "station_id", fe)
	fe.Check(c.Query("station_id") == "", "station_id", "请指定联络站")
	if err := fe.Err(); err != nil {
		fail(c, err)
		return
	}
	items, err := s.Consultations.OpenAt(c.Request.Context(), station)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// publicConsultation is public: the draft by article with the counts.
func (s *Server) publicConsultation(c *gin.Context) {
	id, ok := idParam(c, consultations.ErrNotFound)
	if !ok {
		return
	}
	out, err := s.Consultations.Public(c.Request.Context(), id)
	answer(c, http.StatusOK, out, err)
}

func (s *Server) commentConsultation(c *gin.Context) {
	withIDBody(s, c, consultations.ErrNotFound, http.StatusCreated, func(ctx context.Context, p *access.Principal, id int64, in consultations.OpinionInput) (*consultations.OpinionCreated, error) {
		in.IdempotencyKey, in.IP = c.GetHeader("Idempotency-Key"), c.ClientIP()
		return s.Consultations.Comment(ctx, p, id, in)
	})
}

func (s *Server) recordMeetingOpinion(c *gin.Context) {
	withIDBody(s, c, consultations.ErrNotFound, http.StatusCreated, func(ctx context.Context, p *access.Principal, id int64, in consultations.OpinionInput) (*consultations.OpinionCreated, error) {
		in.IdempotencyKey = c.GetHeader("Idempotency-Key")
		return s.Consultations.RecordMeeting(ctx, p, id, in)
	})
}

func (s *Server) createConsultation(c *gin.Context) {
	withBody(s, c, http.StatusCreated, s.Consultations.Create)
}

func (s *Server) updateConsultation(c *gin.Context) {
	withIDBody(s, c, consultations.ErrNotFound, http.StatusOK, s.Consultations.Update)
}

func (s *Server) consultationDetail(c *gin.Context) {
	withID(s, c, consultations.ErrNotFound, s.Consultations.Get)
}

func (s *Server) publishConsultation(c *gin.Context) {
	withID(s, c, consultations.ErrNotFound, s.Consultations.Publish)
}

func (s *Server) closeConsultation(c *gin.Context) {
	withID(s, c, consultations.ErrNotFound, s.Consultations.Close)
}

// listConsultations reads ?status=.
func (s *Server) listConsultations(c *gin.Context) {
	withFilteredList(s, c, func(c *gin.Context, _ apperr.FieldErrors) consultations.Filter {
		return consultations.Filter{Status: c.Query("status")}
	}, s.Consultations.List)
}

// consultationOpinions reads ?article_id=&whole_draft=.
func (s *Server) consultationOpinions(c *gin.Context) {
	p, id, ok := s.userAndID(c, consultations.ErrNotFound)
	if !ok {
		return
	}
	fe := apperr.FieldErrors{}
	f := consultations.OpinionFilter{ArticleID: int64Query(c, "article_id", fe), WholeDraft: boolQuery(c, "whole_draft", fe)}
	page := pageQuery(c, fe)
	if err := fe.Err(); err != nil {
		fail(c, err)
		return
	}
	items, next, err := s.Consultations.Opinions(c.Request.Context(), p, id, f, page)
	if err != nil {
		fail(c, err)
		return
	}
	listJSON(c, items, next)
}

// reviewOpinion answers one opinion (:oid).
func (s *Server) reviewOpinion(c *gin.Context) {
	withIDBody(s, c, consultations.ErrNotFound, http.StatusOK, func(ctx context.Context, p *access.Principal, id int64, in consultations.ReviewInput) (*consultations.Opinion, error) {
		oid, err := strconv.ParseInt(c.Param("oid"), 10, 64)
		if err != nil || oid <= 0 {
			return nil, consultations.ErrOpinionNotFound
		}
		return s.Consultations.Review(ctx, p, id, oid, in)
	})
}

// reviewOpinions answers the opinions of opinion_ids together (合并答复).
func (s *Server) reviewOpinions(c *gin.Context) {
	withIDBody(s, c, consultations.ErrNotFound, http.StatusOK, func(ctx context.Context, p *access.Principal, id int64, in consultations.ReviewInput) (gin.H, error) {
		items, err := s.Consultations.ReviewMany(ctx, p, id, in.OpinionIDs, in)
		if err != nil {
			return nil, err
		}
		return gin.H{"items": items}, nil
	})
}

func (s *Server) finishReview(c *gin.Context) {
	withID(s, c, consultations.ErrNotFound, s.Consultations.FinishReview)
}

func (s *Server) consultationStats(c *gin.Context) {
	withID(s, c, consultations.ErrNotFound, s.Consultations.Stats)
}

func (s *Server) myOpinions(c *gin.Context) {
	withList(s, c, s.Consultations.Mine)
}

// exportConsultation sends the .xlsx of the opinions (意见汇总表).
func (s *Server) exportConsultation(c *gin.Context) {
	p, id, ok := s.userAndID(c, consultations.ErrNotFound)
	if !ok {
		return
	}
	// Nothing is written before every row was read, so an error is still
	// answered as JSON.
	out := &download{c: c, name: consultations.ExportFileName(id)}
	if err := s.Consultations.ExportTo(c.Request.Context(), p, id, out); err != nil && !out.started {
		fail(c, err)
	}
}

package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
)

// mountDeputyCodes adds what a deputy's code (代表码) opens: the deputy's
// public card and writing to the deputy. The code itself is a registry
// route (/admin/deputies/{id}/qrcode).
func (s *Server) mountDeputyCodes(v1 *gin.RouterGroup) {
	v1.GET("/deputies/:id", s.deputyCard)
	v1.POST("/deputies/:id/messages", s.writeToDeputy)
}

func (s *Server) writeToDeputy(c *gin.Context) {
	withIDBody(s, c, registry.ErrDeputyNotFound, http.StatusCreated, func(ctx context.Context, p *access.Principal, id int64, in messages.ToDeputy) (*messages.Created, error) {
		in.IdempotencyKey = c.GetHeader("Idempotency-Key")
		return s.Messages.SubmitToDeputy(ctx, p, id, in, messages.Origin{IP: c.ClientIP()})
	})
}

// deputyPage is a deputy's public card with the reception days they are
// on duty.
type deputyPage struct {
	*registry.DeputyCard
	ReceptionDays []activities.DutyDay `json:"reception_days"`
}

// deputyCard is public: no sign-in.
func (s *Server) deputyCard(c *gin.Context) {
	id, ok := idParam(c, registry.ErrDeputyNotFound)
	if !ok {
		return
	}
	card, err := s.Registry.PublicDeputy(c.Request.Context(), id)
	if err != nil {
		fail(c, err)
		return
	}
	days, err := s.Activities.DeputyDutyDays(c.Request.Context(), id)
	answer(c, http.StatusOK, deputyPage{DeputyCard: card, ReceptionDays: days}, err)
}

package activities

import (
	"context"
	"log/slog"
	"strings"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// Deps are what the capability needs.
type Deps struct {
	DB     *store.DB
	Box    *pii.Box
	Clock  clock.Clock
	Notify *notify.Engine
	// Registry and Identity are the application's own (required): stations,
	// deputies and users are read through their owners.
	Registry *registry.Service
	Identity *identity.Service
	// Messages counts the messages assigned to deputies for their
	// performance files; nil leaves the counts 0.
	Messages MessageCounter
	Log      *slog.Logger
	// Rules are configs/activities.yaml; nil takes DefaultRules.
	Rules *Rules
	// PublicBaseURL is the base of the employer's link (LIAISON_PUBLIC_BASE_URL).
	PublicBaseURL string
	// Quiet are the SMS quiet hours, for reminders that would come too late.
	Quiet notify.QuietHours
	// FanOut continues the notices of a large activity after its publish
	// (change, cancel) has answered; nil leaves it to the periodic scan.
	FanOut FanOutQueue
	// Consultations tells whether a consultation is consulted at a station,
	// for a consultation meeting (kind legislative_consultation); nil
	// refuses every such meeting.
	Consultations ConsultationReach
}

// ConsultationReach is what activities asks of consultations (server/consultations).
type ConsultationReach interface {
	Reaches(ctx context.Context, q store.Queryer, consultationID, stationID int64) (bool, error)
}

// Service is the capability: its Deps, with New's defaults filled in.
type Service struct {
	Deps
}

// New makes the service. Registry and Identity are required: they are the
// services the rest of liaison uses, so New panics without them rather than
// make private copies.
func New(d Deps) *Service {
	if d.Registry == nil || d.Identity == nil {
		panic("activities.New: Deps.Registry and Deps.Identity are required")
	}
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Rules == nil {
		d.Rules = DefaultRules()
	}
	if d.PublicBaseURL == "" {
		d.PublicBaseURL = "http://localhost:8080"
	}
	d.PublicBaseURL = strings.TrimSuffix(d.PublicBaseURL, "/")
	return &Service{Deps: d}
}

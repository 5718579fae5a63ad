package activities

import (
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
	DB       *store.DB
	Box      *pii.Box
	Clock    clock.Clock
	Notify   *notify.Engine
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
}

// Service is the capability.
type Service struct {
	DB            *store.DB
	Box           *pii.Box
	Clock         clock.Clock
	Notify        *notify.Engine
	Registry      *registry.Service
	Identity      *identity.Service
	Messages      MessageCounter
	Log           *slog.Logger
	Rules         *Rules
	PublicBaseURL string
	Quiet         notify.QuietHours
	FanOut        FanOutQueue
}

// New makes the service.
func New(d Deps) *Service {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	// Stations, deputies and users are read through their owners; without
	// them given, the owners over the same database.
	if d.Registry == nil {
		d.Registry = registry.New(registry.Deps{DB: d.DB, Box: d.Box})
	}
	if d.Identity == nil {
		d.Identity = identity.New(identity.Deps{DB: d.DB, Registry: d.Registry})
	}
	if d.Rules == nil {
		d.Rules = DefaultRules()
	}
	if d.PublicBaseURL == "" {
		d.PublicBaseURL = "http://localhost:8080"
	}
	d.PublicBaseURL = strings.TrimSuffix(d.PublicBaseURL, "/")
	return &Service{DB: d.DB, Box: d.Box, Clock: d.Clock, Notify: d.Notify, Registry: d.Registry, Identity: d.Identity, Messages: d.Messages, Log: d.Log,
		Rules: d.Rules, PublicBaseURL: d.PublicBaseURL, Quiet: d.Quiet, FanOut: d.FanOut}
}

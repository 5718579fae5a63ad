package activities

import (
	"log/slog"
	"strings"

	"github.com/liaison-stations/liaison/server/clock"
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
	Log      *slog.Logger
	// Rules are configs/activities.yaml; nil takes DefaultRules.
	Rules *Rules
	// PublicBaseURL is the base of the employer's link (LIAISON_PUBLIC_BASE_URL).
	PublicBaseURL string
	// Quiet are the SMS quiet hours, for reminders that would come too late.
	Quiet notify.QuietHours
}

// Service is the capability.
type Service struct {
	DB            *store.DB
	Box           *pii.Box
	Clock         clock.Clock
	Notify        *notify.Engine
	Registry      *registry.Service
	Log           *slog.Logger
	Rules         *Rules
	PublicBaseURL string
	Quiet         notify.QuietHours
}

// New makes the service.
func New(d Deps) *Service {
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
	return &Service{DB: d.DB, Box: d.Box, Clock: d.Clock, Notify: d.Notify, Registry: d.Registry, Log: d.Log,
		Rules: d.Rules, PublicBaseURL: d.PublicBaseURL, Quiet: d.Quiet}
}

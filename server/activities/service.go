package activities

import (
	"log/slog"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// Deps are what the capability needs. Add what it needs beyond these.
type Deps struct {
	DB       *store.DB
	Box      *pii.Box
	Clock    clock.Clock
	Notify   *notify.Engine
	Registry *registry.Service
	Log      *slog.Logger
}

// Service is the capability.
type Service struct{ Deps }

// New makes the service.
func New(d Deps) *Service {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{d}
}

// Package registry holds the places and people liaison is about: areas,
// stations, deputies, deputy groups and handling units, and the Excel import
// of deputies.
package registry

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// QRCoder makes a station's or a deputy's mini program code (wxacode.getUnlimited).
type QRCoder interface {
	UnlimitedQRCode(ctx context.Context, scene, page string) ([]byte, error)
}

// Deps are what the registry needs.
type Deps struct {
	DB    *store.DB
	Box   *pii.Box
	Clock clock.Clock
	// WeChat makes station codes; nil when no WeChat credentials are configured.
	WeChat QRCoder
	// StationPage is the mini program page a station code opens.
	StationPage string
	// DeputyPage is the mini program page a deputy's code opens.
	DeputyPage string
	// DefaultCheckinRadiusM is a new station's check-in radius.
	DefaultCheckinRadiusM int
	// ImportLimits bound opening an uploaded .xlsx; zero takes DefaultImportLimits.
	ImportLimits ImportLimits
}

// Service is the registry capability: its Deps, with New's defaults filled in.
type Service struct {
	Deps

	moved []StationMoved
	// imports runs large deputies' imports as tasks (SetImportQueue).
	imports ImportQueue
}

// StationMoved is told, inside the transaction that moves a station to
// another area, the station and its new area code: what is filed by the
// station's area moves with it, or the move fails.
type StationMoved func(ctx context.Context, tx *sqlx.Tx, stationID int64, areaCode string) error

// OnStationMoved adds f to what a station's move tells. It is called while
// the services are built, before any request.
func (s *Service) OnStationMoved(f StationMoved) { s.moved = append(s.moved, f) }

// New makes the registry.
func New(d Deps) *Service {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.StationPage == "" {
		d.StationPage = "pages/station/index"
	}
	if d.DeputyPage == "" {
		d.DeputyPage = "pages/deputy/index"
	}
	if d.DefaultCheckinRadiusM <= 0 {
		d.DefaultCheckinRadiusM = 300
	}
	d.ImportLimits = d.ImportLimits.orDefaults()
	return &Service{Deps: d}
}

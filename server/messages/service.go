package messages

import (
	"context"
	"log/slog"

	"github.com/redis/go-redis/v9"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/uploads"
)

// ContentChecker is WeChat's text content security (msg_sec_check v2):
// it answers "pass", "review" or "risky" for a text written by openid.
type ContentChecker interface {
	CheckText(ctx context.Context, openid, text string) (string, error)
}

// Verdicts of a ContentChecker.
const (
	VerdictPass   = "pass"
	VerdictReview = "review"
	VerdictRisky  = "risky"
)

// Deps are what the capability needs.
type Deps struct {
	DB     *store.DB
	Box    *pii.Box
	Clock  clock.Clock
	Notify *notify.Engine
	// Registry and Identity are the application's own (required): stations,
	// deputies and users are read through their owners, and a station's
	// move is heard from the registry it goes through.
	Registry *registry.Service
	Identity *identity.Service
	Log      *slog.Logger
	// Rules are configs/messages.yaml; nil takes DefaultRules (weekends only).
	Rules *Rules
	// Uploads keeps the photos' bytes; nil keeps them in memory.
	Uploads uploads.Store
	// Decoder decodes the photos; nil makes one of Rules.UploadDecode.
	Decoder *uploads.Decoder
	// Redis holds the submission rate limits; nil turns them off.
	Redis redis.UniversalClient
	// Content checks texts with WeChat; nil flags every message for review.
	Content ContentChecker
	// RedisPrefix is prepended to the rate limit keys.
	RedisPrefix string
}

// Service is the capability: its Deps, with New's defaults filled in.
type Service struct {
	Deps
	limiter *limiter
}

// New makes the service. Registry and Identity are required: they are the
// services the rest of liaison uses (a station's move is told to the
// registry it went through), so New panics without them rather than make
// private copies.
func New(d Deps) *Service {
	if d.Registry == nil || d.Identity == nil {
		panic("messages.New: Deps.Registry and Deps.Identity are required")
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
	if d.Rules.Calendar == nil {
		d.Rules.Calendar = &Calendar{}
	}
	if d.Uploads == nil {
		d.Uploads = uploads.NewMemory()
	}
	if d.Decoder == nil {
		l := d.Rules.UploadDecode
		d.Decoder = uploads.NewDecoder(uploads.DecodeLimits{MaxBytes: l.MaxBytes, AtOnce: l.AtOnce, Wait: l.Wait})
	}
	if d.RedisPrefix == "" {
		d.RedisPrefix = "liaison:"
	}
	s := &Service{Deps: d}
	if d.Redis != nil {
		s.limiter = newLimiter(d.Redis, d.RedisPrefix)
	}
	// A station's messages are tallied under its county: they move with it.
	d.Registry.OnStationMoved(s.stationMoved)
	for _, y := range d.Rules.Calendar.Missing(d.Clock.Now()) {
		d.Log.Warn("messages: no holiday calendar for a year in use: its deadlines count weekends only (add configs/holidays/<year>.yaml)", "year", y)
	}
	return s
}

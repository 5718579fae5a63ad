// Package identity knows who is calling: users (one per WeChat openid),
// sign-in sessions, roles with their scope, invites, and binding a user to a
// deputy by phone number.
package identity

import (
	"context"
	"time"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/wechat"
)

// WeChat is what sign-in needs of the WeChat adapter.
type WeChat interface {
	Code2Session(ctx context.Context, code string) (wechat.Session, error)
	PhoneNumber(ctx context.Context, code string) (string, error)
}

// Deps are what identity needs.
type Deps struct {
	DB       *store.DB
	Registry *registry.Service
	// WeChat is nil when no credentials are configured: WeChat sign-in then answers 503.
	WeChat     WeChat
	Clock      clock.Clock
	SessionTTL time.Duration
	InviteTTL  time.Duration
	// DevLogin enables SignInDev (development only; config refuses it in production).
	DevLogin bool
	// Codes makes console login codes; nil when no WeChat credentials are configured.
	Codes QRCoder
	// ConsoleIdle and ConsoleMaxAge end a console session: after so long
	// without use, and so long after it began.
	ConsoleIdle, ConsoleMaxAge time.Duration
}

// QRCoder makes a mini program code (wxacode.getUnlimited).
type QRCoder interface {
	UnlimitedQRCode(ctx context.Context, scene, page string) ([]byte, error)
}

// Service is the identity capability: its Deps, with New's defaults filled in.
type Service struct {
	Deps
}

// New makes the identity service.
func New(d Deps) *Service {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.SessionTTL <= 0 {
		d.SessionTTL = 30 * 24 * time.Hour
	}
	if d.InviteTTL <= 0 {
		d.InviteTTL = 7 * 24 * time.Hour
	}
	if d.ConsoleIdle <= 0 {
		d.ConsoleIdle = 30 * time.Minute
	}
	if d.ConsoleMaxAge <= 0 {
		d.ConsoleMaxAge = 12 * time.Hour
	}
	return &Service{Deps: d}
}

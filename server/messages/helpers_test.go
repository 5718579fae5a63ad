package messages_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// messagesStart is the time the wired service starts at in these tests: a
// Wednesday in Shanghai, far from holidays.
var messagesStart = time.Date(2024, 3, 13, 10, 0, 0, 0, clock.Shanghai)

// newWired wires the service on a fixed clock at messagesStart.
func newWired(t *testing.T) (*wired.Service, *clock.Fixed) {
	t.Helper()
	clk := clock.NewFixed(messagesStart)
	return wired.New(t, wired.Clock(clk)), clk
}

// citizen signs a new WeChat user in and returns its principal and id.
func citizen(t *testing.T, h *wired.Service) (*access.Principal, int64) {
	t.Helper()
	token, id, _ := h.SignIn(t)
	return h.As(t, token), id
}

// staffOf signs a new user in holding grants and returns its principal.
func staffOf(t *testing.T, h *wired.Service, grants ...access.Grant) *access.Principal {
	t.Helper()
	token, _ := h.User(t, grants...)
	return h.As(t, token)
}

func validMessage() messages.Input {
	return messages.Input{Category: "transport", Content: "小区门口的红绿灯经常坏，早高峰很危险，希望尽快修好。"}
}

// submit submits a message as p and returns its id.
func submit(t *testing.T, h *wired.Service, p *access.Principal, station int64, in messages.Input) int64 {
	t.Helper()
	c, err := h.Messages.Submit(t.Context(), p, station, in, messages.Origin{IP: "192.0.2.1"})
	require.NoError(t, err)
	return c.ID
}

// handle applies a transition as p.
func handle(t *testing.T, h *wired.Service, p *access.Principal, id int64, tr messages.Transition) {
	t.Helper()
	_, err := h.Messages.Handle(t.Context(), p, id, tr)
	require.NoError(t, err)
}

// photo uploads a photo as p and returns its id.
func photo(t *testing.T, h *wired.Service, p *access.Principal) int64 {
	t.Helper()
	img, err := h.Messages.Upload(t.Context(), p, wired.JPEG(t))
	require.NoError(t, err)
	return img.ID
}

// kindOf is the kind of a capability's error (the HTTP status it maps to).
func kindOf(err error) apperr.Kind {
	if err == nil {
		return -1
	}
	return apperr.From(err).Kind
}

// statsOf are the message statistics of a station in 2024, as p sees them.
func statsOf(t *testing.T, h *wired.Service, p *access.Principal, station int64) *messages.Stats {
	t.Helper()
	st, err := h.Messages.Stats(t.Context(), p, messages.StatsFilter{StationID: station,
		From: time.Date(2024, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC(), To: time.Date(2025, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC()})
	require.NoError(t, err)
	return st
}

// aloneDeps are the Deps of the capability built alone over db, for tests
// that do without the wired service: with the registry and the identity
// service that messages.New requires.
func aloneDeps(db *testkit.DB, box *pii.Box) messages.Deps {
	reg := registry.New(registry.Deps{DB: db.DB, Box: box})
	return messages.Deps{DB: db.DB, Box: box, Registry: reg, Identity: identity.New(identity.Deps{DB: db.DB, Registry: reg})}
}

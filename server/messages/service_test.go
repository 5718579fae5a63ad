package messages_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
)

// The capability is built over the application's registry and identity, or
// not at all: a private registry of its own would not hear of a station's
// move, and the station's messages would stay tallied under its old county.
func TestNewRefusesToBuildWithoutTheRegistryOrIdentity(t *testing.T) {
	reg := registry.New(registry.Deps{})
	id := identity.New(identity.Deps{Registry: reg})
	want := "messages.New: Deps.Registry and Deps.Identity are required"
	assert.PanicsWithValue(t, want, func() { messages.New(messages.Deps{Identity: id}) }, "without the registry")
	assert.PanicsWithValue(t, want, func() { messages.New(messages.Deps{Registry: reg}) }, "without identity")
	assert.NotPanics(t, func() { messages.New(messages.Deps{Registry: reg, Identity: id}) })
}

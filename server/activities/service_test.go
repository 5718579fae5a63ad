package activities_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/registry"
)

// The capability is built over the application's registry and identity, or
// not at all: it makes no private copies of them.
func TestNewRefusesToBuildWithoutTheRegistryOrIdentity(t *testing.T) {
	reg := registry.New(registry.Deps{})
	id := identity.New(identity.Deps{Registry: reg})
	want := "activities.New: Deps.Registry and Deps.Identity are required"
	assert.PanicsWithValue(t, want, func() { activities.New(activities.Deps{Identity: id}) }, "without the registry")
	assert.PanicsWithValue(t, want, func() { activities.New(activities.Deps{Registry: reg}) }, "without identity")
	assert.NotPanics(t, func() { activities.New(activities.Deps{Registry: reg, Identity: id}) })
}

package api_test

import (
	"testing"

	"github.com/liaison-stations/liaison/server/activities"
)

// activitiesForTest builds the activities capability on the harness's parts.
func activitiesForTest(t *testing.T, h *harness) *activities.Service {
	t.Helper()
	return activities.New(activities.Deps{DB: h.db.DB, Box: h.box, Notify: h.notify, Registry: h.registry, Log: h.logger})
}

package api_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// activitiesForTest builds the activities capability on the harness's parts,
// with configs/activities.yaml and no quiet hours.
func activitiesForTest(t *testing.T, h *harness) *activities.Service {
	t.Helper()
	return activitiesWithClock(t, h, nil)
}

// activitiesWithClock is the capability on a clock of the test's (nil: the system's).
func activitiesWithClock(t *testing.T, h *harness, c clock.Clock) *activities.Service {
	t.Helper()
	rules, err := activities.LoadRules(filepath.Join("..", "..", "configs", "activities.yaml"))
	require.NoError(t, err)
	return activities.New(activities.Deps{DB: h.db.DB, Box: h.box, Clock: c, Notify: h.notify, Registry: h.registry, Identity: h.identity, Messages: h.messages, Log: h.logger,
		Rules: rules, PublicBaseURL: h.cfg.PublicBaseURL})
}

var actAdmin = wired.Admin

// publishAt drafts and publishes an activity of the station's deputies starting at start.
func publishAt(t *testing.T, svc *activities.Service, station int64, kind string, start time.Time) *activities.Activity {
	t.Helper()
	return wired.PublishAt(t, svc, station, kind, start)
}

func actPtr[T any](v T) *T { return &v }

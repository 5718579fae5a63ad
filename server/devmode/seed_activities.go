package devmode

import (
	"context"

	"github.com/liaison-stations/liaison/server/app"
)

// seedActivities is the place for the demo activity (one tomorrow at the
// demo station, its deputies invited, one asking for leave) once the
// activities capability exists: server/activities has only its kinds so far.
// Create it through that capability's functions, as seedRegistry does.
func seedActivities(ctx context.Context, a *app.App, d *Demo) error {
	// TODO(activities): seed an activity tomorrow with invitations.
	return nil
}

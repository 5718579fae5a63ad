package app

import (
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
)

// wireActivities builds the activities capability and adds its periodic scans
// (a.scans) for the worker.
func (a *App) wireActivities(box *pii.Box) error {
	a.Activities = activities.New(activities.Deps{DB: a.DB, Box: box, Clock: clock.System{}, Notify: a.Notify, Registry: a.Registry, Log: a.Log})
	return nil
}

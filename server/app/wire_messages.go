package app

import (
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
)

// wireMessages builds the messages capability and adds its periodic scans
// (a.scans) for the worker.
func (a *App) wireMessages(box *pii.Box) error {
	a.Messages = messages.New(messages.Deps{DB: a.DB, Box: box, Clock: clock.System{}, Notify: a.Notify, Registry: a.Registry, Log: a.Log})
	return nil
}

package app

import (
	"fmt"
	"path/filepath"

	"github.com/liaison-stations/liaison/jobs"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
)

// wireActivities builds the activities capability with configs/activities.yaml
// (beside notifications.yaml); its periodic
// jobs (due reminders, compliance reminders) are listed in jobs/periodic.go.
func (a *App) wireActivities(box *pii.Box) error {
	rules, err := activities.LoadRules(filepath.Join(filepath.Dir(a.Config.NotificationsFile), "activities.yaml"))
	if err != nil {
		return err
	}
	quiet, err := notify.ParseQuietHours(a.Config.QuietHours)
	if err != nil {
		return fmt.Errorf("LIAISON_QUIET_HOURS: %w", err)
	}
	a.Activities = activities.New(activities.Deps{DB: a.DB, Box: box, Clock: a.clock, Notify: a.Notify, Registry: a.Registry, Identity: a.Identity, Messages: a.Messages, Log: a.Log, FanOut: jobs.FanOutQueue{Client: a.queue}, Consultations: a.Consultations,
		Rules: rules, PublicBaseURL: a.Config.PublicBaseURL, Quiet: quiet})
	return nil
}

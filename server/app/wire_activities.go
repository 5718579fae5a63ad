package app

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/liaison-stations/liaison/jobs"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
)

// wireActivities builds the activities capability with configs/activities.yaml
// (beside notifications.yaml) and adds its periodic scans (a.scans) for the
// worker: due reminders, and compliance reminders to station staff.
func (a *App) wireActivities(box *pii.Box) error {
	rules, err := activities.LoadRules(filepath.Join(filepath.Dir(a.Config.NotificationsFile), "activities.yaml"))
	if err != nil {
		return err
	}
	quiet, err := notify.ParseQuietHours(a.Config.QuietHours)
	if err != nil {
		return fmt.Errorf("LIAISON_QUIET_HOURS: %w", err)
	}
	a.Activities = activities.New(activities.Deps{DB: a.DB, Box: box, Clock: clock.System{}, Notify: a.Notify, Registry: a.Registry, Identity: a.Identity, Messages: a.Messages, Log: a.Log,
		Rules: rules, PublicBaseURL: a.Config.PublicBaseURL, Quiet: quiet})
	a.scans = append(a.scans,
		jobs.Scan{Name: "activity_reminders", Run: func(ctx context.Context) error {
			res, err := a.Activities.ScanReminders(ctx)
			if res.Created > 0 {
				a.Log.Info("activity reminders", "activities", res.Activities, "created", res.Created)
			}
			return err
		}},
		jobs.Scan{Name: "compliance_reminders", Run: func(ctx context.Context) error {
			_, err := a.Activities.ScanCompliance(ctx)
			return err
		}},
	)
	return nil
}

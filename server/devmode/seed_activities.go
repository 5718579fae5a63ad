package devmode

import (
	"context"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/app"
	"github.com/liaison-stations/liaison/server/clock"
)

// seedActivities makes the demo activity: a reception day tomorrow morning at
// the demo station, everyone of the station invited (published, so the
// notices to the deputies and their employers go to the log), and the last
// deputy asking for leave.
func seedActivities(ctx context.Context, a *app.App, d *Demo) error {
	if d.Station == nil || len(d.Deputies) == 0 {
		return nil
	}
	tomorrow := time.Now().In(clock.Shanghai).AddDate(0, 0, 1)
	start := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 9, 30, 0, 0, clock.Shanghai)
	end := start.Add(2 * time.Hour)
	act, err := a.Activities.Create(ctx, seeder, activities.Input{
		StationID:   ptr(d.Station.ID),
		Kind:        ptr("reception_day"),
		Title:       ptr("代表接待日：倾听民生街道群众意见"),
		Description: ptr("联络站代表集中接待群众，听取对社区治理、老旧小区改造的意见建议。"),
		StartAt:     &start,
		EndAt:       &end,
		Venue:       ptr(d.Station.Address),
		Invitees:    &activities.Invitees{StationID: d.Station.ID},
	})
	if err != nil {
		return err
	}
	if _, err := a.Activities.Publish(ctx, seeder, act.ID); err != nil {
		return err
	}
	last := d.Deputies[len(d.Deputies)-1]
	deputy := &access.Principal{DeputyID: last.ID, Grants: []access.Grant{{Role: access.RoleDeputy, DeputyID: last.ID}}}
	_, err = a.Activities.Answer(ctx, deputy, act.ID, activities.RSVP{Answer: "leave", Reason: "单位出差"})
	return err
}

//go:build preview

package console_test

import (
	"strconv"

	"github.com/liaison-stations/liaison/server/devmode"
)

// The demo's one activity (devmode's seedActivities) is the first one of a
// fresh database: a published reception day tomorrow at the demo station.
const demoActivity = "/console/activities/1"

func init() {
	previews = append(previews,
		preview{Name: "activities", Path: func(*devmode.Demo) string { return "/console/activities" }},
		preview{Name: "activity-new", Path: func(d *devmode.Demo) string {
			return "/console/activities/new?station_id=" + strconv.FormatInt(d.Station.ID, 10)
		}},
		preview{Name: "activity-pick-station", Path: func(*devmode.Demo) string { return "/console/activities/new" }},
		preview{Name: "activity", Path: func(*devmode.Demo) string { return demoActivity }},
		preview{Name: "activity-edit", Path: func(*devmode.Demo) string { return demoActivity + "/edit" }},
		preview{Name: "activity-letters", Path: func(*devmode.Demo) string { return demoActivity + "/letters" }, PDF: true},
		preview{Name: "activity-letters-screen", Path: func(*devmode.Demo) string { return demoActivity + "/letters" }},
		preview{Name: "activity-venue", Path: func(*devmode.Demo) string { return demoActivity + "/venue" }, Wait: ".code-image"},
		preview{Name: "compliance", Path: func(*devmode.Demo) string { return "/console/compliance" }},
		preview{Name: "compliance-station", Path: func(d *devmode.Demo) string {
			return "/console/compliance/" + strconv.FormatInt(d.Station.ID, 10)
		}},
	)
}

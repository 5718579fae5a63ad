//go:build preview

package console_test

import (
	"strconv"

	"github.com/liaison-stations/liaison/server/devmode"
)

// The pages of 联络站 and 代表.
func init() {
	station := func(d *devmode.Demo) string { return strconv.FormatInt(d.Station.ID, 10) }
	previews = append(previews,
		preview{Name: "stations", Path: func(*devmode.Demo) string { return "/console/stations" }},
		preview{Name: "station", Path: func(d *devmode.Demo) string { return "/console/stations/" + station(d) }},
		preview{Name: "station-new", Path: func(*devmode.Demo) string { return "/console/stations/new" }},
		preview{Name: "posters", Path: func(d *devmode.Demo) string { return "/console/stations/posters?ids=" + station(d) }, PDF: true},
		preview{Name: "deputies", Path: func(*devmode.Demo) string { return "/console/deputies" }},
		preview{Name: "deputy", Path: func(d *devmode.Demo) string {
			return "/console/deputies/" + strconv.FormatInt(d.Deputies[0].ID, 10)
		}},
	)
}

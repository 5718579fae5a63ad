package activities

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestDecideUpdate(t *testing.T) {
	now := time.Date(2026, 5, 12, 2, 0, 0, 0, time.UTC)
	lat, lng, otherLat := 22.817, 108.366, 22.9
	published := Activity{ID: 7, StationID: 3, Kind: "visit", Title: "走访", StartAt: now.Add(48 * time.Hour), EndAt: now.Add(50 * time.Hour),
		Venue: "联络站", Latitude: &lat, Longitude: &lng, CheckinRadiusM: 300, Invitees: Invitees{StationID: 3}, Status: StatusPublished, Version: 1}
	draft := published
	draft.Status, draft.Version = StatusDraft, 0
	change := func(a Activity, f func(*Activity)) Activity { f(&a); return a }

	for _, c := range []struct {
		name          string
		before, after Activity
		invitees      bool
		wantErrors    []string
		wantVersion   int
		wantChange    string
	}{
		{name: "a draft may change anything and sends nothing",
			before: draft, after: change(draft, func(a *Activity) { a.StationID, a.Kind, a.StartAt = 4, "study", now.Add(time.Hour) }),
			wantVersion: 0},
		{name: "a published activity saved as it is sends nothing",
			before: published, after: published, invitees: true, wantVersion: 1},
		{name: "a new title of a published activity sends nothing",
			before: published, after: change(published, func(a *Activity) { a.Title = "调研" }), wantVersion: 1},
		{name: "a new time is announced as a time change in a new version",
			before: published, after: change(published, func(a *Activity) { a.StartAt, a.EndAt = a.StartAt.Add(time.Hour), a.EndAt.Add(time.Hour) }),
			wantVersion: 2, wantChange: "时间变更"},
		{name: "a new end alone is a time change",
			before: published, after: change(published, func(a *Activity) { a.EndAt = a.EndAt.Add(time.Hour) }),
			wantVersion: 2, wantChange: "时间变更"},
		{name: "a new venue is announced as a venue change",
			before: published, after: change(published, func(a *Activity) { a.Venue = "社区礼堂" }),
			wantVersion: 2, wantChange: "地点变更"},
		{name: "moved coordinates are a venue change",
			before: published, after: change(published, func(a *Activity) { a.Latitude = &otherLat }),
			wantVersion: 2, wantChange: "地点变更"},
		{name: "a new time and venue together are an activity change",
			before: published, after: change(published, func(a *Activity) { a.Venue, a.EndAt = "社区礼堂", a.EndAt.Add(time.Hour) }),
			wantVersion: 2, wantChange: "活动变更"},
		{name: "a published activity keeps its station, kind and invitees",
			before: published, after: change(published, func(a *Activity) { a.StationID, a.Kind, a.Invitees = 4, "study", Invitees{GroupID: 2} }),
			invitees: true, wantErrors: []string{"station_id", "kind", "invitees"}, wantVersion: 1},
		{name: "invitees not named in the input are not a change",
			before: published, after: change(published, func(a *Activity) { a.Invitees = Invitees{GroupID: 2} }), wantVersion: 1},
		{name: "a published activity cannot move to a start already past",
			before: published, after: change(published, func(a *Activity) { a.StartAt = now.Add(-time.Hour) }),
			wantErrors: []string{"start_at"}, wantVersion: 2, wantChange: "时间变更"},
		{name: "the activity's own rules still hold",
			before: published, after: change(published, func(a *Activity) { a.EndAt = a.StartAt }),
			wantErrors: []string{"end_at"}, wantVersion: 2, wantChange: "时间变更"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := decideUpdate(c.before, c.after, c.invitees, now)
			var fields []string
			for f := range d.Errors {
				fields = append(fields, f)
			}
			assert.ElementsMatch(t, c.wantErrors, fields)
			assert.Equal(t, c.wantVersion, d.Version)
			assert.Equal(t, c.wantChange, d.Change)
		})
	}
}

package console

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// activitiesView is the list of activities with its filter.
type activitiesView struct {
	Rows     []activityRow
	Next     string
	Stations actStationChoice
	Statuses []actStatusOption
}

type activityRow struct {
	*activities.Activity
	State actLabel
	When  string
}

type actStatusOption struct {
	Code, Name string
}

// actStationChoice is the stations a picker offers: the first page of the
// caller's stations; More says there are more than fit in a list, and the
// picker then takes a station's number instead.
type actStationChoice struct {
	List []registry.Station
	More bool
}

// Name is the name of station id among those listed, or "".
func (c actStationChoice) Name(id int64) string {
	for _, s := range c.List {
		if s.ID == id {
			return s.Name
		}
	}
	return ""
}

// actPickerSize is how many stations, deputies or groups a picker lists (the
// registry's largest page).
const actPickerSize = 100

func (c *Console) actStationChoice(ctx context.Context, p *access.Principal) (actStationChoice, error) {
	list, next, err := c.Registry.Stations(ctx, p, registry.StationFilter{}, store.Page{Limit: actPickerSize})
	if err != nil {
		return actStationChoice{}, err
	}
	return actStationChoice{List: list, More: !next.IsZero()}, nil
}

// activitiesList is 活动: the activities of the caller's stations, newest
// first, filtered by station, status and start date (from/to, both
// inclusive days in Asia/Shanghai).
func (c *Console) activitiesList(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	q := r.URL.Query()
	fe := apperr.FieldErrors{}
	f := activities.ListFilter{Status: q.Get("status")}
	if v := q.Get("station_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		fe.Check(err != nil || id <= 0, "station_id", "联络站编号应为数字")
		f.StationID = id
	}
	f.From = actDateParam(q.Get("from"), false, "from", fe)
	f.To = actDateParam(q.Get("to"), true, "to", fe)
	page, ok := c.page(w, r, 50)
	if !ok {
		return
	}
	data := activitiesView{}
	for _, s := range activityStatusOptions {
		data.Statuses = append(data.Statuses, actStatusOption{s, activityStatus(s).Text})
	}
	stations, err := c.actStationChoice(r.Context(), p)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data.Stations = stations
	v := view{Title: "活动", Nav: "activities", Data: &data}
	if len(fe) > 0 {
		v.Errors = fe
		c.render(w, r, http.StatusBadRequest, "activities.html", v)
		return
	}
	rows, next, err := c.Activities.List(r.Context(), p, f, page)
	if err != nil {
		if e, ok := fieldErrors(err); ok {
			v.Errors = e
			c.render(w, r, http.StatusBadRequest, "activities.html", v)
			return
		}
		c.fail(w, r, err)
		return
	}
	for i := range rows {
		data.Rows = append(data.Rows, activityRow{Activity: &rows[i], State: activityStatus(rows[i].Status), When: actTimeSpan(rows[i].StartAt, rows[i].EndAt)})
	}
	data.Next = store.EncodeCursor(next)
	c.render(w, r, http.StatusOK, "activities.html", v)
}

// actDateParam reads a date filter (2024-01-31, Asia/Shanghai); an end date
// counts whole: its value is the next day's start.
func actDateParam(v string, end bool, field string, fe apperr.FieldErrors) time.Time {
	if v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, v, clock.Shanghai)
	if err != nil || !clock.Sane(t) {
		fe.Add(field, "日期格式应为 2024-01-31")
		return time.Time{}
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t.UTC()
}

package console

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// activityFormView is the form of a new activity or of a change to one.
type activityFormView struct {
	// Activity is the one being changed; nil for a new one.
	Activity *activities.Activity
	// PickStation: a new activity's first step, choosing its station.
	PickStation bool
	Stations    actStationChoice
	StationID   int64
	StationName string
	Kinds       []activities.Kind
	// Consultations: the drafts open at the station, for a 立法征询座谈会.
	Consultations []consultPick
	Deputies      []deputyPick
	// MoreDeputies: the station has more deputies than the list shows.
	MoreDeputies bool
	Groups       []groupPick
	// Published: only the time, place and wording may change, and a
	// change of time or place is announced to everyone invited.
	Published bool
	Audience  *activities.Audience
	Action    string
}

type deputyPick struct {
	ID      int64
	Name    string
	Checked bool
}

type consultPick struct {
	ID       int64
	Title    string
	Selected bool
}

type groupPick struct {
	ID       int64
	Name     string
	Selected bool
}

// activityNew is the form of a new activity. A person with several
// stations first picks one (?station_id=), so that the form can offer that
// station's deputies.
func (c *Console) activityNew(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	stations, err := c.actStationChoice(r.Context(), p)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data := &activityFormView{Stations: stations, Action: "/console/activities"}
	v := view{Title: "新建活动", Nav: "activities", Data: data}
	stationID, _ := strconv.ParseInt(r.URL.Query().Get("station_id"), 10, 64)
	if stationID == 0 && len(stations.List) == 1 && !stations.More {
		stationID = stations.List[0].ID
	}
	if stationID == 0 {
		if len(stations.List) == 0 {
			c.renderError(w, r, http.StatusConflict, "您的管辖范围内还没有联络站，不能安排活动。")
			return
		}
		data.PickStation = true
		c.render(w, r, http.StatusOK, "activity_form.html", v)
		return
	}
	st, err := c.Registry.Station(r.Context(), p, stationID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	form := url.Values{}
	form.Set("station_id", strconv.FormatInt(st.ID, 10))
	form.Set("kind", "reception_day")
	form.Set("invitees_mode", "station")
	form.Set("venue", st.Address)
	form.Set("checkin_radius_m", strconv.Itoa(st.CheckinRadiusM))
	form.Set("latitude", actFloat(st.Latitude))
	form.Set("longitude", actFloat(st.Longitude))
	v.Form = form
	if err := c.fillActivityForm(r.Context(), p, data, st.ID, form); err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "activity_form.html", v)
}

// activityEdit is the form of a change to an activity.
func (c *Console) activityEdit(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	a, ok := c.activityOf(w, r, p)
	if !ok {
		return
	}
	if a.Status == activities.StatusCancelled || a.Status == activities.StatusFinished {
		c.renderError(w, r, http.StatusConflict, "活动已取消或已结束，不能再更改。")
		return
	}
	data := &activityFormView{Activity: a, Action: "/console/activities/" + strconv.FormatInt(a.ID, 10)}
	v := view{Title: "修改活动", Nav: "activities", Data: data, Form: activityValues(a)}
	if err := c.fillActivityForm(r.Context(), p, data, a.StationID, v.Form); err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "activity_form.html", v)
}

// activityValues are the form's values of a.
func activityValues(a *activities.Activity) url.Values {
	f := url.Values{}
	f.Set("station_id", strconv.FormatInt(a.StationID, 10))
	f.Set("kind", a.Kind)
	f.Set("title", a.Title)
	f.Set("description", a.Description)
	f.Set("start_at", actLocalInput(a.StartAt))
	f.Set("end_at", actLocalInput(a.EndAt))
	f.Set("venue", a.Venue)
	f.Set("latitude", actFloat(a.Latitude))
	f.Set("longitude", actFloat(a.Longitude))
	f.Set("checkin_radius_m", strconv.Itoa(a.CheckinRadiusM))
	if a.ConsultationID != nil {
		f.Set("consultation_id", strconv.FormatInt(*a.ConsultationID, 10))
	}
	switch {
	case len(a.Invitees.DeputyIDs) > 0:
		f.Set("invitees_mode", "deputies")
		for _, id := range a.Invitees.DeputyIDs {
			f.Add("deputy_ids", strconv.FormatInt(id, 10))
		}
	case a.Invitees.GroupID > 0:
		f.Set("invitees_mode", "group")
		f.Set("group_id", strconv.FormatInt(a.Invitees.GroupID, 10))
	default:
		f.Set("invitees_mode", "station")
	}
	return f
}

// fillActivityForm gives the form its choices: the kinds, the station's
// deputies and the groups the caller may invite, marked as form has them.
func (c *Console) fillActivityForm(ctx context.Context, p *access.Principal, data *activityFormView, stationID int64, form url.Values) error {
	data.Kinds = activities.Kinds
	data.StationID = stationID
	st, err := c.Registry.Station(ctx, p, stationID)
	if err != nil {
		return err
	}
	data.StationName = st.Name
	if a := data.Activity; a != nil && a.Status == activities.StatusPublished {
		data.Published = true
		if data.Audience, err = c.Activities.Audience(ctx, p, a.ID); err != nil {
			return err
		}
	}
	if c.Consultations != nil {
		open, err := c.Consultations.OpenAt(ctx, stationID)
		if err != nil {
			return err
		}
		chosen := form.Get("consultation_id")
		for _, o := range open {
			id := strconv.FormatInt(o.ID, 10)
			data.Consultations = append(data.Consultations, consultPick{ID: o.ID, Title: o.Title, Selected: id == chosen})
		}
	}
	deputies, next, err := c.Registry.Deputies(ctx, p, registry.DeputyFilter{StationID: stationID}, store.Page{Limit: actPickerSize})
	if err != nil {
		return err
	}
	data.MoreDeputies = !next.IsZero()
	checked := form["deputy_ids"]
	for _, d := range deputies {
		id := strconv.FormatInt(d.ID, 10)
		data.Deputies = append(data.Deputies, deputyPick{ID: d.ID, Name: d.Name, Checked: slices.Contains(checked, id)})
	}
	groups, _, err := c.Registry.Groups(ctx, p, registry.GroupFilter{}, store.Page{Limit: actPickerSize})
	if err != nil {
		return err
	}
	for _, g := range groups {
		data.Groups = append(data.Groups, groupPick{ID: g.ID, Name: g.Name, Selected: form.Get("group_id") == strconv.FormatInt(g.ID, 10)})
	}
	return nil
}

// parseActivityForm reads the form into the capability's input. What cannot
// even be read (a time that is no time) is a field error of its own; the
// rest the capability's Validate judges.
func parseActivityForm(f url.Values) (activities.Input, apperr.FieldErrors) {
	fe := apperr.FieldErrors{}
	var in activities.Input
	text := func(name string) *string {
		v := strings.TrimSpace(f.Get(name))
		return &v
	}
	stationID, err := strconv.ParseInt(f.Get("station_id"), 10, 64)
	fe.Check(err != nil || stationID <= 0, "station_id", "请选择联络站")
	in.StationID = &stationID
	in.Kind, in.Title, in.Description, in.Venue = text("kind"), text("title"), text("description"), text("venue")
	// A meeting of kind legislative_consultation names its draft; "" clears it (0).
	if _, sent := f["consultation_id"]; sent {
		var id int64
		if v := strings.TrimSpace(f.Get("consultation_id")); v != "" {
			if id, err = strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
				fe.Add("consultation_id", "请从列表中选择法规草案")
			}
		}
		in.ConsultationID = &id
	}
	for _, t := range []struct {
		name string
		dst  **float64
		what string
	}{{"latitude", &in.Latitude, "纬度"}, {"longitude", &in.Longitude, "经度"}} {
		v := strings.TrimSpace(f.Get(t.name))
		if v == "" {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			fe.Add(t.name, t.what+"应为数字，如 22.8173")
			continue
		}
		*t.dst = &x
	}
	if v := strings.TrimSpace(f.Get("checkin_radius_m")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			fe.Add("checkin_radius_m", "签到半径应为整数（米）")
		} else {
			in.CheckinRadiusM = &n
		}
	}
	if v := f.Get("start_at"); strings.TrimSpace(v) != "" {
		if t, ok := actParseLocal(v); ok {
			in.StartAt = &t
		} else {
			fe.Add("start_at", "请按“年-月-日 时:分”填写开始时间")
		}
	}
	if v := f.Get("end_at"); strings.TrimSpace(v) != "" {
		if t, ok := actParseLocal(v); ok {
			in.EndAt = &t
		} else {
			fe.Add("end_at", "请按“年-月-日 时:分”填写结束时间")
		}
	}
	inv := activities.Invitees{DeputyIDs: []int64{}}
	switch f.Get("invitees_mode") {
	case "group":
		g, err := strconv.ParseInt(f.Get("group_id"), 10, 64)
		fe.Check(err != nil || g <= 0, "invitees", "请选择代表小组")
		inv.GroupID = g
	case "deputies":
		for _, v := range f["deputy_ids"] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
				inv.DeputyIDs = append(inv.DeputyIDs, id)
			}
		}
		fe.Check(len(inv.DeputyIDs) == 0, "invitees", "请至少选择一位代表")
	default:
		inv.StationID = stationID
	}
	in.Invitees = &inv
	return in, fe
}

// activityOf is the activity of the path's {id} as the caller may see it;
// when there is none (or it is not theirs) the page says so and ok is false.
func (c *Console) activityOf(w http.ResponseWriter, r *http.Request, p *access.Principal) (*activities.Activity, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return nil, false
	}
	a, err := c.Activities.Get(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	return a, true
}

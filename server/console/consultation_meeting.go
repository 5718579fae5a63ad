package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/store"
)

// meetingEntryView is the form where station staff enter, article by
// article, the opinions said at a consultation meeting (or brought to the
// station).
type meetingEntryView struct {
	Consultation *consultations.Public
	Stations     []stationOption
	// Station is the chosen station; Meetings its consultation meetings
	// about this consultation.
	Station  int64
	Meetings []*activities.Activity
	Activity int64
	// Key makes a second click of the same form answer the first opinion.
	Key string
}

// meetingEntryPath is the form's address for consultation id.
func meetingEntryPath(id int64) string { return "/console/consultations/" + itoa(id) + "/opinions/new" }

// consultationMeetingNew is the form. A consultation not open, or reaching
// none of the caller's stations, is not found.
func (c *Console) consultationMeetingNew(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	c.meetingEntry(w, r, p, http.StatusOK, r.URL.Query(), nil)
}

func (c *Console) meetingEntry(w http.ResponseWriter, r *http.Request, p *access.Principal, status int, form url.Values, errs map[string]string) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	ctx := r.Context()
	pub, err := c.Consultations.Public(ctx, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data := &meetingEntryView{Consultation: pub, Key: form.Get("idempotency_key")}
	if data.Key == "" {
		data.Key = requestRef() + requestRef()
	}
	// A meeting named by the activity's page fixes the station.
	if v := form.Get("activity_id"); v != "" {
		aid, _ := strconv.ParseInt(v, 10, 64)
		a, err := c.Activities.Get(ctx, p, aid)
		if err != nil || a.ConsultationID == nil || *a.ConsultationID != id {
			c.notFound(w, r)
			return
		}
		data.Activity = a.ID
		form.Set("station_id", itoa(a.StationID))
	}
	stations, err := c.reachedStations(ctx, p, id, form.Get("station_id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if len(stations) == 0 {
		c.notFound(w, r)
		return
	}
	data.Stations = stations
	data.Station = stations[0].ID
	for _, s := range stations {
		if s.Checked {
			data.Station = s.ID
		}
	}
	if data.Meetings, err = c.meetingsOf(ctx, p, data.Station, id); err != nil {
		c.fail(w, r, err)
		return
	}
	if data.Activity == 0 && len(data.Meetings) == 1 {
		data.Activity = data.Meetings[0].ID
	}
	if v := form.Get("activity_id"); v != "" {
		data.Activity, _ = strconv.ParseInt(v, 10, 64)
	}
	c.render(w, r, status, "consultation_meeting.html", view{Title: "登记征求意见", Nav: "consultations", Form: form, Errors: errs, Data: data})
}

// reachedStations are the caller's active stations that the open
// consultation reaches; only the one asked for when station is given.
func (c *Console) reachedStations(ctx context.Context, p *access.Principal, id int64, station string) ([]stationOption, error) {
	choice, err := c.actStationChoice(ctx, p)
	if err != nil {
		return nil, err
	}
	out := []stationOption{}
	for _, st := range choice.List {
		if !st.Active || (station != "" && itoa(st.ID) != station) {
			continue
		}
		open, err := c.Consultations.OpenAt(ctx, st.ID)
		if err != nil {
			return nil, err
		}
		for _, b := range open {
			if b.ID == id {
				out = append(out, stationOption{ID: st.ID, Name: st.Name, ContactPoint: st.LegislativeContactPoint, Checked: station != ""})
			}
		}
	}
	return out, nil
}

// meetingsOf are the station's consultation meetings about the consultation.
func (c *Console) meetingsOf(ctx context.Context, p *access.Principal, station, id int64) ([]*activities.Activity, error) {
	rows, _, err := c.Activities.List(ctx, p, activities.ListFilter{StationID: station}, store.Page{Limit: 100})
	if err != nil {
		return nil, err
	}
	out := []*activities.Activity{}
	for i := range rows {
		a := &rows[i]
		if a.Kind == consultations.ActivityKind && a.ConsultationID != nil && *a.ConsultationID == id && a.Status != activities.StatusCancelled {
			out = append(out, a)
		}
	}
	return out, nil
}

// consultationMeetingCreate records one opinion (RecordMeeting) and shows
// the form again for the next one, with the station and meeting kept.
func (c *Console) consultationMeetingCreate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	f := r.PostForm
	in := consultations.OpinionInput{Content: f.Get("content"), Name: f.Get("name"), Phone: f.Get("phone"),
		Consent: f.Get("consent") != "", IdempotencyKey: f.Get("idempotency_key")}
	errs := map[string]string{}
	if v := f.Get("article_id"); v != "" {
		aid, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs["article_id"] = "请选择条文"
		}
		in.ArticleID = &aid
	}
	st, err := strconv.ParseInt(f.Get("station_id"), 10, 64)
	if err != nil || st <= 0 {
		errs["station_id"] = "请选择联络站"
	}
	in.StationID = &st
	if v := f.Get("activity_id"); v != "" {
		aid, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs["activity_id"] = "请选择座谈会"
		}
		in.ActivityID = &aid
	}
	if len(errs) == 0 {
		_, err = c.Consultations.RecordMeeting(r.Context(), p, id, in)
		if err != nil {
			e, ok := fieldErrors(err)
			if !ok {
				c.fail(w, r, err)
				return
			}
			errs = e
		}
	}
	if len(errs) > 0 {
		c.meetingEntry(w, r, p, http.StatusBadRequest, f, errs)
		return
	}
	next := url.Values{"station_id": {f.Get("station_id")}}
	if v := f.Get("activity_id"); v != "" {
		next.Set("activity_id", v)
	}
	what := "对草案整体"
	if in.ArticleID != nil {
		what = "该条"
	}
	c.redirect(w, r, meetingEntryPath(id)+"?"+next.Encode(), "已登记"+what+"的一条意见。可以接着登记下一条。")
}

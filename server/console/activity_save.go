package console

import (
	"net/http"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
)

// activityCreate saves a new activity as a draft (Activities.Create).
func (c *Console) activityCreate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	in, fe := parseActivityForm(r.PostForm)
	var a *activities.Activity
	var err error
	if len(fe) == 0 {
		a, err = c.Activities.Create(r.Context(), p, in)
	}
	if len(fe) > 0 || err != nil {
		c.activityFormAgain(w, r, p, nil, fe, err, *in.StationID)
		return
	}
	c.redirect(w, r, "/console/activities/"+strconv.FormatInt(a.ID, 10), "活动已保存为草稿。核对无误后点“发布”通知代表。")
}

// activityUpdate saves a change (Activities.Update). A published activity
// keeps its station, kind and invitees; a change of its time or place sends
// change notices to everyone invited and their employers (the capability
// does it).
func (c *Console) activityUpdate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	before, ok := c.activityOf(w, r, p)
	if !ok {
		return
	}
	id := before.ID
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	in, fe := parseActivityForm(r.PostForm)
	if before.Status == activities.StatusPublished {
		in.StationID, in.Kind, in.Invitees, in.ConsultationID = nil, nil, nil, nil
		delete(fe, "station_id")
		delete(fe, "invitees")
	}
	var a *activities.Activity
	var err error
	if len(fe) == 0 {
		a, err = c.Activities.Update(r.Context(), p, id, in)
	}
	if len(fe) > 0 || err != nil {
		c.activityFormAgain(w, r, p, before, fe, err, before.StationID)
		return
	}
	flash := "已保存。"
	if a.Version > before.Version {
		flash = "已保存。时间或地点的变更通知正在发给受邀代表及其单位。"
	}
	c.redirect(w, r, "/console/activities/"+strconv.FormatInt(id, 10), flash)
}

// activityFormAgain shows the form again with what was typed and what is
// wrong with it (400), or the failure's own page when it is not the form's.
func (c *Console) activityFormAgain(w http.ResponseWriter, r *http.Request, p *access.Principal, a *activities.Activity, fe map[string]string, err error, stationID int64) {
	if err != nil {
		e, ok := fieldErrors(err)
		if !ok {
			c.fail(w, r, err)
			return
		}
		for k, m := range e {
			if _, seen := fe[k]; !seen {
				fe[k] = m
			}
		}
	}
	// A field the form does not show gets its message at the top.
	shown := map[string]bool{"station_id": true, "kind": true, "title": true, "description": true, "start_at": true, "end_at": true,
		"venue": true, "latitude": true, "longitude": true, "checkin_radius_m": true, "invitees": true, "consultation_id": true}
	for k, m := range fe {
		if !shown[k] && k != "" {
			if fe[""] == "" {
				fe[""] = m
			}
		}
	}
	if fe[""] == "" {
		fe[""] = "有几项需要修改，请看标红的说明。"
	}
	data := &activityFormView{Activity: a, Action: "/console/activities"}
	title := "新建活动"
	if a != nil {
		data.Action, title = "/console/activities/"+strconv.FormatInt(a.ID, 10), "修改活动"
	}
	if stationID <= 0 {
		stations, err := c.actStationChoice(r.Context(), p)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		data.Stations, data.PickStation = stations, true
		c.render(w, r, http.StatusBadRequest, "activity_form.html", view{Title: title, Nav: "activities", Data: data, Errors: fe, Form: r.PostForm})
		return
	}
	if err := c.fillActivityForm(r.Context(), p, data, stationID, r.PostForm); err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusBadRequest, "activity_form.html", view{Title: title, Nav: "activities", Data: data, Errors: fe, Form: r.PostForm})
}

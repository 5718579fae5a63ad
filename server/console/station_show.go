package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/registry"
)

// stationShow is a station's page: its form, its deputies, its reception
// schedule, and the links to its poster and its compliance.
func (c *Console) stationShow(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	st, ok := c.stationOf(w, r, p)
	if !ok {
		return
	}
	c.renderStationForm(w, r, p, http.StatusOK, st, stationValues(st), nil, nil)
}

// stationSave stores the station's form, then its convenor when that
// changed. A mistake shows the form again with nothing stored.
func (c *Console) stationSave(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	st, ok := c.stationOf(w, r, p)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	v := r.PostForm
	if v.Get("step") != "" {
		c.renderStationForm(w, r, p, http.StatusOK, st, v, nil, nil)
		return
	}
	// The area as the selects hold it: a county left from another city is dropped.
	if err := c.areaChoices(r.Context(), &stationForm{}, v); err != nil {
		c.fail(w, r, err)
		return
	}
	in, fe := stationInput(v)
	active := v.Get("active") != ""
	in.Active = &active
	convenor, err := strconv.ParseInt(strings.TrimSpace(v.Get("convenor")), 10, 64)
	if v.Get("convenor") == "" {
		convenor, err = 0, nil
	}
	if err != nil || convenor < 0 {
		fe.Add("convenor", "请从本站代表中选择召集人")
	}
	if len(fe) > 0 {
		c.renderStationForm(w, r, p, http.StatusBadRequest, st, v, stationFieldErrors(in, fe), nil)
		return
	}
	saved, err := c.Registry.UpdateStation(r.Context(), p, st.ID, in)
	if err != nil {
		if errs, ok := formErrors(err, "area_code"); ok {
			c.renderStationForm(w, r, p, http.StatusBadRequest, st, v, errs, nil)
			return
		}
		c.fail(w, r, err)
		return
	}
	var current int64
	if st.ConvenorDeputyID != nil {
		current = *st.ConvenorDeputyID
	}
	if convenor != current {
		if _, err := c.Registry.SetConvenor(r.Context(), p, st.ID, convenor); err != nil {
			if errs, ok := formErrors(err, "convenor"); ok {
				errs[""] = "其他内容已保存，召集人未能更改。"
				c.renderStationForm(w, r, p, http.StatusBadRequest, saved, v, errs, nil)
				return
			}
			c.fail(w, r, err)
			return
		}
	}
	c.redirect(w, r, "/console/stations/"+itoa(saved.ID), "已保存")
}

// stationOf is the station of the path's id in the caller's scope; a
// malformed id, one not there and one not theirs are the same 404.
func (c *Console) stationOf(w http.ResponseWriter, r *http.Request, p *access.Principal) (*registry.Station, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return nil, false
	}
	st, err := c.Registry.Station(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	return st, true
}

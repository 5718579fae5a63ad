package console

import (
	"net/http"
	"net/url"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/registry"
)

// deputyShow is a deputy's page: their details to edit, their groups and
// their performance file of a year (?year=).
func (c *Console) deputyShow(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	d, ok := c.deputyOf(w, r, p)
	if !ok {
		return
	}
	c.renderDeputyForm(w, r, p, http.StatusOK, d, deputyValues(d), nil)
}

// deputySave stores the deputy's form; a mistake shows it again with
// nothing stored.
func (c *Console) deputySave(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	d, ok := c.deputyOf(w, r, p)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	in, errs := deputyInput(r.PostForm)
	if errs != nil {
		c.renderDeputyForm(w, r, p, http.StatusBadRequest, d, r.PostForm, errs)
		return
	}
	saved, err := c.Registry.UpdateDeputy(r.Context(), p, d.ID, in)
	if err != nil {
		if errs, ok := formErrors(err, "station_ids"); ok {
			if apperr409(err) {
				errs = map[string]string{"phone": errs["station_ids"]}
			}
			c.renderDeputyForm(w, r, p, http.StatusBadRequest, d, r.PostForm, errs)
			return
		}
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/deputies/"+itoa(saved.ID), "已保存")
}

// deputyNew is the empty form of a new deputy (of ?station_id= when given).
func (c *Console) deputyNew(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	v := url.Values{}
	if s := r.URL.Query().Get("station_id"); s != "" {
		v.Set("add_station", s)
	}
	c.renderDeputyForm(w, r, p, http.StatusOK, nil, v, nil)
}

// deputyCreate registers a deputy from the form.
func (c *Console) deputyCreate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	in, errs := deputyInput(r.PostForm)
	if errs != nil {
		c.renderDeputyForm(w, r, p, http.StatusBadRequest, nil, r.PostForm, errs)
		return
	}
	d, err := c.Registry.CreateDeputy(r.Context(), p, in)
	if err != nil {
		if errs, ok := formErrors(err, "station_ids"); ok {
			if apperr409(err) {
				errs = map[string]string{"phone": errs["station_ids"]}
			}
			c.renderDeputyForm(w, r, p, http.StatusBadRequest, nil, r.PostForm, errs)
			return
		}
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/deputies/"+itoa(d.ID), "已新增代表："+d.Name)
}

// deputyOf is the deputy of the path's id in the caller's scope (404 otherwise).
func (c *Console) deputyOf(w http.ResponseWriter, r *http.Request, p *access.Principal) (*registry.Deputy, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return nil, false
	}
	d, err := c.Registry.Deputy(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	return d, true
}

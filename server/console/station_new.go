package console

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
)

// stationNew is the empty form of a new station.
func (c *Console) stationNew(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	v := url.Values{}
	v.Set("kind", "community")
	v.Set("checkin_radius_m", strconv.Itoa(c.Registry.DefaultCheckinRadiusM))
	c.renderStationForm(w, r, p, http.StatusOK, nil, v, nil, nil)
}

// stationCreate stores a new station, or shows the form again with its
// mistakes beside the fields (nothing stored). The 下一级 button of the
// area selects only shows the form again with the next level to choose.
func (c *Console) stationCreate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	v := r.PostForm
	if v.Get("step") != "" {
		c.renderStationForm(w, r, p, http.StatusOK, nil, v, nil, nil)
		return
	}
	// The area as the selects hold it: a county left from another city is dropped.
	if err := c.areaChoices(r.Context(), &stationForm{}, v); err != nil {
		c.fail(w, r, err)
		return
	}
	in, fe := stationInput(v)
	if len(fe) > 0 {
		c.renderStationForm(w, r, p, http.StatusBadRequest, nil, v, stationFieldErrors(in, fe), nil)
		return
	}
	st, err := c.Registry.CreateStation(r.Context(), p, in)
	if err != nil {
		if errs, ok := formErrors(err, "area_code"); ok {
			c.renderStationForm(w, r, p, http.StatusBadRequest, nil, v, errs, nil)
			return
		}
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/stations/"+itoa(st.ID), "已新建联络站："+st.Name)
}

package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// stationKinds are the station kinds as the pages name them.
var stationKinds = []option{
	{Value: registry.KindCommunity, Label: "村（社区）联络站"},
	{Value: registry.KindProfessional, Label: "专业（行业）联络站"},
}

// option is one choice of a select or a group of checkboxes.
type option struct {
	Value    string
	Label    string
	Selected bool
}

func kindName(kind string) string {
	for _, k := range stationKinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return kind
}

// choices are opts with the one whose value is v selected.
func choices(opts []option, v string) []option {
	out := make([]option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == v
		out[i] = o
	}
	return out
}

// stationForm is what the station form shows beside the typed values
// (view.Form): the choices of its selects.
type stationForm struct {
	Station   *registry.Station
	Kinds     []option
	Cities    []option
	Counties  []option
	Towns     []option
	AreaName  string
	Convenors []option
	Active    bool
}

// stationValues are a station's fields as the form holds them.
func stationValues(st *registry.Station) url.Values {
	v := url.Values{}
	v.Set("name", st.Name)
	v.Set("kind", st.Kind)
	v.Set("topic", st.Topic)
	city, county, town := areaPath(st.AreaCode)
	v.Set("city", city)
	v.Set("county", county)
	v.Set("township", town)
	v.Set("address", st.Address)
	if st.Latitude != nil {
		v.Set("latitude", strconv.FormatFloat(*st.Latitude, 'f', -1, 64))
	}
	if st.Longitude != nil {
		v.Set("longitude", strconv.FormatFloat(*st.Longitude, 'f', -1, 64))
	}
	v.Set("checkin_radius_m", strconv.Itoa(st.CheckinRadiusM))
	v.Set("open_hours", st.OpenHours)
	if st.Active {
		v.Set("active", "1")
	}
	if st.ConvenorDeputyID != nil {
		v.Set("convenor", strconv.FormatInt(*st.ConvenorDeputyID, 10))
	}
	return v
}

// areaPath splits a division code (GB/T 2260: 4501 city, 450102 county,
// 450102001 township) into the values of the three area selects.
func areaPath(code string) (city, county, town string) {
	switch {
	case len(code) == 9:
		return code[:4] + "00", code[:6], code
	case len(code) != 6 || strings.HasSuffix(code, "0000"):
		return "", "", ""
	case strings.HasSuffix(code, "00"):
		return code, "", ""
	}
	return code[:4] + "00", code, ""
}

// areaOf is the area the form's three selects name: the deepest chosen.
func areaOf(v url.Values) string {
	for _, k := range []string{"township", "county", "city"} {
		if a := strings.TrimSpace(v.Get(k)); a != "" {
			return a
		}
	}
	return ""
}

// areaChoices fills the three selects: the cities of the province, the
// counties of the chosen city, the townships of the chosen county. A
// choice that does not belong under the one above it is dropped.
func (c *Console) areaChoices(ctx context.Context, f *stationForm, v url.Values) error {
	top, err := c.Registry.Areas(ctx, "")
	if err != nil {
		return err
	}
	cities := top
	if len(top) == 1 {
		if cities, err = c.Registry.Areas(ctx, top[0].Code); err != nil {
			return err
		}
	}
	f.Cities = areaOptions(cities, v.Get("city"))
	if !selected(f.Cities) {
		v.Del("city")
		v.Del("county")
		v.Del("township")
		return nil
	}
	counties, err := c.Registry.Areas(ctx, v.Get("city"))
	if err != nil {
		return err
	}
	f.Counties = areaOptions(counties, v.Get("county"))
	if !selected(f.Counties) {
		v.Del("county")
		v.Del("township")
		return nil
	}
	towns, err := c.Registry.Areas(ctx, v.Get("county"))
	if err != nil {
		return err
	}
	f.Towns = areaOptions(towns, v.Get("township"))
	if !selected(f.Towns) {
		v.Del("township")
	}
	return nil
}

func areaOptions(areas []registry.Area, v string) []option {
	out := make([]option, 0, len(areas))
	for _, a := range areas {
		out = append(out, option{Value: a.Code, Label: a.Name, Selected: a.Code == v})
	}
	return out
}

func selected(opts []option) bool {
	for _, o := range opts {
		if o.Selected {
			return true
		}
	}
	return false
}

// stationInput reads the form into the capability's input. Numbers that
// are not numbers are field errors of their own (fe); an empty coordinate
// or radius is left unchanged.
func stationInput(v url.Values) (registry.StationInput, apperr.FieldErrors) {
	fe := apperr.FieldErrors{}
	str := func(k string) *string { s := strings.TrimSpace(v.Get(k)); return &s }
	in := registry.StationInput{Name: str("name"), Kind: str("kind"), Topic: str("topic"), Address: str("address"), OpenHours: str("open_hours")}
	area := areaOf(v)
	in.AreaCode = &area
	num := func(k, msg string) *float64 {
		s := strings.TrimSpace(v.Get(k))
		if s == "" {
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			fe.Add(k, msg)
			return nil
		}
		return &f
	}
	in.Latitude = num("latitude", "纬度应为数字，如 22.817350")
	in.Longitude = num("longitude", "经度应为数字，如 108.318990")
	if s := strings.TrimSpace(v.Get("checkin_radius_m")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fe.Add("checkin_radius_m", "签到半径应为整数（米）")
		} else {
			in.CheckinRadiusM = &n
		}
	}
	return in, fe
}

// stationFieldErrors are the errors of a form whose numbers did not parse,
// together with what the capability's Validate says of the rest, so that
// one round shows every mistake.
func stationFieldErrors(in registry.StationInput, fe apperr.FieldErrors) map[string]string {
	st := registry.Station{Name: *in.Name, Kind: *in.Kind, Topic: *in.Topic, AreaCode: *in.AreaCode, Address: *in.Address,
		OpenHours: *in.OpenHours, Latitude: in.Latitude, Longitude: in.Longitude, CheckinRadiusM: 100}
	if in.CheckinRadiusM != nil {
		st.CheckinRadiusM = *in.CheckinRadiusM
	}
	out := map[string]string{}
	for k, m := range st.Validate() {
		out[k] = m
	}
	if in.Latitude == nil || in.Longitude == nil {
		delete(out, "latitude")
		delete(out, "longitude")
	}
	for k, m := range fe {
		out[k] = m
	}
	return out
}

// formErrors are err's field errors for the station form: a validation
// error as it is, an area out of the caller's scope beside the area.
func formErrors(err error, field string) (map[string]string, bool) {
	if fe, ok := fieldErrors(err); ok {
		return fe, true
	}
	if e := apperr.From(err); e.Kind == apperr.KindForbidden || e.Kind == apperr.KindConflict {
		return map[string]string{field: e.Message}, true
	}
	return nil, false
}

// renderStationForm shows the form of st (nil: a new station) with values v.
func (c *Console) renderStationForm(w http.ResponseWriter, r *http.Request, p *access.Principal, status int, st *registry.Station, v url.Values, errs map[string]string, data *stationPage) {
	f := stationForm{Station: st, Kinds: choices(stationKinds, v.Get("kind")), Active: v.Get("active") != ""}
	if err := c.areaChoices(r.Context(), &f, v); err != nil {
		c.fail(w, r, err)
		return
	}
	title := "新建联络站"
	tmpl := "station.html"
	if st != nil {
		title = st.Name
		tmpl = "station.html"
		if data == nil {
			var err error
			if data, err = c.stationPageData(r.Context(), p, st); err != nil {
				c.fail(w, r, err)
				return
			}
		}
		data.Form = f
		data.Form.Convenors = choices(data.convenors, v.Get("convenor"))
		c.render(w, r, status, tmpl, view{Title: title, Nav: "stations", Errors: errs, Form: v, Data: data})
		return
	}
	c.render(w, r, status, tmpl, view{Title: title, Nav: "stations", Errors: errs, Form: v, Data: &stationPage{Form: f}})
}

// stationPage is the station page: the form, its deputies, its schedule.
type stationPage struct {
	Form     stationForm
	Station  *registry.Station
	Deputies []registry.Deputy
	More     bool
	// ConvenorID is the convenor's deputy id, 0 when there is none.
	ConvenorID int64
	Schedule   any
	convenors  []option
}

func (c *Console) stationPageData(ctx context.Context, p *access.Principal, st *registry.Station) (*stationPage, error) {
	deps, next, err := c.Registry.Deputies(ctx, p, registry.DeputyFilter{StationID: st.ID}, store.Page{Limit: 100})
	if err != nil {
		return nil, err
	}
	out := &stationPage{Station: st, Deputies: deps, More: !next.IsZero()}
	if st.ConvenorDeputyID != nil {
		out.ConvenorID = *st.ConvenorDeputyID
	}
	out.convenors = []option{{Value: "", Label: "（暂无召集人）"}}
	for _, d := range deps {
		out.convenors = append(out.convenors, option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	sched, err := c.Activities.StationSchedule(ctx, st.ID)
	if err != nil && apperr.From(err).Kind != apperr.KindNotFound {
		return nil, err
	}
	out.Schedule = sched
	return out, nil
}

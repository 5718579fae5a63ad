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
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// deputyLevels are the levels as the pages name them, by rank.
var deputyLevels = []option{
	{Value: registry.LevelNational, Label: "全国"},
	{Value: registry.LevelRegional, Label: "自治区"},
	{Value: registry.LevelCity, Label: "市"},
	{Value: registry.LevelCounty, Label: "县（市、区）"},
	{Value: registry.LevelTownship, Label: "乡镇（街道）"},
}

// levelNames are the names of levels, joined with 、.
func levelNames(levels []string) string {
	names := make([]string, 0, len(levels))
	for _, l := range levels {
		name := l
		for _, o := range deputyLevels {
			if o.Value == l {
				name = o.Label
			}
		}
		names = append(names, name)
	}
	return strings.Join(names, "、")
}

// phoneKindName says whether a number is a mobile (gets SMS) or a landline
// (staff phone it), "" for no number.
func phoneKindName(phone string) string {
	if phone == "" {
		return ""
	}
	if pii.PhoneKind(strings.ReplaceAll(phone, "*", "0")) == pii.KindMobile {
		return "手机"
	}
	return "座机"
}

// deputyValues are a deputy's fields as the form holds them.
func deputyValues(d *registry.Deputy) url.Values {
	v := url.Values{}
	v.Set("name", d.Name)
	v.Set("phone", d.Phone)
	v["levels"] = slices.Clone(d.Levels)
	if d.Grassroots {
		v.Set("grassroots", "1")
	}
	v.Set("employer_name", d.Employer.Name)
	v.Set("employer_contact_name", d.Employer.ContactName)
	v.Set("employer_contact_phone", d.Employer.ContactPhone)
	for _, id := range d.StationIDs {
		v.Add("station_ids", itoa(id))
	}
	return v
}

// deputyInput reads the form into the capability's input: every field is
// set (an unchecked box clears), stations are the checked ones plus the
// one chosen to add.
func deputyInput(v url.Values) (registry.DeputyInput, map[string]string) {
	str := func(k string) *string { s := strings.TrimSpace(v.Get(k)); return &s }
	grassroots := v.Get("grassroots") != ""
	in := registry.DeputyInput{Name: str("name"), Phone: str("phone"), Levels: append([]string{}, v["levels"]...),
		Grassroots: &grassroots,
		Employer:   &registry.EmployerInput{Name: str("employer_name"), ContactName: str("employer_contact_name"), ContactPhone: str("employer_contact_phone")},
		StationIDs: []int64{}}
	ids := append(slices.Clone(v["station_ids"]), v.Get("add_station"))
	for _, s := range ids {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return in, map[string]string{"station_ids": "联络站选择有误，请重新选择"}
		}
		if !slices.Contains(in.StationIDs, id) {
			in.StationIDs = append(in.StationIDs, id)
		}
	}
	return in, nil
}

// deputyPage is the deputy page: the form, the groups, the performance file.
type deputyPage struct {
	Deputy *registry.Deputy
	Levels []option
	// Stations are the deputy's stations (checked) by name; AddStations
	// the stations in scope to add them to.
	Stations    []stationChoice
	AddStations []option
	PhoneKind   string
	Groups      []registry.Group
	Record      *activities.Record
	Year        int
	Years       []option
}

type stationChoice struct {
	ID      int64
	Name    string
	Checked bool
}

// deputyChoices fills the page's choices from the form's values v.
func (c *Console) deputyChoices(ctx context.Context, p *access.Principal, d *deputyPage, v url.Values) error {
	d.Levels = make([]option, len(deputyLevels))
	for i, o := range deputyLevels {
		o.Selected = slices.Contains(v["levels"], o.Value)
		d.Levels[i] = o
	}
	d.PhoneKind = phoneKindName(strings.TrimSpace(v.Get("employer_contact_phone")))
	// The stations shown as boxes: those the deputy is in, and those the
	// form checked, by name.
	var ids []int64
	seen := map[string]bool{}
	for _, s := range append(slices.Clone(v["station_ids"]), v.Get("add_station")) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 && !seen[s] {
			seen[s] = true
			ids = append(ids, n)
		}
	}
	if d.Deputy != nil {
		for _, n := range d.Deputy.StationIDs {
			if !seen[itoa(n)] {
				seen[itoa(n)] = true
				ids = append(ids, n)
			}
		}
	}
	refs, err := c.Registry.StationRefs(ctx, ids)
	if err != nil {
		return err
	}
	checked := map[string]bool{}
	for _, s := range append(slices.Clone(v["station_ids"]), v.Get("add_station")) {
		checked[s] = true
	}
	for _, n := range ids {
		name := "联络站 " + itoa(n)
		if ref, ok := refs[n]; ok {
			name = ref.Name
		}
		d.Stations = append(d.Stations, stationChoice{ID: n, Name: name, Checked: checked[itoa(n)]})
	}
	sts, _, err := c.Registry.Stations(ctx, p, registry.StationFilter{}, store.Page{Limit: 100})
	if err != nil {
		return err
	}
	d.AddStations = []option{{Value: "", Label: "（不加入）"}}
	for _, st := range sts {
		if !seen[itoa(st.ID)] {
			d.AddStations = append(d.AddStations, option{Value: itoa(st.ID), Label: st.Name + "（" + st.Area.Name + "）"})
		}
	}
	return nil
}

// renderDeputyForm shows the deputy page of dep (nil: a new deputy) with the form's values v.
func (c *Console) renderDeputyForm(w http.ResponseWriter, r *http.Request, p *access.Principal, status int, dep *registry.Deputy, v url.Values, errs map[string]string) {
	page := &deputyPage{Deputy: dep}
	if err := c.deputyChoices(r.Context(), p, page, v); err != nil {
		c.fail(w, r, err)
		return
	}
	title := "新增代表"
	if dep != nil {
		title = dep.Name
		year, err := c.Activities.ParseYear(r.URL.Query().Get("year"))
		if err != nil {
			year, _ = c.Activities.ParseYear("")
		}
		page.Year = year
		now, _ := c.Activities.ParseYear("")
		for y := now; y >= max(2020, now-6); y-- {
			page.Years = append(page.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y) + "年", Selected: y == year})
		}
		if page.Record, err = c.Activities.DeputyRecord(r.Context(), p, dep.ID, year); err != nil {
			c.fail(w, r, err)
			return
		}
		if page.Groups, _, err = c.Registry.Groups(r.Context(), p, registry.GroupFilter{DeputyID: dep.ID}, store.Page{Limit: 50}); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	c.render(w, r, status, "deputy.html", view{Title: title, Nav: "deputies", Errors: errs, Form: v, Data: page})
}

// apperr409 reports a conflict: for deputies, a phone already registered.
func apperr409(err error) bool { return apperr.From(err).Kind == apperr.KindConflict }

package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// deputiesListPage is a page of the deputies list.
type deputiesListPage struct {
	Deputies   []deputyRow
	Levels     []option
	Grassroots []option
	Stations   []option
	Next       string
	// CardIDs are the page's serving deputies, comma-separated: 打印本页代表名片.
	CardIDs string
}

type deputyRow struct {
	registry.Deputy
	LevelNames   string
	StationNames []string
	PhoneKind    string
	// OpenMessages are the messages written or assigned to the deputy that
	// wait for a reply (待办来信), of the stations the caller covers.
	OpenMessages int
}

// deputiesList is the deputies in the caller's scope: by name or mobile
// number, station, level and grassroots, 50 a page.
func (c *Console) deputiesList(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	q := r.URL.Query()
	page, ok := c.page(w, r, 50)
	if !ok {
		return
	}
	f := registry.DeputyFilter{Q: q.Get("q"), Level: q.Get("level")}
	if s := strings.TrimSpace(q.Get("station_id")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			c.notFound(w, r)
			return
		}
		f.StationID = n
	}
	switch q.Get("grassroots") {
	case "1":
		yes := true
		f.Grassroots = &yes
	case "0":
		no := false
		f.Grassroots = &no
	}
	out := &deputiesListPage{Levels: choices(deputyLevels, f.Level),
		Grassroots: choices([]option{{Value: "1", Label: "基层代表"}, {Value: "0", Label: "非基层代表"}}, q.Get("grassroots"))}
	// The stations to filter by: the first hundred in scope, and the one chosen.
	sts, _, err := c.Registry.Stations(r.Context(), p, registry.StationFilter{}, store.Page{Limit: 100})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	found := false
	for _, st := range sts {
		out.Stations = append(out.Stations, option{Value: itoa(st.ID), Label: st.Name, Selected: st.ID == f.StationID})
		found = found || st.ID == f.StationID
	}
	if f.StationID > 0 && !found {
		st, err := c.Registry.Station(r.Context(), p, f.StationID)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		out.Stations = append([]option{{Value: itoa(st.ID), Label: st.Name, Selected: true}}, out.Stations...)
	}
	rows, next, err := c.Registry.Deputies(r.Context(), p, f, page)
	if err != nil {
		if fe, ok := fieldErrors(err); ok {
			c.render(w, r, http.StatusBadRequest, "deputies.html", view{Title: "代表", Nav: "deputies", Errors: fe, Data: out})
			return
		}
		c.fail(w, r, err)
		return
	}
	out.Next = store.EncodeCursor(next)
	var ids []int64
	for _, d := range rows {
		ids = append(ids, d.StationIDs...)
	}
	refs, err := c.Registry.StationRefs(r.Context(), ids)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	deputyIDs := make([]int64, 0, len(rows))
	for _, d := range rows {
		deputyIDs = append(deputyIDs, d.ID)
	}
	open, err := c.Messages.OpenForDeputies(r.Context(), p, deputyIDs)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var cardIDs []string
	for _, d := range rows {
		row := deputyRow{Deputy: d, LevelNames: levelNames(d.Levels), PhoneKind: phoneKindName(d.Employer.ContactPhone), OpenMessages: open[d.ID]}
		for _, id := range d.StationIDs {
			if ref, ok := refs[id]; ok {
				row.StationNames = append(row.StationNames, ref.Name)
			}
		}
		out.Deputies = append(out.Deputies, row)
		if d.Active {
			cardIDs = append(cardIDs, itoa(d.ID))
		}
	}
	out.CardIDs = strings.Join(cardIDs, ",")
	c.render(w, r, http.StatusOK, "deputies.html", view{Title: "代表", Nav: "deputies", Data: out})
}

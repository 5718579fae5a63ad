package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// stationsListPage is a page of the stations list.
type stationsListPage struct {
	Stations []stationRow
	Kinds    []option
	// Cities and Counties are the area filter's choices (counties of the chosen city).
	Cities   []option
	Counties []option
	Next     string
	// IDs are the page's station ids, comma-separated: 打印本页全部海报.
	IDs string
}

type stationRow struct {
	registry.Station
	KindName string
}

// stationsList is the stations in the caller's scope, filtered by name,
// area and kind, 50 a page.
func (c *Console) stationsList(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	q := r.URL.Query()
	page, ok := c.page(w, r, 50)
	if !ok {
		return
	}
	f := registry.StationFilter{Q: q.Get("q"), AreaCode: strings.TrimSpace(q.Get("area_code")), Kind: q.Get("kind")}
	var areas stationForm
	pick := urlValues(q, "city", "county")
	if err := c.areaChoices(r.Context(), &areas, pick); err != nil {
		c.fail(w, r, err)
		return
	}
	if a := areaOf(pick); a != "" {
		f.AreaCode = a
	}
	rows, next, err := c.Registry.Stations(r.Context(), p, f, page)
	if err != nil {
		if fe, ok := fieldErrors(err); ok {
			c.render(w, r, http.StatusBadRequest, "stations.html", view{Title: "联络站", Nav: "stations", Errors: fe,
				Data: &stationsListPage{Kinds: choices(stationKinds, f.Kind), Cities: areas.Cities, Counties: areas.Counties}})
			return
		}
		c.fail(w, r, err)
		return
	}
	out := &stationsListPage{Kinds: choices(stationKinds, f.Kind), Cities: areas.Cities, Counties: areas.Counties, Next: store.EncodeCursor(next)}
	ids := make([]string, 0, len(rows))
	for _, st := range rows {
		out.Stations = append(out.Stations, stationRow{Station: st, KindName: kindName(st.Kind)})
		ids = append(ids, itoa(st.ID))
	}
	out.IDs = strings.Join(ids, ",")
	c.render(w, r, http.StatusOK, "stations.html", view{Title: "联络站", Nav: "stations", Data: out})
}

// urlValues are the keys of q, alone.
func urlValues(q url.Values, keys ...string) url.Values {
	out := url.Values{}
	for _, k := range keys {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

package console

import (
	"context"
	"net/http"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/store"
)

// consultationsView is 立法征询: the consultations the caller runs (an
// office: a region's or a city's staff, or an admin) and, for staff of
// stations, the ones open at their stations, where they enter what a
// consultation meeting said, and the answers they pass on once reviewed.
type consultationsView struct {
	Office   bool
	Rows     []consultationRow
	Next     string
	AtMine   []stationConsultations
	Reports  []consultations.StationReport
	Statuses []actStatusOption
}

type consultationRow struct {
	consultations.Summary
	State actLabel
	Reach string
}

// stationConsultations are the consultations open at one of the caller's stations.
type stationConsultations struct {
	StationID   int64
	StationName string
	Open        []consultations.Brief
}

// consultationStatus is a shown status's label and badge.
func consultationStatus(s string) actLabel {
	switch s {
	case consultations.StatusDraft:
		return actLabel{"草稿", ""}
	case consultations.StatusOpen:
		return actLabel{"征求意见中", "info"}
	case consultations.StatusClosed:
		return actLabel{"已截止，待反馈", "warn"}
	case consultations.StatusReviewed:
		return actLabel{"已反馈", "ok"}
	}
	return actLabel{s, ""}
}

// isOffice: the caller may run consultations (an admin, or staff with a
// region's or a city's area).
func isOffice(p *access.Principal) bool {
	sc := p.Scope()
	if sc.All {
		return true
	}
	for _, pre := range sc.AreaPrefixes {
		if len(pre) <= 4 {
			return true
		}
	}
	return false
}

// reachText says where a consultation is consulted.
func reachText(areaName string, stations int) string {
	if stations > 0 {
		return "指定的 " + itoa(int64(stations)) + " 个联络站"
	}
	if areaName == "" {
		return "全部联络站"
	}
	return areaName + "全部联络站"
}

// consultationsList is the list page.
func (c *Console) consultationsList(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	page, ok := c.page(w, r, 50)
	if !ok {
		return
	}
	data := &consultationsView{Office: isOffice(p)}
	for _, s := range []string{consultations.StatusDraft, consultations.StatusOpen, consultations.StatusClosed, consultations.StatusReviewed} {
		data.Statuses = append(data.Statuses, actStatusOption{s, consultationStatus(s).Text})
	}
	v := view{Title: "立法征询", Nav: "consultations", Data: data}
	ctx := r.Context()
	if data.Office {
		rows, next, err := c.Consultations.List(ctx, p, consultations.Filter{Status: r.URL.Query().Get("status")}, page)
		if err != nil {
			if e, ok := fieldErrors(err); ok {
				v.Errors = e
				c.render(w, r, http.StatusBadRequest, "consultations.html", v)
				return
			}
			c.fail(w, r, err)
			return
		}
		for _, s := range rows {
			row := consultationRow{Summary: s, State: consultationStatus(s.Status)}
			row.Reach = reachText(s.AreaName, s.Stations)
			data.Rows = append(data.Rows, row)
		}
		data.Next = store.EncodeCursor(next)
	} else {
		at, err := c.openAtMyStations(ctx, p)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		data.AtMine = at
		if data.Reports, err = c.Consultations.Reports(ctx, p); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	c.render(w, r, http.StatusOK, "consultations.html", v)
}

// openAtMyStations are, for each of the caller's stations (the first page
// of them), the consultations open there.
func (c *Console) openAtMyStations(ctx context.Context, p *access.Principal) ([]stationConsultations, error) {
	choice, err := c.actStationChoice(ctx, p)
	if err != nil {
		return nil, err
	}
	out := []stationConsultations{}
	for _, st := range choice.List {
		if !st.Active {
			continue
		}
		open, err := c.Consultations.OpenAt(ctx, st.ID)
		if err != nil {
			return nil, err
		}
		if len(open) > 0 {
			out = append(out, stationConsultations{StationID: st.ID, StationName: st.Name, Open: open})
		}
	}
	return out, nil
}

package console

import (
	"net/http"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/consultations"
)

// consultationReportView is what a station passes on once the office has
// answered: the opinions taken there from people who left no way to reach
// them (a meeting's, a walk-in's without phone), each with its outcome and
// reason, to be read out or posted at the station and told to the deputies.
type consultationReportView struct {
	Stats    *consultations.Stats
	Stations []stationReport
}

type stationReport struct {
	Name     string
	Tally    consultations.Tally
	Opinions []passOnRow
}

type passOnRow struct {
	consultations.PassOn
	OutcomeName string
}

// consultationReport is the page (反馈转告单), printable. The office sees
// every station's; a station's staff their own stations'; ?station_id=
// narrows it to one. Before the review is finished, or for a caller of no
// station it reaches, it is not found.
func (c *Console) consultationReport(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	st, err := c.Consultations.Stats(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if st.Status != consultations.StatusReviewed {
		c.notFound(w, r)
		return
	}
	only, _ := strconv.ParseInt(r.URL.Query().Get("station_id"), 10, 64)
	v := &consultationReportView{Stats: st}
	for _, s := range st.Stations {
		if s.Station == nil || len(s.ToPassOn) == 0 || (only > 0 && s.Station.ID != only) {
			continue
		}
		sr := stationReport{Name: s.Station.Name, Tally: s.Tally}
		for _, o := range s.ToPassOn {
			row := passOnRow{PassOn: o}
			if o.Outcome != nil {
				row.OutcomeName = consultations.OutcomeName(*o.Outcome)
			}
			sr.Opinions = append(sr.Opinions, row)
		}
		v.Stations = append(v.Stations, sr)
	}
	c.render(w, r, http.StatusOK, "consultation_report.html", view{Title: st.Title + " · 采纳情况转告", Nav: "consultations", Data: v})
}

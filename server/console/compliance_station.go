package console

import (
	"net/http"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
)

// stationComplianceView is one station's rules and their periods for a year.
type stationComplianceView struct {
	*activities.Compliance
	Years   []int
	Rules   []stationRuleView
	Summary actLabel
}

type stationRuleView struct {
	Name    string
	Cycle   string
	Periods []periodView
}

type periodView struct {
	Name                      string
	Required, Held, Scheduled int
	State                     actLabel
}

// complianceStation is the drill-down of 履职规范: a station's periods,
// rule by rule (Activities.StationCompliance; another's station is 404).
func (c *Console) complianceStation(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "stationID")
	if !ok {
		c.notFound(w, r)
		return
	}
	year := complianceYear(r.URL.Query().Get("year"), c)
	sc, err := c.Activities.StationCompliance(r.Context(), p, id, year)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := &stationComplianceView{Compliance: sc, Years: complianceYears(c)}
	switch {
	case sc.PeriodsDue == 0:
		v.Summary = actLabel{"今年还没有到期的周期", ""}
	case sc.PeriodsMet == sc.PeriodsDue:
		v.Summary = actLabel{"到期的周期全部达标", "ok"}
	default:
		v.Summary = actLabel{"有周期未达标", "bad"}
	}
	for _, rc := range sc.Rules {
		rv := stationRuleView{Name: rc.KindName, Cycle: ruleCycle(rc.StationRule)}
		for _, pd := range rc.Periods {
			pv := periodView{Name: periodName(pd.Label), Required: pd.Required, Held: pd.Held, Scheduled: pd.Scheduled}
			switch {
			case pd.Met:
				pv.State = actLabel{"达标", "ok"}
			case pd.Ended:
				pv.State = actLabel{"未达标", "bad"}
			case pd.Held+pd.Scheduled >= pd.Required:
				pv.State = actLabel{"已安排", "info"}
			default:
				pv.State = actLabel{"尚未安排", "warn"}
			}
			rv.Periods = append(rv.Periods, pv)
		}
		v.Rules = append(v.Rules, rv)
	}
	c.render(w, r, http.StatusOK, "compliance_station.html", view{Title: sc.StationName + " · 履职规范", Nav: "compliance", Data: v})
}

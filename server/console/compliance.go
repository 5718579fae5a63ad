package console

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// complianceView is 履职规范: the stations of an area against the station
// rules of item 4, for a year.
type complianceView struct {
	Year     int
	Years    []int
	Area     string
	AreaName string
	// Parents lead back up to the caller's widest area; Children go down.
	Parents  []registry.Area
	Children []registry.Area
	Rules    []ruleHead
	Rows     []complianceRow
	Next     string
}

type ruleHead struct {
	Name     string
	FullName string
	Cycle    string
}

// ruleShortNames keep the table's headers to a few characters; the full
// name is the header's tooltip and the drill-down's heading.
var ruleShortNames = map[string]string{
	"reception_day": "代表接待日", "visit": "走访群众", "publicity": "宣讲活动", "study": "集中学习",
	"opinion_meeting": "民意征集会", "report_review": "述职评议", "survey": "依法行政调研", "satisfaction_review": "满意度测评",
}

type complianceRow struct {
	StationID int64
	Name      string
	Summary   actLabel
	Cells     []ruleCell
}

// ruleCell is one rule of one station: its ended periods met out of due,
// and how the current period stands.
type ruleCell struct {
	Met, Due int
	State    actLabel
	Now      string
}

// complianceList is 履职规范 for an area (?area=, default the caller's own)
// and a year (?year=, default this one).
func (c *Console) complianceList(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	q := r.URL.Query()
	year := complianceYear(q.Get("year"), c)
	area := q.Get("area")
	if area == "" {
		area = c.defaultComplianceArea(r, p)
	}
	page, ok := c.page(w, r, 50)
	if !ok {
		return
	}
	rows, next, err := c.Activities.AreaCompliance(r.Context(), p, area, year, page)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := &complianceView{Year: year, Years: complianceYears(c), Area: area, Next: store.EncodeCursor(next)}
	for _, rule := range c.Activities.Rules.StationRules {
		name := activities.KindName(rule.Kind)
		short := ruleShortNames[rule.Kind]
		if short == "" {
			short = name
		}
		v.Rules = append(v.Rules, ruleHead{Name: short, FullName: name, Cycle: ruleCycle(rule)})
	}
	for _, st := range rows {
		row := complianceRow{StationID: st.StationID, Name: st.StationName}
		for _, rc := range st.Rules {
			row.Cells = append(row.Cells, ruleCellOf(rc))
		}
		switch {
		case st.PeriodsDue == 0:
			row.Summary = actLabel{"尚无到期周期", ""}
		case st.PeriodsMet == st.PeriodsDue:
			row.Summary = actLabel{"全部达标", "ok"}
		default:
			row.Summary = actLabel{fmt.Sprintf("%d 个周期未达标", st.PeriodsDue-st.PeriodsMet), "bad"}
		}
		v.Rows = append(v.Rows, row)
	}
	if complianceStationsOnly(p) && q.Get("area") == "" {
		// Staff of some stations, not of an area: their stations, wherever they are.
		v.AreaName = "我负责的联络站"
	} else {
		c.areaTrail(r, v)
	}
	c.render(w, r, http.StatusOK, "compliance.html", view{Title: "履职规范", Nav: "compliance", Data: v})
}

// complianceStationsOnly reports whether the caller's scope is stations by id only.
func complianceStationsOnly(p *access.Principal) bool {
	sc := p.Scope()
	return !sc.All && len(sc.AreaPrefixes) == 0
}

// defaultComplianceArea is the area of the caller's first area grant, else
// the top of the divisions (the scope then keeps only the caller's stations).
func (c *Console) defaultComplianceArea(r *http.Request, p *access.Principal) string {
	for _, g := range p.Grants {
		if g.Role == access.RoleStaff && g.AreaCode != "" {
			return g.AreaCode
		}
	}
	if top, err := c.Registry.Areas(r.Context(), ""); err == nil && len(top) > 0 {
		return top[0].Code
	}
	return "450000"
}

// areaTrail fills the area's name, the way up and the areas below it.
func (c *Console) areaTrail(r *http.Request, v *complianceView) {
	if kids, err := c.Registry.Areas(r.Context(), v.Area); err == nil {
		v.Children = kids
	}
	// Walk up by parent codes: a county's city, the city's province.
	code := v.Area
	for i := 0; i < 4 && code != ""; i++ {
		name, parent := c.areaOf(r, code)
		if name == "" {
			break
		}
		if i == 0 {
			v.AreaName = name
		} else {
			v.Parents = append([]registry.Area{{Code: code, Name: name}}, v.Parents...)
		}
		code = parent
	}
	if v.AreaName == "" {
		v.AreaName = v.Area
	}
}

// areaOf is the name and parent of an area, found among its parent's
// children (the registry's public area list).
func (c *Console) areaOf(r *http.Request, code string) (name, parent string) {
	for _, guess := range parentGuesses(code) {
		kids, err := c.Registry.Areas(r.Context(), guess)
		if err != nil {
			continue
		}
		for _, a := range kids {
			if a.Code == code {
				p := ""
				if a.ParentCode != nil {
					p = *a.ParentCode
				}
				return a.Name, p
			}
		}
	}
	return "", ""
}

// parentGuesses are the codes an area's parent may have (GB/T 2260: a
// township's county is its first six digits; a county's city ends in 00; a
// city's province in 0000), the top level last.
func parentGuesses(code string) []string {
	switch {
	case len(code) == 9:
		return []string{code[:6]}
	case len(code) == 6 && strings.HasSuffix(code, "0000"):
		return []string{""}
	case len(code) == 6 && strings.HasSuffix(code, "00"):
		return []string{code[:2] + "0000"}
	case len(code) == 6:
		return []string{code[:4] + "00", code[:2] + "0000"}
	}
	return nil
}

func ruleCellOf(rc activities.RuleCompliance) ruleCell {
	cell := ruleCell{}
	var current actLabel
	for _, p := range rc.Periods {
		if p.Ended {
			cell.Due++
			if p.Met {
				cell.Met++
			}
			continue
		}
		if current.Text != "" {
			continue
		}
		switch {
		case p.Met:
			current = actLabel{"本期已达标", "ok"}
		case p.Held+p.Scheduled >= p.Required:
			current = actLabel{"本期已安排", "info"}
		default:
			current = actLabel{fmt.Sprintf("本期 %d/%d", p.Held, p.Required), "warn"}
		}
	}
	switch {
	case cell.Due == 0 && current.Text == "":
		cell.State = actLabel{"—", ""}
	case cell.Due == 0:
		cell.State = current
	case cell.Met == cell.Due:
		cell.State, cell.Now = actLabel{fmt.Sprintf("达标 %d/%d", cell.Met, cell.Due), "ok"}, current.Text
	default:
		cell.State, cell.Now = actLabel{fmt.Sprintf("达标 %d/%d", cell.Met, cell.Due), "bad"}, current.Text
	}
	return cell
}

// ruleCycle says a rule in words: 每月至少 1 次.
func ruleCycle(r activities.StationRule) string {
	cycle := map[string]string{"month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年"}[r.Period]
	return fmt.Sprintf("%s至少 %d 次", cycle, r.AtLeast)
}

// periodName is a period's label in words: 2026-03 → 3月, 2026-Q1 → 第一季度.
func periodName(label string) string {
	_, rest, found := strings.Cut(label, "-")
	if !found {
		return "全年"
	}
	switch rest {
	case "Q1":
		return "第一季度"
	case "Q2":
		return "第二季度"
	case "Q3":
		return "第三季度"
	case "Q4":
		return "第四季度"
	case "H1":
		return "上半年"
	case "H2":
		return "下半年"
	}
	if m, err := strconv.Atoi(rest); err == nil {
		return strconv.Itoa(m) + "月"
	}
	return label
}

func complianceYear(v string, c *Console) int {
	now := c.Clock.Now().In(clock.Shanghai).Year()
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > now+1 {
		return now
	}
	return y
}

// complianceYears are the years the selector offers: this one and the five before.
func complianceYears(c *Console) []int {
	now := c.Clock.Now().In(clock.Shanghai).Year()
	out := []int{}
	for y := now; y >= now-5; y-- {
		out = append(out, y)
	}
	return out
}

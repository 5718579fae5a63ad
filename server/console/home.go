package console

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/store"
)

// homePage is the 工作台 of the caller's area for a period.
type homePage struct {
	Period     string // what the figures cover, in words
	Preset     string // month, quarter, year, or "" for from/to
	From, To   string // the period's first and last day (2024-01-31)
	Stats      *messages.Stats
	Acceptance *messages.Acceptance
	Figures    []figure
	Trend      any
	Places     any
	PlacesBy   string
	Categories any
	// NoCategories: the area is too wide to count by category here.
	NoCategories bool
	Overdue      []messageRow
	MoreOverdue  bool
	Behind       []behindStation
	Activities   []activities.Activity
	Year         int
}

type figure struct {
	Label, Value, Hint, Link string
}

type behindStation struct {
	ID         int64
	Name       string
	Due, Met   int
	MissedText string
}

// home is the 工作台: the period's figures of the caller's area, the
// monthly trend, by place and by category, the overdue messages, the
// stations behind their cadence and the next activities.
func (c *Console) home(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	now := c.Clock.Now().In(clock.Shanghai)
	q := r.URL.Query()
	data := homePage{Year: now.Year()}
	f, errs := homePeriod(q, now, &data)
	if len(errs) > 0 {
		c.render(w, r, http.StatusBadRequest, "home.html", view{Title: "工作台", Nav: "home", Errors: errs, Data: data})
		return
	}
	ctx := r.Context()
	st, err := c.Messages.Stats(ctx, p, f)
	if fe, ok := fieldErrors(err); ok {
		c.render(w, r, http.StatusBadRequest, "home.html", view{Title: "工作台", Nav: "home", Errors: fe, Data: data})
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data.Stats = st
	if data.Acceptance, err = c.Messages.AcceptanceDue(ctx, p, f, st); err != nil {
		c.fail(w, r, err)
		return
	}
	data.Figures = figures(st, data.Acceptance, data.From, data.To)
	trend, err := c.Messages.MonthlyTrend(ctx, p, f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data.Trend = trendChart(trend)
	bd, err := c.Messages.Breakdown(ctx, p, f, 12)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data.PlacesBy = "按联络站"
	if bd.By == "county" {
		data.PlacesBy = "按县（市、区）"
	}
	if len(bd.Places) > 0 {
		data.Places = barChart(bd.Places, "#b71c1c")
	}
	if bd.Categories == nil {
		data.NoCategories = true
	} else if len(bd.Categories) > 0 {
		data.Categories = barChart(bd.Categories, "#1d5bbf")
	}

	overdue, next, err := c.Messages.Inbox(ctx, p, messages.Filter{Overdue: true}, store.Page{Limit: 8})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for _, m := range overdue {
		data.Overdue = append(data.Overdue, rowOf(m))
	}
	data.MoreOverdue = !next.IsZero()
	data.Behind = c.behind(r, p, now.Year())
	data.Activities = c.nextActivities(r, p)
	c.render(w, r, http.StatusOK, "home.html", view{Title: "工作台", Nav: "home", Data: data})
}

// homePeriod reads ?period=month|quarter|year or ?from=&to= (dates, to
// inclusive); the default is the year so far.
func homePeriod(q url.Values, now time.Time, data *homePage) (messages.StatsFilter, map[string]string) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, clock.Shanghai)
	tomorrow := today.AddDate(0, 0, 1)
	var from, to time.Time
	fe := apperr.FieldErrors{}
	switch {
	case q.Get("from") != "" || q.Get("to") != "":
		from, to = period(q, fe)
		if from.IsZero() && len(fe) == 0 {
			from = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, clock.Shanghai)
		}
		if to.IsZero() {
			to = tomorrow
		}
		if len(fe) == 0 && !to.After(from) {
			fe.Add("to", "结束日期须晚于开始日期")
		}
	case q.Get("period") == "month":
		data.Preset = "month"
		from, to = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, clock.Shanghai), tomorrow
	case q.Get("period") == "quarter":
		data.Preset = "quarter"
		from, to = time.Date(now.Year(), ((now.Month()-1)/3)*3+1, 1, 0, 0, 0, 0, clock.Shanghai), tomorrow
	default:
		data.Preset = "year"
		from, to = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, clock.Shanghai), tomorrow
	}
	if len(fe) > 0 {
		return messages.StatsFilter{}, fe
	}
	last := to.AddDate(0, 0, -1)
	data.From, data.To = from.Format(time.DateOnly), last.Format(time.DateOnly)
	data.Period = fmt.Sprintf("%s 至 %s", from.Format("2006年1月2日"), last.Format("2006年1月2日"))
	switch data.Preset {
	case "month":
		data.Period = fmt.Sprintf("本月（%d月1日至%d月%d日）", now.Month(), now.Month(), now.Day())
	case "quarter":
		data.Period = fmt.Sprintf("本季度（%d月1日至%d月%d日）", from.Month(), now.Month(), now.Day())
	case "year":
		data.Period = fmt.Sprintf("%d年（1月1日至%d月%d日）", now.Year(), now.Month(), now.Day())
	}
	return messages.StatsFilter{From: from.UTC(), To: to.UTC()}, nil
}

func count(n int) string { return fmt.Sprintf("%d", n) }

func pct(r *float64) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", *r*100)
}

// figures are the five numbers of the period, each said in plain words.
func figures(st *messages.Stats, acc *messages.Acceptance, from, to string) []figure {
	period := "?from=" + from + "&to=" + to
	return []figure{
		{Label: "收到留言", Value: count(st.Received) + " 条",
			Hint: fmt.Sprintf("群众提交和代为录入的，其中不予受理 %d 条", st.Rejected), Link: "/console/messages" + period},
		{Label: "按时受理率", Value: pct(acc.Rate),
			Hint: fmt.Sprintf("已到受理期限的 %d 条中，%d 条在 3 个工作日内受理", acc.Due, acc.OnTime)},
		{Label: "已答复", Value: count(st.Replied) + " 条",
			Hint: fmt.Sprintf("已受理 %d 条；按时答复 %d 条（15 个工作日内）", st.Accepted, st.RepliedOnTime)},
		{Label: "已解决", Value: count(st.Resolved) + " 条",
			Hint: fmt.Sprintf("解决率 %s：群众评价满意、基本满意或确认承诺已落实的，占已答复的比例", pct(st.ResolutionRate))},
		{Label: "满意率", Value: pct(st.SatisfactionRate),
			Hint: fmt.Sprintf("%d 人评价：满意 %d，基本满意 %d，不满意 %d", st.Rated, st.Satisfied, st.BasicallySatisfied, st.Unsatisfied)},
	}
}

// trendChart is the ECharts option of the monthly trend.
func trendChart(months []messages.MonthCount) map[string]any {
	labels := make([]string, len(months))
	received, replied, resolved := make([]int, len(months)), make([]int, len(months)), make([]int, len(months))
	for i, m := range months {
		t, _ := time.Parse("2006-01", m.Month)
		labels[i] = fmt.Sprintf("%d月", t.Month())
		if len(months) > 12 || (i > 0 && t.Month() == 1) || i == 0 {
			labels[i] = fmt.Sprintf("%d年%d月", t.Year(), t.Month())
		}
		received[i], replied[i], resolved[i] = m.Received, m.Replied, m.Resolved
	}
	return map[string]any{
		"color":   []string{"#b71c1c", "#1d5bbf", "#1e7b34"},
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"top": 0},
		"grid":    map[string]any{"left": 40, "right": 16, "top": 36, "bottom": 28, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": labels},
		"yAxis":   map[string]any{"type": "value", "minInterval": 1, "name": "条"},
		"series": []map[string]any{
			{"name": "收到", "type": "bar", "data": received, "barMaxWidth": 28},
			{"name": "已答复", "type": "line", "data": replied},
			{"name": "已解决", "type": "line", "data": resolved},
		},
	}
}

// barChart is a horizontal bar chart of parts, the largest on top.
func barChart(parts []messages.PartCount, color string) map[string]any {
	names, values := make([]string, len(parts)), make([]int, len(parts))
	for i, p := range parts {
		j := len(parts) - 1 - i
		names[j], values[j] = p.Name, p.Received
	}
	return map[string]any{
		"color":   []string{color},
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 8, "right": 40, "top": 8, "bottom": 8, "containLabel": true},
		"xAxis":   map[string]any{"type": "value", "minInterval": 1},
		"yAxis":   map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"width": 130, "overflow": "truncate"}},
		"series": []map[string]any{{"name": "收到留言", "type": "bar", "data": values, "barMaxWidth": 18,
			"label": map[string]any{"show": true, "position": "right"}}},
	}
}

// behind are stations of the caller's area behind their cadence this year:
// a period of a rule ended without the activities it asks for (the first
// page of the area's stations; the 履职规范 page has them all).
func (c *Console) behind(r *http.Request, p *access.Principal, year int) []behindStation {
	area := ""
	for _, g := range p.Grants {
		if g.Role == access.RoleStaff && g.AreaCode != "" {
			area = g.AreaCode
			break
		}
	}
	if area == "" {
		top, err := c.Registry.Areas(r.Context(), "")
		if err != nil || len(top) == 0 {
			c.logErr(r.Context(), "console: top areas", err)
			return nil
		}
		area = top[0].Code
	}
	list, _, err := c.Activities.AreaCompliance(r.Context(), p, area, year, store.Page{Limit: 50})
	if err != nil {
		c.logErr(r.Context(), "console: compliance for the 工作台", err)
		return nil
	}
	var out []behindStation
	for _, s := range list {
		if s.PeriodsMet >= s.PeriodsDue {
			continue
		}
		var missed []string
		for _, rule := range s.Rules {
			n := 0
			for _, per := range rule.Periods {
				if per.Ended && !per.Met {
					n++
				}
			}
			if n > 0 {
				missed = append(missed, fmt.Sprintf("%s %d 期", rule.KindName, n))
			}
		}
		text := ""
		for i, m := range missed {
			if i > 0 {
				text += "、"
			}
			text += m
		}
		out = append(out, behindStation{ID: s.StationID, Name: s.StationName, Due: s.PeriodsDue, Met: s.PeriodsMet, MissedText: text})
		if len(out) == 6 {
			break
		}
	}
	return out
}

// nextActivities are the published activities starting from now, soonest first.
func (c *Console) nextActivities(r *http.Request, p *access.Principal) []activities.Activity {
	list, _, err := c.Activities.List(r.Context(), p, activities.ListFilter{Status: activities.StatusPublished, From: c.Clock.Now()},
		store.Page{Limit: 30})
	if err != nil {
		c.logErr(r.Context(), "console: next activities", err)
		return nil
	}
	slices.SortFunc(list, func(a, b activities.Activity) int { return a.StartAt.Compare(b.StartAt) })
	if len(list) > 5 {
		list = list[:5]
	}
	return list
}

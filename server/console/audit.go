package console

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// auditKinds are the kinds of things the log names (the subject's
// "kind:id"), in words, and the action prefixes the filter offers.
var auditKinds = []struct{ Kind, Name, Prefix string }{
	{"station", "联络站", "station."},
	{"deputy", "代表", "deputy."},
	{"group", "代表小组", "group."},
	{"unit", "承办单位", "unit."},
	{"message", "留言", "message."},
	{"activity", "活动", "activity."},
	{"notification", "通知", "notification."},
	{"invite", "邀请码", "invite."},
	{"user", "用户", "user."},
	{"import", "导入批次", ""},
	{"", "登录", "signin."},
}

type auditPage struct {
	Entries []auditRow
	Next    string
	// Kinds and Actions are the choices of the action filter.
	Kinds   []option
	Actions []option
	// Export is the export's address with the page's filter.
	Export string
}

type auditRow struct {
	audit.Entry
	// Subject in words and the console page of the thing ("" when none).
	SubjectName string
	SubjectLink string
}

// auditFilter reads ?actor=&action=&subject=&from=&to= (dates in
// Asia/Shanghai, to inclusive).
func auditFilter(q url.Values) (audit.Filter, map[string]string) {
	fe := apperr.FieldErrors{}
	f := audit.Filter{Action: strings.TrimSpace(q.Get("action")), Subject: strings.TrimSpace(q.Get("subject"))}
	if s := strings.TrimSpace(q.Get("actor")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("actor", "操作人应为用户编号（数字）")
		}
		f.Actor = id
	}
	day := func(k string) time.Time {
		s := strings.TrimSpace(q.Get(k))
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(time.DateOnly, s, clock.Shanghai)
		if err != nil || !clock.Sane(t) {
			fe.Add(k, "日期格式应为 2024-01-31")
			return time.Time{}
		}
		return t
	}
	f.From = day("from")
	if to := day("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		fe.Add("to", "结束日期不能早于开始日期")
	}
	if len(fe) > 0 {
		return f, fe
	}
	return f, nil
}

// auditList is the audit log, newest first, 50 a page, filtered by the URL.
func (c *Console) auditList(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	q := r.URL.Query()
	out := &auditPage{Export: "/console/audit/export"}
	out.Kinds, out.Actions = auditChoices(q.Get("action"))
	f, fe := auditFilter(q)
	if fe != nil {
		c.render(w, r, http.StatusBadRequest, "audit.html", view{Title: "操作日志", Nav: "audit", Errors: fe, Data: out})
		return
	}
	page, ok := c.page(w, r, 50)
	if !ok {
		return
	}
	entries, next, err := c.Audit.List(r.Context(), p, f, page)
	if err != nil {
		if fe, ok := fieldErrors(err); ok {
			c.render(w, r, http.StatusBadRequest, "audit.html", view{Title: "操作日志", Nav: "audit", Errors: fe, Data: out})
			return
		}
		c.fail(w, r, err)
		return
	}
	out.Next = store.EncodeCursor(next)
	if out.Entries, err = c.auditRows(r.Context(), entries); err != nil {
		c.fail(w, r, err)
		return
	}
	if e := exportQuery(q).Encode(); e != "" {
		out.Export += "?" + e
	}
	c.render(w, r, http.StatusOK, "audit.html", view{Title: "操作日志", Nav: "audit", Data: out})
}

// exportQuery is the page's filter without its cursor.
func exportQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"actor", "action", "subject", "from", "to"} {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

// auditChoices are the action filter's choices: kinds (prefixes), then
// every action by its Chinese name; v is the chosen one.
func auditChoices(v string) (kinds, actions []option) {
	for _, k := range auditKinds {
		if k.Prefix != "" {
			kinds = append(kinds, option{Value: k.Prefix, Label: "全部" + k.Name + "操作", Selected: k.Prefix == v})
		}
	}
	for _, a := range audit.Actions() {
		actions = append(actions, option{Value: a, Label: audit.Label(a), Selected: a == v})
	}
	return kinds, actions
}

// auditRows name each row's subject, and link it to its page when the
// console has one: stations and deputies by name (two queries a page).
func (c *Console) auditRows(ctx context.Context, entries []audit.Entry) ([]auditRow, error) {
	var stations, deputies []int64
	for _, e := range entries {
		kind, id := splitSubject(e.Subject)
		switch kind {
		case "station":
			stations = append(stations, id)
		case "deputy":
			deputies = append(deputies, id)
		}
	}
	stationNames, err := c.Registry.StationRefs(ctx, stations)
	if err != nil {
		return nil, err
	}
	deputyNames, err := c.Registry.PublicDeputies(ctx, deputies)
	if err != nil {
		return nil, err
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		// Summaries are masked when written; masked again for rows written before that.
		e.Summary = pii.MaskPhones(e.Summary)
		row := auditRow{Entry: e, SubjectName: e.Subject}
		kind, id := splitSubject(e.Subject)
		if id > 0 {
			n := itoa(id)
			for _, k := range auditKinds {
				if k.Kind == kind && k.Kind != "" {
					row.SubjectName = k.Name + " " + n
				}
			}
			switch kind {
			case "station":
				row.SubjectLink = "/console/stations/" + n
				if ref, ok := stationNames[id]; ok {
					row.SubjectName = "联络站：" + ref.Name
				}
			case "deputy":
				row.SubjectLink = "/console/deputies/" + n
				if d, ok := deputyNames[id]; ok {
					row.SubjectName = "代表：" + d.Name
				}
			case "message":
				row.SubjectLink = "/console/messages/" + n
			case "activity":
				row.SubjectLink = "/console/activities/" + n
			case "import":
				row.SubjectLink = "/console/imports/" + n
			case "user":
				// The console has no page per user: their own operations.
				row.SubjectLink = "/console/audit?actor=" + n
			}
		}
		rows[i] = row
	}
	return rows, nil
}

// splitSubject reads "station:12" as ("station", 12); anything else as ("", 0).
func splitSubject(s string) (string, int64) {
	kind, n, ok := strings.Cut(s, ":")
	if !ok {
		return "", 0
	}
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil || id <= 0 {
		return "", 0
	}
	return kind, id
}

// auditExport is the rows of the page's filter as an Excel workbook.
func (c *Console) auditExport(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	f, fe := auditFilter(r.URL.Query())
	if fe != nil {
		for _, m := range fe {
			c.renderError(w, r, http.StatusBadRequest, m)
			return
		}
	}
	data, err := c.Audit.Export(r.Context(), p, f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="audit.xlsx"; filename*=UTF-8''`+url.PathEscape("操作日志.xlsx"))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

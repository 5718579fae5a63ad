package console

import (
	"net/http"
	"net/url"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// messagesPage is the inbox: a page of messages of the filter in the URL.
type messagesPage struct {
	Rows       []messageRow
	Next       string
	Statuses   []choice
	Categories []choice
	// Stations are the caller's stations for the filter; Many is set when
	// there are more than a select can hold (then the filter is a number).
	Stations []choice
	Many     bool
	Filtered bool
	Export   string
}

// messageRow is a message as a row of the table.
type messageRow struct {
	messages.Message
	StatusLabel   string
	Badge         string
	CategoryLabel string
	// Excerpt is the content cut to what a table row holds.
	Excerpt string
}

// HandedTag says who handed a message written to a deputy to the station's
// staff: the deputy (代表已转交), or the deadline (逾期自动转交); "" when
// it was not handed over.
func (r messageRow) HandedTag() string {
	switch {
	case r.HandedOverAt == nil:
		return ""
	case r.HandedOverLate:
		return "逾期自动转交"
	}
	return "代表已转交"
}

func rowOf(m messages.Message) messageRow {
	return messageRow{Message: m, StatusLabel: statusWords(m.Status), Badge: statusBadge(m.Status, m.Overdue), CategoryLabel: categoryWords(m.Category),
		Excerpt: excerpt(m.Content, 60)}
}

// inboxFilter is the filter of the URL: status, station, category,
// overdue, from/to (dates, to inclusive), code, addressee (a deputy's id).
func inboxFilter(q url.Values) (messages.Filter, apperr.FieldErrors) {
	fe := apperr.FieldErrors{}
	f := messages.Filter{Status: q.Get("status"), StationID: positiveID(q.Get("station_id")), Category: q.Get("category"),
		Overdue: q.Get("overdue") == "1" || q.Get("overdue") == "true", Code: q.Get("code"), Addressee: positiveID(q.Get("addressee"))}
	f.From, f.To = period(q, fe)
	if q.Get("station_id") != "" && f.StationID == 0 {
		fe.Add("station_id", "联络站编号无效")
	}
	if q.Get("addressee") != "" && f.Addressee == 0 {
		fe.Add("addressee", "代表编号无效")
	}
	return f, fe
}

func (c *Console) messagesList(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	q := r.URL.Query()
	data := messagesPage{Statuses: messageStatuses, Categories: categoryChoices(), Rows: []messageRow{}}
	data.Stations, data.Many = c.stationChoices(r, p)
	f, fe := inboxFilter(q)
	data.Filtered = f != (messages.Filter{})
	eq := url.Values{}
	for k, v := range q {
		if k != "cursor" {
			eq[k] = v
		}
	}
	data.Export = "/console/messages/export?" + eq.Encode()
	if len(fe) > 0 {
		c.render(w, r, http.StatusBadRequest, "messages.html", view{Title: "群众留言", Nav: "messages", Errors: fe, Data: data})
		return
	}
	page, ok := c.page(w, r, messagesPerPage)
	if !ok {
		return
	}
	list, next, err := c.Messages.Inbox(r.Context(), p, f, page)
	if fe, ok := fieldErrors(err); ok {
		c.render(w, r, http.StatusBadRequest, "messages.html", view{Title: "群众留言", Nav: "messages", Errors: fe, Data: data})
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for _, m := range list {
		data.Rows = append(data.Rows, rowOf(m))
	}
	data.Next = store.EncodeCursor(next)
	c.render(w, r, http.StatusOK, "messages.html", view{Title: "群众留言", Nav: "messages", Data: data})
}

// stationChoices are the stations in the caller's scope for a select, and
// whether there are more than one page of them.
func (c *Console) stationChoices(r *http.Request, p *access.Principal) ([]choice, bool) {
	list, next, err := c.Registry.Stations(r.Context(), p, registry.StationFilter{}, store.Page{Limit: 100})
	if err != nil {
		c.logErr(r.Context(), "console: stations for a filter", err)
		return nil, true
	}
	out := make([]choice, len(list))
	for i, s := range list {
		out[i] = choice{Value: itoa(s.ID), Label: s.Name}
	}
	return out, !next.IsZero()
}

// messagesExport streams the Excel of the inbox's filter (every page of it).
func (c *Console) messagesExport(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	f, fe := inboxFilter(r.URL.Query())
	if err := fe.Err(); err != nil {
		c.fail(w, r, err)
		return
	}
	name := "群众留言-" + c.Clock.Now().In(clock.Shanghai).Format("20060102-1504") + ".xlsx"
	out := &lazyDownload{w: w, name: name, kind: xlsxType}
	if err := c.Messages.ExportTo(r.Context(), p, f, out); err != nil {
		if out.started {
			c.logErr(r.Context(), "console: export messages", err)
			return
		}
		c.fail(w, r, err)
	}
}

// lazyDownload sends the download's headers with its first bytes, so that
// an error before them can still be shown as a page.
type lazyDownload struct {
	w       http.ResponseWriter
	name    string
	kind    string
	started bool
}

func (d *lazyDownload) Write(b []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.w.Header()
		h.Set("Content-Type", d.kind)
		h.Set("Content-Disposition", contentDisposition("messages.xlsx", d.name))
		d.w.WriteHeader(http.StatusOK)
	}
	return d.w.Write(b)
}

// excerpt is text cut to n characters, with an ellipsis when cut.
func excerpt(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n]) + "…"
}

// messagesPerPage is the inbox's page, as the API's: a county's inbox
// filtered by a rare status walks its messages newest first until the page
// is full, and 20 keeps that walk within the 100 ms a list may take on a
// province's million messages (BenchmarkConsoleProvince).
const messagesPerPage = 20

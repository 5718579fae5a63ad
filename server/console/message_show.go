package console

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// messagePage is one message with its photos, timeline and the handling
// steps its status allows.
type messagePage struct {
	M           messageRow
	Photos      []string
	Timeline    []timelineStep
	Actions     []choice
	Deputies    []choice
	Units       []choice
	DeputyName  string
	UnitName    string
	RatingLabel string
	// PromiseState says whether the author confirmed the promise kept.
	PromiseState string
	// Open is the action whose form was sent and came back with errors.
	Open string
}

type timelineStep struct {
	At    any
	Label string
	Note  string
}

func (c *Console) messageShow(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	c.showMessage(w, r, p, id, http.StatusOK, nil, nil)
}

// showMessage renders the message page; a form sent back with errors is
// shown again with what was typed (status 400, or 409 for a step the
// message's state no longer allows).
func (c *Console) showMessage(w http.ResponseWriter, r *http.Request, p *access.Principal, id int64, status int, errs map[string]string, form url.Values) {
	m, err := c.Messages.Get(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data := messagePage{M: rowOf(*m), Photos: []string{}}
	for _, img := range m.Images {
		data.Photos = append(data.Photos, "/console/messages/photos/"+itoa(img.ID))
	}
	for _, e := range m.Timeline {
		label := eventWords(e.Action)
		if e.Action == messages.ActionHandOver && m.HandedOverLate && e.Note == messages.LateHandOverNote {
			label = "逾期自动转交联络站办理" // by the deadline, not by the deputy
		}
		data.Timeline = append(data.Timeline, timelineStep{At: e.At, Label: label, Note: e.Note})
	}
	if m.Rating != nil {
		data.RatingLabel = ratingLabels[*m.Rating]
	}
	switch {
	case m.Fulfilled != nil && *m.Fulfilled:
		data.PromiseState = "群众确认已落实。"
	case m.Fulfilled != nil:
		data.PromiseState = "群众反映尚未落实。"
	case m.PromiseDueAt != nil:
		data.PromiseState = "到期那天会询问群众是否已经落实。"
	}
	allowed := m.Actions // what this reader may do now, as the API says it
	for _, a := range allowed {
		data.Actions = append(data.Actions, choice{Value: a, Label: actionLabels[a]})
	}
	needDeputies := m.DeputyID != nil || contains(allowed, messages.ActionAssign)
	needUnits := m.UnitID != nil || contains(allowed, messages.ActionTransfer)
	if needDeputies {
		list, _, err := c.Registry.Deputies(r.Context(), p, registry.DeputyFilter{StationID: m.StationID}, store.Page{Limit: 100})
		if err != nil {
			c.logErr(r.Context(), "console: the station's deputies", err)
		}
		for _, d := range list {
			if m.DeputyID != nil && *m.DeputyID == d.ID {
				data.DeputyName = d.Name
			}
			if d.Active {
				data.Deputies = append(data.Deputies, choice{Value: itoa(d.ID), Label: d.Name})
			}
		}
		if m.DeputyID != nil && data.DeputyName == "" {
			data.DeputyName = "代表（编号 " + itoa(*m.DeputyID) + "）"
		}
	}
	if needUnits {
		list, _, err := c.Registry.Units(r.Context(), p, registry.UnitFilter{}, store.Page{Limit: 100})
		if err != nil {
			c.logErr(r.Context(), "console: units", err)
		}
		for _, u := range list {
			if m.UnitID != nil && *m.UnitID == u.ID {
				data.UnitName = u.Name
			}
			data.Units = append(data.Units, choice{Value: itoa(u.ID), Label: u.Name})
		}
		if m.UnitID != nil && data.UnitName == "" {
			data.UnitName = "承办单位（编号 " + itoa(*m.UnitID) + "）"
		}
	}
	if form != nil {
		data.Open = form.Get("action")
	}
	c.render(w, r, status, "message.html", view{Title: "留言 " + m.Code, Nav: "messages", Errors: errs, Form: form, Data: data})
}

// messagePhoto serves a photo of a message the caller may see (else 404).
func (c *Console) messagePhoto(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, err := strconv.ParseInt(r.PathValue("photo"), 10, 64)
	if err != nil || id <= 0 {
		c.notFound(w, r)
		return
	}
	data, kind, err := c.Messages.Photo(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", kind)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(data)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

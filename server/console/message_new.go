package console

import (
	"net/http"
	"net/url"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/messages"
)

// walkInPage is the form of a walk-in's or caller's message (代录).
type walkInPage struct {
	Stations   []choice
	Many       bool
	Categories []choice
}

// messageNew shows the walk-in form.
func (c *Console) messageNew(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	c.walkInForm(w, r, p, http.StatusOK, nil, url.Values{"station_id": {r.URL.Query().Get("station_id")}})
}

func (c *Console) walkInForm(w http.ResponseWriter, r *http.Request, p *access.Principal, status int, errs map[string]string, form url.Values) {
	data := walkInPage{Categories: categoryChoices()}
	data.Stations, data.Many = c.stationChoices(r, p)
	c.render(w, r, status, "message_new.html", view{Title: "代群众录入留言", Nav: "messages", Errors: errs, Form: form, Data: data})
}

// messageCreate stores the message (Messages.SubmitWalkIn) for a station in
// the caller's scope; without the person's consent nothing is stored.
func (c *Console) messageCreate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	if err := r.ParseForm(); err != nil {
		c.walkInForm(w, r, p, http.StatusBadRequest, map[string]string{"": "表单无效，请重试"}, nil)
		return
	}
	f := r.PostForm
	station := positiveID(f.Get("station_id"))
	if station == 0 {
		c.walkInForm(w, r, p, http.StatusBadRequest, map[string]string{"station_id": "请选择联络站"}, f)
		return
	}
	in := messages.Input{Category: f.Get("category"), Content: f.Get("content"),
		OnBehalf: &messages.OnBehalf{Name: f.Get("name"), Phone: f.Get("phone"), Consent: f.Get("consent") == "1",
			PublishConsent: f.Get("publish_consent") == "1"}}
	created, err := c.Messages.SubmitWalkIn(r.Context(), p, station, in)
	if fe, ok := fieldErrors(err); ok {
		c.walkInForm(w, r, p, http.StatusBadRequest, fe, f)
		return
	}
	if err != nil && apperr.From(err).Kind == apperr.KindNotFound {
		c.walkInForm(w, r, p, http.StatusBadRequest, map[string]string{"station_id": "联络站不存在，或不在您负责的范围内"}, f)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/messages/"+itoa(created.ID), "已录入，查询码 "+created.Code+"。群众留了手机号的，会收到短信。")
}

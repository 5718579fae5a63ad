package console

import (
	"net/http"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
)

// messageHandle takes one handling step (Messages.Handle, the same as POST
// /api/v1/admin/messages/{id}/transitions). A step the message's state does
// not allow (any more) is refused with the capability's words and changes
// nothing; field errors are shown beside the step's fields.
func (c *Console) messageHandle(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		c.showMessage(w, r, p, id, http.StatusBadRequest, map[string]string{"": "表单无效，请重试"}, nil)
		return
	}
	f := r.PostForm
	t := messages.Transition{Action: f.Get("action"), DeputyID: positiveID(f.Get("deputy_id")), UnitID: positiveID(f.Get("unit_id")),
		Reply: f.Get("reply"), Reason: f.Get("reason"), Promise: f.Get("promise"), Note: f.Get("note")}
	fe := apperr.FieldErrors{}
	if v := strings.TrimSpace(f.Get("due_at")); v != "" {
		d, err := time.ParseInLocation(time.DateOnly, v, clock.Shanghai)
		if err != nil {
			fe.Add("due_at", "日期格式应为 2024-01-31")
		} else {
			// The day, at the start of office hours, as the mini program sends it.
			d = d.Add(9 * time.Hour)
			t.DueAt = &d
		}
	}
	if len(fe) > 0 {
		c.showMessage(w, r, p, id, http.StatusBadRequest, fe, f)
		return
	}
	m, err := c.Messages.Handle(r.Context(), p, id, t)
	if fe, ok := fieldErrors(err); ok {
		c.showMessage(w, r, p, id, http.StatusBadRequest, fe, f)
		return
	}
	if e := apperr.From(err); err != nil && (e.Kind == apperr.KindConflict || e.Kind == apperr.KindForbidden) {
		c.showMessage(w, r, p, id, e.Kind.Status(), map[string]string{"": e.Message + "。页面已刷新为最新状态，请查看后再办理。"}, nil)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	flash := "已" + actionLabels[t.Action] + "。"
	for _, warning := range m.Warnings {
		flash += warning + "。"
	}
	c.redirect(w, r, "/console/messages/"+itoa(id), flash)
}

// messageUnpublish takes the message off its station's public page
// (Messages.SetPublish with publish false, as POST /api/v1/messages/{id}/publish).
func (c *Console) messageUnpublish(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	withdraw := false
	if _, err := c.Messages.SetPublish(r.Context(), p, id, messages.PublishInput{Publish: &withdraw}); err != nil {
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/messages/"+itoa(id), "已撤下公开答复，联络站页面不再显示这条留言。")
}

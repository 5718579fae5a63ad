package console

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
)

// activityPublish publishes a draft: the capability resolves the invitees
// and creates the notices to them and to their employers.
func (c *Console) activityPublish(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if _, err := c.Activities.Publish(r.Context(), p, id); err != nil {
		c.activityActionFailed(w, r, p, id, err)
		return
	}
	flash := "活动已发布，通知正在发出。"
	if au, err := c.Activities.Audience(r.Context(), p, id); err == nil {
		flash = fmt.Sprintf("活动已发布：正在通知 %d 位代表，并给 %d 个代表所在单位发送履职时间保障通知。", au.Deputies, au.Employers)
	}
	c.redirect(w, r, activityPath(id), flash)
}

// activityCancel cancels an activity with a reason; a published one sends
// cancel notices (the capability does it).
func (c *Console) activityCancel(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	before, err := c.Activities.Get(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if _, err := c.Activities.Cancel(r.Context(), p, id, r.PostForm.Get("reason")); err != nil {
		c.activityActionFailed(w, r, p, id, err)
		return
	}
	flash := "活动已取消。"
	if before.Status == activities.StatusPublished {
		flash = "活动已取消，取消通知正在发给受邀代表及其单位。"
	}
	c.redirect(w, r, activityPath(id), flash)
}

// activityAttendance checks an invited deputy in by hand, with a note.
func (c *Console) activityAttendance(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	deputyID, err := strconv.ParseInt(r.PostForm.Get("deputy_id"), 10, 64)
	if err != nil || deputyID <= 0 {
		// The activity must still be the caller's before anything is said about it.
		if _, err := c.Activities.Get(r.Context(), p, id); err != nil {
			c.fail(w, r, err)
			return
		}
		c.showActivity(w, r, p, id, http.StatusBadRequest, map[string]string{"deputy_id": "请选择代表"}, r.PostForm)
		return
	}
	ci, err := c.Activities.RecordAttendance(r.Context(), p, id, deputyID, r.PostForm.Get("note"))
	if err != nil {
		c.activityActionFailed(w, r, p, id, err)
		return
	}
	c.redirect(w, r, activityPath(id), "已登记签到（"+ci.CheckedInAt.Format("15:04")+"）。")
}

// activityResend tries a failed notice about the activity again
// (Notify.Resend, as POST /api/v1/admin/notifications/{id}/resend: the
// notice must be in the caller's scope).
func (c *Console) activityResend(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	nid, ok2 := pathID(r, "nid")
	if !ok || !ok2 {
		c.notFound(w, r)
		return
	}
	if _, err := c.Activities.Get(r.Context(), p, id); err != nil {
		c.fail(w, r, err)
		return
	}
	if _, err := c.Notify.Resend(r.Context(), p, nid); err != nil {
		c.activityActionFailed(w, r, p, id, err)
		return
	}
	c.redirect(w, r, activityPath(id), "已重新发送这条通知，稍后刷新查看结果。")
}

// activityActionFailed shows why an action on the activity was refused: a
// field error on the activity's page, else the capability's own page.
func (c *Console) activityActionFailed(w http.ResponseWriter, r *http.Request, p *access.Principal, id int64, err error) {
	if fe, ok := fieldErrors(err); ok {
		if fe[""] == "" {
			for k, m := range fe {
				if k != "reason" && k != "deputy_id" && k != "note" {
					fe[""] = m
					break
				}
			}
		}
		c.showActivity(w, r, p, id, http.StatusBadRequest, fe, r.PostForm)
		return
	}
	c.fail(w, r, err)
}

func activityPath(id int64) string { return "/console/activities/" + strconv.FormatInt(id, 10) }

package console

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
)

// activityView is one activity with its invitees, notices and attendance.
type activityView struct {
	*activities.Detail
	State      actLabel
	When       string
	Invitation string
	// Editable: a draft, or a published activity not yet ended.
	Editable, Publishable, Cancellable, Running bool
	Audience                                    *activities.Audience
	PublishConfirm, CancelConfirm               string
	Invitees                                    []inviteeRow
	ToPhone                                     []employerCall
	// NotCheckedIn are the invitees staff may check in by hand.
	NotCheckedIn []inviteeRow
}

type inviteeRow struct {
	activities.InviteeStatus
	Answer   actLabel
	Checked  string
	Manual   bool
	Notices  []noticeRow
	Employer []noticeRow
}

type noticeRow struct {
	ActivityID int64
	ID         int64
	Kind       string
	Channel    string
	State      actLabel
	Reason     string
	At         *time.Time
	Resendable bool
}

// employerCall is an employer staff must reach themselves: by telephone, or
// with a printed letter.
type employerCall struct {
	DeputyID     int64
	DeputyName   string
	Employer     string
	Contact      string
	Phone        string
	Landline     bool
	Why          string
	Acknowledged *time.Time
}

// activityShow is an activity's page (Activities.Detail).
func (c *Console) activityShow(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	c.showActivity(w, r, p, id, http.StatusOK, nil, nil)
}

// showActivity renders the activity's page; a refused action on it (a
// cancel without a reason) shows its field errors there with status.
func (c *Console) showActivity(w http.ResponseWriter, r *http.Request, p *access.Principal, id int64, status int, errs map[string]string, form url.Values) {
	d, err := c.Activities.Detail(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := &activityView{Detail: d, State: activityStatus(d.Status), When: actTimeSpan(d.StartAt, d.EndAt)}
	v.Invitation = invitationText(d)
	if g := d.Activity.Invitees.GroupID; g > 0 && len(d.Activity.Invitees.DeputyIDs) == 0 {
		if grp, err := c.Registry.Group(r.Context(), p, g); err == nil {
			v.Invitation = "代表小组“" + grp.Name + "”的全体代表"
		}
	}
	v.Editable = d.Status == activities.StatusDraft || d.Status == activities.StatusPublished
	v.Publishable = d.Status == activities.StatusDraft
	v.Cancellable = v.Editable
	v.Running = d.Status == activities.StatusPublished || d.Status == activities.StatusFinished
	if d.Status == activities.StatusDraft {
		// Whom publishing would tell: the invitation as it resolves now.
		if v.Audience, err = c.Activities.Audience(r.Context(), p, id); err != nil {
			c.fail(w, r, err)
			return
		}
	} else {
		// Whom a change or cancel tells: the invitees, as Audience counts them.
		v.Audience = &activities.Audience{Deputies: len(d.InviteesList)}
		for _, in := range d.InviteesList {
			if in.HasEmployer {
				v.Audience.Employers++
			}
		}
	}
	if v.Editable {
		v.PublishConfirm = fmt.Sprintf("发布后将通知 %d 位受邀代表，并给 %d 个代表所在单位发送履职时间保障通知。确定发布吗？", v.Audience.Deputies, v.Audience.Employers)
		if d.Status == activities.StatusPublished {
			v.CancelConfirm = fmt.Sprintf("取消后将通知 %d 位受邀代表和 %d 个代表所在单位。确定取消这次活动吗？", v.Audience.Deputies, v.Audience.Employers)
		} else {
			v.CancelConfirm = "草稿尚未发布，取消不会通知任何人。确定取消吗？"
		}
	}
	for _, in := range d.InviteesList {
		row := inviteeRow{InviteeStatus: in, Answer: rsvpLabel(in.RSVP), Notices: noticeRows(d.ID, in.Notices)}
		if in.CheckedInAt != nil {
			row.Checked = in.CheckedInAt.Format("2006-01-02 15:04")
			row.Manual = in.CheckinMethod != nil && *in.CheckinMethod == activities.MethodManual
		} else {
			v.NotCheckedIn = append(v.NotCheckedIn, row)
		}
		if e := in.Employer; e != nil {
			row.Employer = noticeRows(d.ID, e.Notices)
			if e.MustPhone() {
				v.ToPhone = append(v.ToPhone, employerCall{DeputyID: in.DeputyID, DeputyName: in.Name, Employer: e.Name,
					Contact: e.ContactName, Phone: e.ContactPhone, Landline: e.ContactPhoneKind == "landline",
					Why: employerWhy(e), Acknowledged: e.AcknowledgedAt})
			}
		}
		v.Invitees = append(v.Invitees, row)
	}
	c.render(w, r, status, "activity.html", view{Title: d.Title, Nav: "activities", Data: v, Errors: errs, Form: form})
}

func noticeRows(activityID int64, ns []activities.NoticeStatus) []noticeRow {
	out := make([]noticeRow, 0, len(ns))
	for _, n := range ns {
		at := n.DeliveredAt
		if at == nil {
			at = n.SentAt
		}
		out = append(out, noticeRow{ActivityID: activityID, ID: n.ID, Kind: noticeKind(n.Kind), Channel: channelName(n.Channel), State: noticeStatus(n.Status),
			Reason: noticeReason(n.Status, n.LastError), At: at, Resendable: n.Status == "failed"})
	}
	return out
}

// employerWhy says why staff must reach an employer themselves.
func employerWhy(e *activities.EmployerState) string {
	for i := len(e.Notices) - 1; i >= 0; i-- {
		n := e.Notices[i]
		if n.Kind != "employer_notice" {
			continue
		}
		if n.Status == "failed" || n.Status == "skipped" {
			return noticeStatus(n.Status).Text + "：" + noticeReason(n.Status, n.LastError)
		}
	}
	if e.ContactPhoneKind == "landline" {
		return "座机无法接收短信，请电话通知"
	}
	return ""
}

// invitationText says whom the activity invites.
func invitationText(d *activities.Detail) string {
	inv := d.Activity.Invitees
	switch {
	case len(inv.DeputyIDs) > 0:
		return fmt.Sprintf("指定的 %d 位代表", len(inv.DeputyIDs))
	case inv.GroupID > 0:
		return "一个代表小组的全体代表"
	case inv.StationID > 0:
		return "本联络站的全体代表"
	}
	return "—"
}

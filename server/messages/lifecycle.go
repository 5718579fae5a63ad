package messages

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

// Actions of POST /admin/messages/{id}/transitions.
const (
	ActionAccept   = "accept"
	ActionAssign   = "assign"
	ActionTransfer = "transfer"
	ActionReply    = "reply"
	ActionPromise  = "promise"
	ActionReject   = "reject"
	ActionClose    = "close"
	// ActionHandOver is the addressed deputy handing a message written to
	// them to the station's staff (转交联络站办理): no new status, a mark
	// (handed_over_at) and an event with the deputy's note.
	ActionHandOver = "hand_over"
)

// transitions is the lifecycle (README § Citizen messages): from which statuses an action
// may start, and where it leads.
var transitions = map[string]struct {
	from []string
	to   string
}{
	ActionAccept:   {[]string{StatusSubmitted}, StatusAccepted},
	ActionReject:   {[]string{StatusSubmitted}, StatusRejected},
	ActionAssign:   {[]string{StatusAccepted, StatusAssigned, StatusReopened}, StatusAssigned},
	ActionTransfer: {[]string{StatusAssigned, StatusReopened}, StatusTransferred},
	ActionReply:    {[]string{StatusAccepted, StatusAssigned, StatusTransferred, StatusReopened}, StatusReplied},
	ActionPromise:  {[]string{StatusReplied}, StatusPromised},
	ActionClose:    {[]string{StatusReplied, StatusPromised}, StatusClosed},
}

// Transition is one handling step.
type Transition struct {
	Action   string     `json:"action"`
	DeputyID int64      `json:"deputy_id"`
	UnitID   int64      `json:"unit_id"`
	Reply    string     `json:"reply"`
	Reason   string     `json:"reason"`
	Promise  string     `json:"promise"`
	DueAt    *time.Time `json:"due_at"`
	Note     string     `json:"note"`
}

// Validate checks the fields the action needs.
func (t *Transition) Validate(now time.Time) apperr.FieldErrors {
	f := apperr.FieldErrors{}
	t.Reply, t.Reason, t.Note, t.Promise = strings.TrimSpace(t.Reply), strings.TrimSpace(t.Reason), strings.TrimSpace(t.Note), strings.TrimSpace(t.Promise)
	if _, ok := transitions[t.Action]; !ok && t.Action != ActionHandOver {
		f.Add("action", "操作无效")
		return f
	}
	f.Check(utf8.RuneCountInString(t.Note) > maxNote, "note", fmt.Sprintf("备注不能超过 %d 字", maxNote))
	switch t.Action {
	case ActionAssign:
		f.Check(t.DeputyID <= 0, "deputy_id", "请选择代表")
	case ActionTransfer:
		f.Check(t.UnitID <= 0, "unit_id", "请选择承办单位")
	case ActionReply:
		f.Check(t.Reply == "", "reply", "请填写答复内容")
		f.Check(utf8.RuneCountInString(t.Reply) > maxReply, "reply", fmt.Sprintf("答复不能超过 %d 字", maxReply))
	case ActionReject:
		f.Check(t.Reason == "", "reason", "请填写不予受理的理由")
		f.Check(utf8.RuneCountInString(t.Reason) > maxReason, "reason", fmt.Sprintf("理由不能超过 %d 字", maxReason))
	case ActionPromise:
		f.Check(t.DueAt == nil || !t.DueAt.After(now), "due_at", "请填写将来的办结日期")
		f.Check(t.DueAt != nil && !clock.Sane(*t.DueAt), "due_at", clock.SaneRange)
		f.Check(utf8.RuneCountInString(t.Promise) > maxPromise, "promise", fmt.Sprintf("承诺内容不能超过 %d 字", maxPromise))
	}
	return f
}

// actionNames name the handling steps in the answers' messages.
var actionNames = map[string]string{ActionAccept: "受理", ActionAssign: "交办", ActionTransfer: "转办", ActionReply: "答复",
	ActionPromise: "承诺", ActionReject: "不予受理", ActionClose: "办结",
	ActionHandOver: "转交联络站办理"}

// notAllowed is the 409 of an action the message's status does not allow:
// it says the status and the actions the caller may take now, in the
// message for people and in fields for programs (status; allowed_actions,
// comma-separated codes, empty when none).
func notAllowed(status, action string, allowed []string) error {
	now := "现在没有可办理的操作"
	if len(allowed) > 0 {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = actionNames[a]
		}
		now = "现在可以：" + strings.Join(names, "、")
	}
	return &apperr.Error{Kind: apperr.KindConflict, Code: "transition_not_allowed",
		Message: fmt.Sprintf("留言当前状态不允许该操作：状态为「%s」，不能%s；%s", statusNames[status], actionNames[action], now),
		Fields:  map[string]string{"status": status, "allowed_actions": strings.Join(allowed, ",")}}
}

// actions are the handling steps p may take on the message now: every step
// its status allows for staff of its station; for the deputy it was
// written to, a reply and a hand-over while it is unanswered and not handed
// over (after that, staff handle it); a reply for the deputy it is assigned
// to; none for anyone else (its author). A message's answer carries them,
// so that a client offers exactly the steps Handle would take.
func actions(p *access.Principal, r *row) []string {
	allowed := AllowedActions(r.Status)
	switch {
	case p.Scope().CoversStation(r.StationID, r.AreaCode):
		return append([]string{}, allowed...)
	case addressedTo(p, r) && r.HandedOverAt == nil && (r.Status == StatusSubmitted || contains(allowed, ActionReply)):
		out := []string{ActionReply}
		if r.RepliedAt == nil {
			out = append(out, ActionHandOver)
		}
		return out
	case assignedTo(p, r) && contains(allowed, ActionReply):
		return []string{ActionReply}
	}
	return []string{}
}

// assignedTo reports whether r is assigned to the deputy p is.
func assignedTo(p *access.Principal, r *row) bool {
	return r.DeputyID != nil && p.DeputyID != 0 && *r.DeputyID == p.DeputyID
}

// addressedTo reports whether r was written to the deputy p is (代表码).
func addressedTo(p *access.Principal, r *row) bool {
	return r.AddresseeID != nil && p.DeputyID != 0 && *r.AddresseeID == p.DeputyID
}

// deputyStep reports whether a deputy (not staff of the station) may try
// action on r: a reply when it is assigned or written to them, a hand-over
// when it is written to them. Whether the message's state allows it now is
// actions' answer.
func deputyStep(p *access.Principal, r *row, action string) bool {
	switch action {
	case ActionReply:
		return assignedTo(p, r) || addressedTo(p, r)
	case ActionHandOver:
		return addressedTo(p, r)
	}
	return false
}

// Handle applies a transition: staff of the message's station may do every
// action, the assigned deputy may reply, the deputy a message was written
// to may reply or hand it over to the staff. The change, its event and its
// notices are one transaction.
func (s *Service) Handle(ctx context.Context, p *access.Principal, id int64, t Transition) (*Message, error) {
	now := s.Clock.Now()
	if err := t.Validate(now).Err(); err != nil {
		return nil, err
	}
	var due []notify.Due
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		staff := p.Scope().CoversStation(r.StationID, r.AreaCode)
		if t.Action == ActionHandOver {
			staff = false // only the deputy it was written to hands it over
		}
		if !staff && !deputyStep(p, r, t.Action) {
			return apperr.Forbidden("not_handler", "您无权办理该留言")
		}
		// Staff follow the lifecycle's table; a deputy, the steps actions
		// offers them (the addressed deputy may answer a new message
		// before staff accept it).
		to := transitions[t.Action].to
		may := contains(actions(p, r), t.Action)
		if staff {
			may = contains(transitions[t.Action].from, r.Status)
		}
		if !may {
			return notAllowed(r.Status, t.Action, actions(p, r))
		}
		if t.Action == ActionHandOver {
			to = r.Status
		}
		note, err := s.apply(ctx, tx, r, t, to, now)
		if err != nil {
			return err
		}
		if err := addEvent(ctx, tx, r.ID, t.Action, p.UserID, note, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, audit.MessageAction(t.Action), audit.Subject("message", r.ID), transitionSummary(r, t, to)); err != nil {
			return err
		}
		due, err = s.transitionNotices(ctx, tx, r, t, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.enqueue(ctx, due)
	if t.Action == ActionReply {
		// Outside the transaction: a network call. A failure leaves the
		// answer unchecked, off the public page, for CheckAnswers.
		if _, err := s.checkAnswer(ctx, id); err != nil {
			s.Log.WarnContext(ctx, "messages: answer check", "message_id", id, "error", err)
		}
	}
	m, err := s.Get(ctx, p, id)
	if err == nil && t.Action == ActionReply {
		m.Warnings = ReplyWarnings(t.Reply)
	}
	return m, err
}

// apply writes the new state and returns the event's note.
func (s *Service) apply(ctx context.Context, tx *sqlx.Tx, r *row, t Transition, to string, now time.Time) (string, error) {
	set, args, note := "status = ?, updated_at = ?", []any{to, now}, t.Note
	switch t.Action {
	case ActionAccept:
		set += ", accepted_at = ?"
		args = append(args, now)
	case ActionReject:
		set += ", reject_reason = ?, closed_at = ?"
		args = append(args, t.Reason, now)
		note = t.Reason
	case ActionAssign:
		name, ok, err := s.Registry.StationDeputyName(ctx, tx, r.StationID, t.DeputyID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "", apperr.Invalid(map[string]string{"deputy_id": "该代表不在本联络站"})
		}
		set += ", deputy_id = ?"
		args = append(args, t.DeputyID)
		note = joinNote("交由"+name+"代表办理", t.Note)
	case ActionTransfer:
		name, ok, err := s.Registry.UnitName(ctx, tx, t.UnitID)
		if err != nil {
			return "", err
		}
		if !ok {
			return "", apperr.Invalid(map[string]string{"unit_id": "承办单位不存在"})
		}
		set += ", unit_id = ?"
		args = append(args, t.UnitID)
		note = joinNote("转交"+name+"办理", t.Note)
	case ActionReply:
		// A new reply is checked anew before it is shown in public. A
		// deputy's reply to a new message accepts it too.
		set += ", reply = ?, replied_at = ?, answer_check = '', accepted_at = COALESCE(accepted_at, ?)"
		args = append(args, t.Reply, now, now)
		note = t.Reply
		r.Reply = &t.Reply
	case ActionPromise:
		set += ", promise = ?, promise_due_at = ?, fulfilled = NULL, promise_lapsed = FALSE"
		args = append(args, t.Promise, t.DueAt.UTC())
		note = joinNote(fmt.Sprintf("承诺于 %s 前办结", sh(*t.DueAt).Format("2006-01-02")), t.Promise)
	case ActionClose:
		set += ", closed_at = ?, close_reason = 'staff'"
		args = append(args, now)
	case ActionHandOver:
		set += ", handed_over_at = ?"
		args = append(args, now)
		note = joinNote("代表转交联络站办理", t.Note)
	}
	err := changeTallied(ctx, tx, []int64{r.ID}, func() error {
		_, err := tx.ExecContext(ctx, "UPDATE messages SET "+set+" WHERE id = ?", append(args, r.ID)...)
		return err
	})
	return note, err
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + "；" + b
}

// author is how the message's author can be reached: their WeChat user
// (with the phone they left as the SMS fallback), or the phone alone for a
// walk-in.
func (s *Service) author(ctx context.Context, q store.Queryer, r *row) (notify.Recipient, bool, error) {
	phone := ""
	if len(r.PhoneEnc) > 0 {
		var err error
		if phone, err = s.Box.Open(r.PhoneEnc); err != nil {
			return notify.Recipient{}, false, err
		}
	}
	if r.UserID != nil {
		openid, err := s.Identity.OpenID(ctx, q, *r.UserID)
		if err != nil {
			return notify.Recipient{}, false, err
		}
		return notify.Recipient{Type: notify.ToUser, ID: *r.UserID, UserID: *r.UserID, OpenID: openid, Phone: phone}, true, nil
	}
	if phone != "" {
		return notify.Recipient{Type: notify.ToPhone, Phone: phone}, true, nil
	}
	return notify.Recipient{}, false, nil
}

// transitionNotices are the notices a transition causes: the acceptance
// (by WeChat, when the author granted it), the reply to the author, and the
// follow-up question held until the promise's due date.
func (s *Service) transitionNotices(ctx context.Context, tx *sqlx.Tx, r *row, t Transition, now time.Time) ([]notify.Due, error) {
	deputy, err := s.deputyUpdate(ctx, tx, r, t, now)
	if err != nil {
		return nil, err
	}
	if t.Action != ActionAccept && t.Action != ActionReply && t.Action != ActionPromise {
		return deputy, nil
	}
	citizen, err := s.citizenNotices(ctx, tx, r, t, now)
	return append(deputy, citizen...), err
}

// deputySteps name the steps the deputy who handed a message over is told of.
var deputySteps = map[string]bool{ActionAccept: true, ActionAssign: true, ActionTransfer: true, ActionReply: true,
	ActionReject: true, ActionClose: true}

// deputyUpdate tells the deputy a message was written to, once they handed
// it to the station's staff, of each step staff take and of the outcome
// (deputy_message_update: WeChat when granted, else SMS), one notice per
// step.
func (s *Service) deputyUpdate(ctx context.Context, tx *sqlx.Tx, r *row, t Transition, now time.Time) ([]notify.Due, error) {
	if r.HandedOverAt == nil || r.AddresseeID == nil || !deputySteps[t.Action] {
		return nil, nil
	}
	to, err := s.deputyRecipientIn(ctx, tx, *r.AddresseeID)
	if err != nil {
		return nil, err
	}
	return s.Notify.Create(ctx, tx, notify.Notice{Kind: "deputy_message_update", To: to, Subject: subject(r.ID), StationID: r.StationID,
		Params:    map[string]string{"code": r.Code, "station_name": r.StationName, "step": actionNames[t.Action], "message_id": fmt.Sprint(r.ID)},
		DedupeKey: fmt.Sprintf("message:%d:deputy:%d:%s:%d", r.ID, *r.AddresseeID, t.Action, now.UnixMilli())})
}

// citizenNotices are the author's notices of a transition.
func (s *Service) citizenNotices(ctx context.Context, tx *sqlx.Tx, r *row, t Transition, now time.Time) ([]notify.Due, error) {
	to, ok, err := s.author(ctx, tx, r)
	if err != nil || !ok {
		return nil, err
	}
	n := notify.Notice{To: to, Subject: subject(r.ID), StationID: r.StationID,
		Params: map[string]string{"code": r.Code, "station_name": r.StationName, "message_id": fmt.Sprint(r.ID)}}
	switch t.Action {
	case ActionAccept:
		n.Kind = "message_accepted"
		n.Params["accepted_at"] = sh(now).Format(time.RFC3339)
		// reply_due is the midnight that ends the last day to reply
		n.Params["reply_by"] = sh(r.ReplyDue).Add(-time.Second).Format(time.RFC3339)
		n.DedupeKey = fmt.Sprintf("message:%d:accepted", r.ID)
		n.IfGranted = true
	case ActionReply:
		n.Kind = "message_reply"
		n.Params["reply"] = t.Reply
		n.Params["replied_at"] = sh(now).Format(time.RFC3339)
		n.DedupeKey = fmt.Sprintf("message:%d:reply:%d", r.ID, now.UnixMilli())
	case ActionPromise:
		d := sh(*t.DueAt)
		n.Kind = "message_followup"
		n.Params["promise"] = firstNonEmpty(t.Promise, "留言办理承诺")
		n.Params["due_at"] = d.Format(time.RFC3339)
		n.NotBefore = time.Date(d.Year(), d.Month(), d.Day(), s.Rules.FollowupHour, 0, 0, 0, d.Location()).UTC()
		n.DedupeKey = fmt.Sprintf("message:%d:followup:%d", r.ID, t.DueAt.Unix())
	}
	return s.Notify.Create(ctx, tx, n)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// transitionSummary says what a transition did, for the audit log (which
// masks long numbers in it): the message's code, the new status, and what
// the action carries.
func transitionSummary(r *row, t Transition, to string) string {
	out := fmt.Sprintf("留言 %s：%s → %s", r.Code, statusNames[r.Status], statusNames[to])
	switch t.Action {
	case ActionAssign:
		out += fmt.Sprintf("，交办代表 %d", t.DeputyID)
	case ActionTransfer:
		out += fmt.Sprintf("，转办单位 %d", t.UnitID)
	case ActionReply:
		out += "，答复：" + t.Reply
	case ActionReject:
		out += "，理由：" + t.Reason
	case ActionPromise:
		out += "，承诺：" + t.Promise
	}
	if t.Note != "" {
		out += "；备注：" + t.Note
	}
	return out
}

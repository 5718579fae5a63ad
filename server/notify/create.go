package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// Recipient types.
const (
	ToUser     = "user"     // a WeChat user (a citizen)
	ToDeputy   = "deputy"   // a deputy, by WeChat when they hold a grant, else by SMS
	ToEmployer = "employer" // a deputy's employer, by SMS only
	ToPhone    = "phone"    // a bare phone number (a walk-in citizen)
)

// Recipient is who a notice goes to, with how they can be reached. The
// capability that knows the person fills it; the engine chooses the channel.
type Recipient struct {
	Type   string
	ID     int64  // user or deputy id, 0 for a bare phone
	UserID int64  // the WeChat user who can be reached, 0 if none
	OpenID string // that user's openid
	Phone  string // clear 11-digit number, "" if none; sealed into the row
}

// Notice is one message to one recipient.
type Notice struct {
	Kind      string
	To        Recipient
	Params    map[string]string
	Subject   string // what it concerns: "message:42", "activity:7"
	StationID int64  // the station whose staff may see it, 0 for admins only
	// DedupeKey names the notice uniquely (activity:12:notice:deputy:34:v1): a
	// second Create with the same key creates nothing.
	DedupeKey string
	// NotBefore holds the notice until then; zero is now.
	NotBefore time.Time
	// IfGranted makes a courtesy notice: it is written only when the
	// recipient holds a grant for the kind's WeChat template; otherwise
	// nothing is written (no SMS, no skipped row).
	IfGranted bool
}

// Create writes notices inside the caller's transaction and returns what
// must be enqueued after commit (Engine.Enqueue). A notice whose dedupe key
// exists already is not created again. The channel is chosen now: WeChat when
// the recipient holds a grant for the kind's template (one one-time grant is
// used up), else SMS when they have a phone and the kind an SMS template, else
// the notice is skipped with the reason.
func (e *Engine) Create(ctx context.Context, tx *sqlx.Tx, notices ...Notice) ([]Due, error) {
	now := e.Clock.Now()
	for _, n := range notices {
		if _, ok := e.Rules.Kinds[n.Kind]; !ok {
			return nil, fmt.Errorf("notify: unknown kind %q", n.Kind)
		}
		if n.DedupeKey == "" || n.Subject == "" {
			return nil, fmt.Errorf("notify: %s notice without dedupe key or subject", n.Kind)
		}
	}
	// A fan-out's chunk is a thousand notices: they are checked, written and
	// read back a few hundred to a statement, not one by one.
	var due []Due
	seen := map[string]bool{}
	err := store.EachChunk(notices, createBatch, func(part []Notice) error {
		d, err := e.createPart(ctx, tx, part, seen, now)
		due = append(due, d...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return due, nil
}

// createBatch is how many notices one multi-row statement writes.
const createBatch = 250

// fresh is a notice to be written, with its kind and route.
type fresh struct {
	n    Notice
	kind Kind
	r    route
}

// createPart writes the notices of part whose dedupe keys are new (not in
// the table, not seen earlier in this Create) in one multi-row INSERT.
func (e *Engine) createPart(ctx context.Context, tx *sqlx.Tx, part []Notice, seen map[string]bool, now time.Time) ([]Due, error) {
	keys := make([]string, len(part))
	for i, n := range part {
		keys[i] = n.DedupeKey
	}
	existing, err := idsByKey(ctx, tx, keys)
	if err != nil {
		return nil, err
	}
	var todo []fresh
	for _, n := range part {
		if _, ok := existing[n.DedupeKey]; ok || seen[n.DedupeKey] {
			continue
		}
		seen[n.DedupeKey] = true
		kind := e.Rules.Kinds[n.Kind]
		r, err := e.route(ctx, tx, kind, n.To)
		if err != nil {
			return nil, err
		}
		if n.IfGranted && (r.logical != ChannelWeChat || r.reason != "") {
			continue
		}
		todo = append(todo, fresh{n, kind, r})
	}
	if len(todo) == 0 {
		return nil, nil
	}
	vals := make([]string, 0, len(todo))
	var args []any
	for _, f := range todo {
		row, err := e.rowValues(f.n, f.kind, f.r, now)
		if err != nil {
			return nil, err
		}
		vals = append(vals, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")
		args = append(args, row...)
	}
	_, err = tx.ExecContext(ctx, insertNotification+strings.Join(vals, ","), args...)
	if store.IsDuplicate(err) {
		// Another transaction wrote one of these keys since we looked (the
		// statement changed nothing): write them one by one.
		return e.createEach(ctx, tx, todo, now)
	}
	if err != nil {
		return nil, fmt.Errorf("notify: create: %w", err)
	}
	keys = keys[:0]
	for _, f := range todo {
		keys = append(keys, f.n.DedupeKey)
	}
	ids, err := idsByKey(ctx, tx, keys)
	if err != nil {
		return nil, err
	}
	var due []Due
	for _, f := range todo {
		if f.r.reason == "" {
			due = append(due, e.due(ids[f.n.DedupeKey], f, now))
		}
	}
	return due, nil
}

// createEach writes notices one by one, skipping those another transaction
// created first (and giving back the grant taken for them).
func (e *Engine) createEach(ctx context.Context, tx *sqlx.Tx, todo []fresh, now time.Time) ([]Due, error) {
	var due []Due
	for _, f := range todo {
		row, err := e.rowValues(f.n, f.kind, f.r, now)
		if err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, insertNotification+"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", row...)
		if store.IsDuplicate(err) {
			if f.r.logical == ChannelWeChat {
				if err := e.returnGrant(ctx, tx, f.n.To.UserID, f.kind.WeChat.Template); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("notify: create: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		if f.r.reason == "" {
			due = append(due, e.due(id, f, now))
		}
	}
	return due, nil
}

// due is when a written notice is to be sent.
func (e *Engine) due(id int64, f fresh, now time.Time) Due {
	at := f.n.NotBefore
	if at.IsZero() || at.Before(now) {
		at = now
	}
	return Due{ID: id, Queue: f.kind.Priority, At: at}
}

// idsByKey returns the ids of the notices of keys that exist, by key.
func idsByKey(ctx context.Context, tx *sqlx.Tx, keys []string) (map[string]int64, error) {
	q, args, err := store.In(`SELECT id, dedupe_key FROM notifications WHERE dedupe_key IN (?)`, keys)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID  int64  `db:"id"`
		Key string `db:"dedupe_key"`
	}
	if err := tx.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("notify: dedupe: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Key] = r.ID
	}
	return out, nil
}

// ReasonLandline is why a notice to a landline is skipped.
const ReasonLandline = "座机无法接收短信，请电话通知"

// route is how a notice goes: the channel it stands for (wechat or sms),
// the channel it is recorded with (the log stands in for a channel without
// credentials), or why nothing can reach the recipient.
type route struct{ logical, channel, reason string }

// route picks how to reach to.
func (e *Engine) route(ctx context.Context, tx *sqlx.Tx, kind Kind, to Recipient) (route, error) {
	if kind.WeChat != nil && to.Type != ToEmployer && to.UserID != 0 && to.OpenID != "" {
		granted, err := e.takeGrant(ctx, tx, to.UserID, kind.WeChat.Template)
		if err != nil {
			return route{}, err
		}
		if granted {
			return route{logical: ChannelWeChat, channel: e.provider(ChannelWeChat)}, nil
		}
	}
	if kind.SMS != nil && to.Phone != "" {
		if pii.PhoneKind(to.Phone) == pii.KindLandline {
			// Recorded, not sent: staff see whom to phone.
			return route{logical: ChannelSMS, channel: ChannelSMS, reason: ReasonLandline}, nil
		}
		return route{logical: ChannelSMS, channel: e.provider(ChannelSMS)}, nil
	}
	switch {
	case kind.SMS == nil:
		return route{logical: ChannelWeChat, channel: ChannelWeChat, reason: "未授权订阅消息（该通知无短信模板）"}, nil
	case kind.WeChat != nil && to.Type != ToEmployer:
		return route{logical: ChannelSMS, channel: ChannelSMS, reason: "未授权订阅消息且无手机号"}, nil
	default:
		return route{logical: ChannelSMS, channel: ChannelSMS, reason: "无手机号"}, nil
	}
}

// provider is the channel a notice is recorded with.
func (e *Engine) provider(logical string) string {
	if (logical == ChannelWeChat && e.WeChat == nil) || (logical == ChannelSMS && e.SMS == nil) {
		return ChannelLog
	}
	return logical
}

const insertNotification = `INSERT INTO notifications
	(kind, channel, recipient_type, recipient_id, station_id, openid, phone_enc, template, params, subject, dedupe_key,
	 status, last_error, not_before, created_at, updated_at, claim_token) VALUES `

// rowValues are the 16 values of insertNotification for one notice (its
// claim_token, 0, is in the statement).
func (e *Engine) rowValues(n Notice, kind Kind, r route, now time.Time) ([]any, error) {
	params, err := e.sealParams(n.Params)
	if err != nil {
		return nil, err
	}
	var phone []byte
	if n.To.Phone != "" {
		if phone, err = e.Box.Seal(n.To.Phone); err != nil {
			return nil, err
		}
	}
	status, template, openid := StatusPending, "", any(nil)
	if r.reason != "" {
		status = StatusSkipped
	}
	switch {
	case r.logical == ChannelWeChat && r.reason == "":
		template, openid = e.TemplateIDs[kind.WeChat.Template], n.To.OpenID
	case kind.SMS != nil:
		template = kind.SMS.TemplateID
	}
	notBefore := n.NotBefore
	if notBefore.IsZero() || notBefore.Before(now) {
		notBefore = now
	}
	var recipientID, stationID any
	if n.To.ID != 0 {
		recipientID = n.To.ID
	}
	if n.StationID != 0 {
		stationID = n.StationID
	}
	return []any{n.Kind, r.channel, n.To.Type, recipientID, stationID, openid, phone, template, params, n.Subject, n.DedupeKey,
		status, r.reason, notBefore, now, now}, nil
}

// Enqueue hands notices created by Create to the queue, after the
// transaction committed. A failure is logged, not returned: the rows are
// committed and the sweep will find them.
func (e *Engine) Enqueue(ctx context.Context, due []Due) {
	if e.Queue == nil || len(due) == 0 {
		return
	}
	if err := e.Queue.Enqueue(ctx, due); err != nil {
		e.Log.Warn("notify: enqueue after commit failed; the sweep will pick the notices up", "count", len(due), "error", err)
	}
}

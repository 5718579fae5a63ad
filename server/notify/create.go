package notify

import (
	"context"
	"fmt"
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
}

// Create writes notices inside the caller's transaction and returns what
// must be enqueued after commit (Engine.Enqueue). A notice whose dedupe key
// exists already is not created again. The channel is chosen now: WeChat when
// the recipient holds a grant for the kind's template (one one-time grant is
// used up), else SMS when they have a phone and the kind an SMS template, else
// the notice is skipped with the reason.
func (e *Engine) Create(ctx context.Context, tx *sqlx.Tx, notices ...Notice) ([]Due, error) {
	now := e.Clock.Now()
	var due []Due
	for _, n := range notices {
		kind, ok := e.Rules.Kinds[n.Kind]
		if !ok {
			return nil, fmt.Errorf("notify: unknown kind %q", n.Kind)
		}
		if n.DedupeKey == "" || n.Subject == "" {
			return nil, fmt.Errorf("notify: %s notice without dedupe key or subject", n.Kind)
		}
		var exists int
		if err := tx.GetContext(ctx, &exists, `SELECT COUNT(*) FROM notifications WHERE dedupe_key = ?`, n.DedupeKey); err != nil {
			return nil, fmt.Errorf("notify: dedupe: %w", err)
		}
		if exists > 0 {
			continue
		}
		r, err := e.route(ctx, tx, kind, n.To)
		if err != nil {
			return nil, err
		}
		id, err := e.insert(ctx, tx, n, kind, r, now)
		if store.IsDuplicate(err) {
			// Another transaction created it first; give back the grant taken for it.
			if r.logical == ChannelWeChat {
				if err := e.returnGrant(ctx, tx, n.To.UserID, kind.WeChat.Template); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if r.reason == "" {
			at := n.NotBefore
			if at.IsZero() || at.Before(now) {
				at = now
			}
			due = append(due, Due{ID: id, Queue: kind.Priority, At: at})
		}
	}
	return due, nil
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

func (e *Engine) insert(ctx context.Context, tx *sqlx.Tx, n Notice, kind Kind, r route, now time.Time) (int64, error) {
	params, err := e.sealParams(n.Params)
	if err != nil {
		return 0, err
	}
	var phone []byte
	if n.To.Phone != "" {
		if phone, err = e.Box.Seal(n.To.Phone); err != nil {
			return 0, err
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
	res, err := tx.ExecContext(ctx, `INSERT INTO notifications
		(kind, channel, recipient_type, recipient_id, station_id, openid, phone_enc, template, params, subject, dedupe_key,
		 status, last_error, not_before, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.Kind, r.channel, n.To.Type, recipientID, stationID, openid, phone, template, params, n.Subject, n.DedupeKey,
		status, r.reason, notBefore, now, now)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
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

package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/wechat"
)

// row is a notice as the sender sees it.
type row struct {
	ID         int64     `db:"id"`
	Kind       string    `db:"kind"`
	Channel    string    `db:"channel"`
	RecipientT string    `db:"recipient_type"`
	RecipientI *int64    `db:"recipient_id"`
	OpenID     *string   `db:"openid"`
	PhoneEnc   []byte    `db:"phone_enc"`
	Template   string    `db:"template"`
	ParamsJSON string    `db:"params"`
	Status     string    `db:"status"`
	Attempts   int       `db:"attempts"`
	NotBefore  time.Time `db:"not_before"`
}

const rowColumns = `id, kind, channel, recipient_type, recipient_id, openid, phone_enc, template, params, status, attempts, not_before`

// outcome is what one attempt came to.
type outcome struct {
	status     string // sent, failed, unknown, skipped, or pending (try again at retryAt)
	providerID string
	detail     string
	retryAt    time.Time
	fallback   bool // WeChat refused: go on by SMS
}

// Send sends notice id once. It is the task handler's whole work and is safe
// to call any number of times, from any number of workers: the row is claimed
// (pending → sending) in one statement before anything is sent, so only one
// caller sends; a notice already sent, failed or skipped is left alone.
//
// The one window in which a notice can go out twice: the provider accepted it
// and the process died before the row was marked sent (between deliver and
// record below, a few milliseconds). The sweep then finds the row stuck in
// sending and sends it again. Nothing shorter is possible: neither Tencent
// SendSms nor WeChat subscribeMessage.send takes an idempotency key.
func (e *Engine) Send(ctx context.Context, id int64) error {
	for {
		r, err := e.load(ctx, id)
		if store.IsNoRows(err) {
			return nil // deleted (anonymised): nothing to send
		}
		if err != nil {
			return err
		}
		if ready, err := e.ready(ctx, r); err != nil || !ready {
			return err
		}
		if err := e.wait(ctx, r); err != nil {
			return err
		}
		claimed, err := e.claim(ctx, r.ID)
		if err != nil || !claimed {
			return err
		}
		if again, err := e.attempt(ctx, r); err != nil || !again {
			return err
		}
	}
}

// SendBatch sends the notices ids as Send sends each, with one read and one
// claim for all of them: a fan-out's tasks carry batches, so that the queue
// and the database do a tenth of the work per notice. The claimed notices go
// out one after another (a batch holds one of the worker's slots); the
// exactly-once guarantee is Send's.
func (e *Engine) SendBatch(ctx context.Context, ids []int64) error {
	if len(ids) == 1 {
		return e.Send(ctx, ids[0])
	}
	q, args, err := store.In(`SELECT `+rowColumns+` FROM notifications WHERE id IN (?) ORDER BY id`, ids)
	if err != nil {
		return err
	}
	var rows []*row
	if err := e.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return fmt.Errorf("notify: load batch: %w", err)
	}
	var ready []*row
	for _, r := range rows {
		ok, err := e.ready(ctx, r)
		if err != nil {
			return err
		}
		if ok {
			ready = append(ready, r)
		}
	}
	claimed, token, err := e.claimBatch(ctx, ready)
	if err != nil {
		return err
	}
	// The batch's turns under the rate limits are taken at once: one call
	// to Redis per channel and batch, not per notice.
	if err := e.wait(ctx, claimed...); err != nil {
		e.release(context.WithoutCancel(ctx), claimed, token)
		return err
	}
	for i, r := range claimed {
		if err := ctx.Err(); err != nil {
			// Shutdown or the task's timeout: what is not sent yet goes back.
			e.release(context.WithoutCancel(ctx), claimed[i:], token)
			return err
		}
		again, err := e.attempt(ctx, r)
		if err != nil {
			return err
		}
		if again {
			// WeChat refused it: the row is pending again, for SMS.
			if err := e.Send(ctx, r.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// ready says whether r may be claimed now; a row not yet due, or an SMS in
// the quiet hours, is held (and queued) for later instead.
func (e *Engine) ready(ctx context.Context, r *row) (bool, error) {
	if r.Status != StatusPending {
		return false, nil
	}
	now := e.Clock.Now()
	if r.NotBefore.After(now) {
		return false, e.enqueue(ctx, r, r.NotBefore)
	}
	if r.Channel == ChannelSMS {
		if end := e.Quiet.End(now); end.After(now) {
			return false, e.defer_(ctx, r, end, "免打扰时段，短信顺延")
		}
	}
	return true, nil
}

// wait takes the turns of rows under their channels' rate limits.
func (e *Engine) wait(ctx context.Context, rows ...*row) error {
	if e.Limiter == nil {
		return nil
	}
	per := map[string]int{}
	for _, r := range rows {
		if r.Channel != ChannelLog {
			per[r.Channel]++
		}
	}
	for channel, n := range per {
		if err := e.Limiter.Wait(ctx, channel, n); err != nil {
			return err
		}
	}
	return nil
}

// attempt sends the claimed row r once and records the outcome; again means
// WeChat refused it and the row is pending again for SMS.
func (e *Engine) attempt(ctx context.Context, r *row) (again bool, err error) {
	r.Attempts++
	out := e.deliver(ctx, r)
	// Record even when ctx was cancelled meanwhile (shutdown): the outcome
	// is known now and must not be lost.
	if err := e.record(context.WithoutCancel(ctx), r, out); err != nil {
		return false, err
	}
	if out.fallback {
		return true, nil
	}
	if out.status == StatusPending {
		return false, e.enqueue(ctx, r, out.retryAt)
	}
	return false, nil
}

func (e *Engine) load(ctx context.Context, id int64) (*row, error) {
	var r row
	err := e.DB.GetContext(ctx, &r, `SELECT `+rowColumns+` FROM notifications WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// claim moves a pending row to sending; false means another caller has it.
// A lock conflict (on Galera, another node's claim of the same row won
// certification) is tried again by store.DB: the status guard makes a lost
// race claim nothing.
func (e *Engine) claim(ctx context.Context, id int64) (bool, error) {
	now := e.Clock.Now()
	res, err := e.DB.ExecContext(ctx, `UPDATE notifications SET status = 'sending', attempts = attempts + 1, claim_token = 0, updated_at = ?
		WHERE id = ? AND status = 'pending' AND not_before <= ?`, now, id, now)
	if err != nil {
		return false, fmt.Errorf("notify: claim %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// claimBatch claims the pending rows of rows in one statement stamped with a
// random token, and returns those that carry it: the rows this caller, and
// no other, now sends.
//
// A claim changes only columns of a fixed size (the status to one of the
// same length, the attempts, the token, which a row is written with as 0,
// and updated_at, which the sweep reads as "sending since"), so InnoDB
// updates the row in place: a claim that made the row longer (claimed_at
// was set here, NULL before) reorganised its page and logged it whole,
// half of the redo a notice cost.
func (e *Engine) claimBatch(ctx context.Context, rows []*row) ([]*row, int64, error) {
	if len(rows) == 0 {
		return nil, 0, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	now := e.Clock.Now()
	token := rand.Int64()
	q, args, err := store.In(`UPDATE notifications SET status = 'sending', attempts = attempts + 1, claim_token = ?, updated_at = ?
		WHERE id IN (?) AND status = 'pending' AND not_before <= ?`, token, now, ids, now)
	if err != nil {
		return nil, 0, err
	}
	res, err := e.DB.ExecContext(ctx, q, args...)
	if err != nil {
		return nil, token, fmt.Errorf("notify: claim batch: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, token, nil
	}
	q, args, err = store.In(`SELECT id FROM notifications WHERE id IN (?) AND claim_token = ? AND status = 'sending'`, ids, token)
	if err != nil {
		return nil, token, err
	}
	var mine []int64
	if err := e.DB.SelectContext(ctx, &mine, q, args...); err != nil {
		// Claimed but not known to be ours: the sweep sends them after sending_timeout.
		return nil, token, fmt.Errorf("notify: claimed batch: %w", err)
	}
	claimed := make([]*row, 0, len(mine))
	for _, r := range rows {
		if slices.Contains(mine, r.ID) {
			claimed = append(claimed, r)
		}
	}
	return claimed, token, nil
}

// release gives claimed rows that were not sent back to pending (the batch
// stopped: shutdown) and queues them again.
func (e *Engine) release(ctx context.Context, rows []*row, token int64) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	now := e.Clock.Now()
	q, args, err := store.In(`UPDATE notifications SET status = 'pending', attempts = attempts - 1, claimed_at = NULL, claim_token = 0, updated_at = ?
		WHERE id IN (?) AND status = 'sending' AND claim_token = ?`, now, ids, token)
	if err == nil {
		_, err = e.DB.ExecContext(ctx, q, args...)
	}
	if err != nil {
		e.Log.Warn("notify: could not release unsent notices; the sweep will send them", "count", len(ids), "error", err)
		return
	}
	for _, r := range rows {
		_ = e.enqueue(ctx, r, now)
	}
}

// defer_ holds a pending row until at.
func (e *Engine) defer_(ctx context.Context, r *row, at time.Time, why string) error {
	_, err := e.DB.ExecContext(ctx, `UPDATE notifications SET not_before = ?, last_error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`,
		at, why, e.Clock.Now(), r.ID)
	if err != nil {
		return fmt.Errorf("notify: defer %d: %w", r.ID, err)
	}
	return e.enqueue(ctx, r, at)
}

func (e *Engine) enqueue(ctx context.Context, r *row, at time.Time) error {
	if e.Queue == nil {
		return nil
	}
	queue := "default"
	if k, ok := e.Rules.Kinds[r.Kind]; ok {
		queue = k.Priority
	}
	if err := e.Queue.Enqueue(ctx, []Due{{ID: r.ID, Queue: queue, At: at}}); err != nil {
		// The sweep finds the row when Redis is back.
		e.Log.Warn("notify: enqueue failed; the sweep will pick it up", "notification_id", r.ID, "error", err)
	}
	return nil
}

// deliver makes one attempt through the row's channel.
func (e *Engine) deliver(ctx context.Context, r *row) outcome {
	params, err := e.openParams(r.ParamsJSON)
	if err != nil {
		return outcome{status: StatusFailed, detail: "通知参数无法读取：" + err.Error()}
	}
	kind, ok := e.Rules.Kinds[r.Kind]
	if !ok {
		return outcome{status: StatusFailed, detail: "未配置的通知类型 " + r.Kind}
	}
	phone := ""
	if len(r.PhoneEnc) > 0 {
		p, err := e.Box.Open(r.PhoneEnc)
		if err != nil {
			return outcome{status: StatusFailed, detail: err.Error()}
		}
		phone = p
	}
	switch r.Channel {
	case ChannelWeChat:
		return e.deliverWeChat(ctx, r, kind, params, phone)
	case ChannelSMS:
		return e.deliverSMS(ctx, r, kind, params, phone)
	default:
		return e.deliverLog(r, kind, params, phone)
	}
}

func (e *Engine) deliverWeChat(ctx context.Context, r *row, kind Kind, params map[string]string, phone string) outcome {
	if r.OpenID == nil || kind.WeChat == nil {
		return outcome{status: StatusFailed, detail: "微信通知缺少接收人或模板编号"}
	}
	err := e.WeChat.SendSubscribe(ctx, wechatMessage(*r.OpenID, r.Template, kind.WeChat, params))
	switch {
	case err == nil:
		return outcome{status: StatusSent}
	case wechat.IsRefused(err):
		// The user holds no grant (43101): nothing was sent; go on by SMS.
		if key, ok := e.templateKey(r.Template); ok && r.RecipientI != nil {
			if uid := e.userOf(ctx, r); uid != 0 {
				_ = e.dropGrant(ctx, uid, key)
			}
		}
		if kind.SMS != nil && phone != "" && r.RecipientT != ToEmployer {
			return outcome{status: StatusPending, fallback: true, detail: "微信拒收（43101），改发短信"}
		}
		return outcome{status: StatusSkipped, detail: "微信拒收（43101：用户未授权）且无手机号"}
	case wechat.IsPermanent(err):
		return outcome{status: StatusFailed, detail: err.Error()}
	case isTimeout(err):
		return outcome{status: StatusUnknown, detail: "微信未在时限内答复，可能已送达: " + err.Error()}
	default:
		return e.retry(r, err.Error())
	}
}

func (e *Engine) deliverSMS(ctx context.Context, r *row, kind Kind, params map[string]string, phone string) outcome {
	if kind.SMS == nil || phone == "" {
		return outcome{status: StatusSkipped, detail: "无短信模板或无手机号"}
	}
	res, err := e.SMS.Send(ctx, sms.Message{ID: r.ID, Phone: phone, TemplateID: kind.SMS.TemplateID, Params: smsParams(kind.SMS, params)})
	if err == nil {
		return outcome{status: StatusSent, providerID: res.SerialNo}
	}
	var se *sms.Error
	code := ""
	if errors.As(err, &se) {
		code = se.Code
	}
	switch sms.Classify(err) {
	case sms.Permanent:
		return outcome{status: StatusFailed, detail: err.Error()}
	case sms.Retry:
		return e.retry(r, err.Error())
	case sms.RateLimitedPerNumber:
		switch {
		case strings.Contains(code, "ThirtySecond") && r.Attempts > 1:
			// Default limits allow the same content once per 30 s: an
			// earlier attempt of this notice was most likely accepted.
			return outcome{status: StatusUnknown, detail: "30 秒限频，前一次尝试可能已被接受: " + err.Error()}
		case strings.Contains(code, "ThirtySecond"):
			return outcome{status: StatusPending, detail: err.Error(), retryAt: e.Clock.Now().Add(35 * time.Second)}
		case strings.Contains(code, "OneHour"):
			return outcome{status: StatusPending, detail: err.Error(), retryAt: e.Clock.Now().Add(time.Hour)}
		default: // daily limits
			return outcome{status: StatusPending, detail: err.Error(), retryAt: e.Clock.Now().Add(24 * time.Hour)}
		}
	default:
		return outcome{status: StatusUnknown, detail: "短信平台结果不明，可能已发送: " + err.Error()}
	}
}

// deliverLog writes the line that stands for a send (development, or a
// channel without credentials): exactly what would have gone out, with the
// phone number masked.
func (e *Engine) deliverLog(r *row, kind Kind, params map[string]string, phone string) outcome {
	attrs := []any{slog.Int64("notification_id", r.ID), slog.String("kind", r.Kind), slog.String("to", r.RecipientT)}
	switch {
	case r.OpenID != nil && kind.WeChat != nil:
		m := wechatMessage(*r.OpenID, r.Template, kind.WeChat, params)
		attrs = append(attrs, slog.String("as", ChannelWeChat), slog.String("template", kind.WeChat.Template),
			slog.String("page", m.Page), slog.Any("data", m.Data))
	case kind.SMS != nil:
		attrs = append(attrs, slog.String("as", ChannelSMS), slog.String("template_id", kind.SMS.TemplateID),
			slog.String("phone", pii.MaskPhone(phone)), slog.Any("params", smsParams(kind.SMS, params)))
	}
	e.Log.Info("notice (log channel)", attrs...)
	return outcome{status: StatusSent, providerID: "log"}
}

// retry schedules another attempt with exponential backoff and ±20 % jitter,
// or gives up after the configured attempts.
func (e *Engine) retry(r *row, detail string) outcome {
	if r.Attempts >= e.Rules.Retry.MaxAttempts {
		return outcome{status: StatusFailed, detail: fmt.Sprintf("%d 次尝试均失败: %s", r.Attempts, detail)}
	}
	d := e.Rules.Retry.backoff(r.Attempts)
	d = time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
	return outcome{status: StatusPending, detail: detail, retryAt: e.Clock.Now().Add(d)}
}

// record writes the outcome of an attempt onto the claimed row (store.DB
// tries it again on a deadlock: the notice has gone out, and a row left in
// sending would be sent again by the sweep). The attempt
// number names the claim: if the sweep took the row from this worker (it was
// sending for longer than sending_timeout) and another worker claimed it, this
// outcome no longer belongs to the row and is not written.
func (e *Engine) record(ctx context.Context, r *row, out outcome) error {
	if err := e.writeOutcome(ctx, r, out); err != nil {
		return err
	}
	label := out.status
	if out.fallback {
		label = "fallback_sms"
	}
	e.outcomes.WithLabelValues(r.Kind, r.Channel, label).Inc()
	if out.status == StatusFailed || out.status == StatusUnknown {
		e.Log.Warn("notice not sent", "notification_id", r.ID, "kind", r.Kind, "channel", r.Channel, "status", out.status, "reason", truncate(out.detail, 500))
	}
	return nil
}

func (e *Engine) writeOutcome(ctx context.Context, r *row, out outcome) error {
	now := e.Clock.Now()
	detail := truncate(out.detail, 500)
	var err error
	switch {
	case out.fallback:
		_, err = e.DB.ExecContext(ctx, `UPDATE notifications SET status = 'pending', channel = ?, openid = NULL, template = ?, last_error = ?, claimed_at = NULL, updated_at = ?
			WHERE id = ? AND status = 'sending' AND attempts = ?`, e.provider(ChannelSMS), e.Rules.Kinds[r.Kind].SMS.TemplateID, detail, now, r.ID, r.Attempts)
	case out.status == StatusSent:
		// Committed together with the sent outcomes of the other slots (sentWriter).
		return e.writeSent(ctx, r, out.providerID)
	case out.status == StatusPending:
		_, err = e.DB.ExecContext(ctx, `UPDATE notifications SET status = 'pending', not_before = ?, last_error = ?, claimed_at = NULL, updated_at = ?
			WHERE id = ? AND status = 'sending' AND attempts = ?`, out.retryAt, detail, now, r.ID, r.Attempts)
	default:
		_, err = e.DB.ExecContext(ctx, `UPDATE notifications SET status = ?, last_error = ?, claimed_at = NULL, updated_at = ?
			WHERE id = ? AND status = 'sending' AND attempts = ?`, out.status, detail, now, r.ID, r.Attempts)
	}
	if err != nil {
		return fmt.Errorf("notify: record %d: %w", r.ID, err)
	}
	return nil
}

// userOf is the WeChat user a row's openid belongs to, 0 when unknown.
func (e *Engine) userOf(ctx context.Context, r *row) int64 {
	if r.OpenID == nil || e.Users == nil {
		return 0
	}
	id, _, _ := e.Users.UserByOpenID(ctx, *r.OpenID)
	return id
}

func wechatMessage(openid, templateID string, rule *WeChatRule, params map[string]string) wechat.SubscribeMessage {
	data := make(map[string]string, len(rule.Data))
	for field, f := range rule.Data {
		data[field] = fieldValue(f.Type, params[f.Param])
	}
	page := rule.Page
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		page = strings.ReplaceAll(page, "{"+k+"}", params[k])
	}
	return wechat.SubscribeMessage{ToUser: openid, TemplateID: templateID, Page: page, Data: data}
}

func smsParams(rule *SMSRule, params map[string]string) []string {
	out := make([]string, len(rule.Params))
	for i, p := range rule.Params {
		out[i] = cutSMS(params[p], rule.MaxLen[p])
	}
	return out
}

// cutSMS cuts s to n characters, the last one "…" (Tencent refuses a
// variable longer than the account allows). n < 1 leaves s whole.
func cutSMS(s string, n int) string {
	r := []rune(s)
	if n < 1 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	if errors.As(err, &t) && t.Timeout() {
		return true
	}
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

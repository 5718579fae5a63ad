// Package notify turns "this person must be told" into a notice that is sent
// exactly once. Every notice is a row in MySQL, created inside the caller's
// transaction with a unique dedupe key; after commit its task is enqueued;
// the worker claims the row, sends it through WeChat, SMS or the log, and
// records the outcome. Redis is not the record: the sweep finds rows whose
// task was lost.
package notify

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/wechat"
)

// Statuses of a notice (README § Notifications).
const (
	StatusPending   = "pending"
	StatusSending   = "sending"
	StatusSent      = "sent"
	StatusDelivered = "delivered"
	StatusFailed    = "failed"
	StatusUnknown   = "unknown"
	StatusSkipped   = "skipped"
)

// Channels of a notice. ChannelLog stands for a channel without credentials
// (development): the log line shows exactly what would have been sent.
const (
	ChannelWeChat = "wechat"
	ChannelSMS    = "sms"
	ChannelLog    = "log"
)

// WeChatSender sends subscribe messages (server/wechat.Client).
type WeChatSender interface {
	SendSubscribe(ctx context.Context, m wechat.SubscribeMessage) error
}

// SMSSender sends text messages (server/sms).
type SMSSender interface {
	Send(ctx context.Context, m sms.Message) (sms.Result, error)
}

// Due is a notice ready for a worker at At.
type Due struct {
	ID    int64
	Queue string
	At    time.Time
	// Requeue is non-zero when the sweep hands over a notice that has been
	// due for longer than requeue_after: its task may be held by a worker
	// that died (asynq gives such a task back only after its lease expires),
	// so a new task is queued beside it. Two tasks for one notice are
	// harmless: only one can claim the row.
	Requeue int64
}

// Enqueuer hands due notices to the job queue (jobs implements it with
// asynq); a notice whose task is lost is found again by Sweep.
type Enqueuer interface {
	Enqueue(ctx context.Context, due []Due) error
}

// Limiter makes sends wait for their turn under a per-provider rate shared
// by all workers: Wait returns when n sends of channel may go.
type Limiter interface {
	Wait(ctx context.Context, channel string, n int) error
}

// Users finds the user of an openid (identity.Service): a refused WeChat
// notice uses up that user's grants.
type Users interface {
	UserByOpenID(ctx context.Context, openid string) (int64, bool, error)
}

// Deps are what the engine needs.
type Deps struct {
	DB    *store.DB
	Box   *pii.Box
	Clock clock.Clock
	Rules *Rules
	// TemplateIDs maps subscribe template keys (message_reply …) to WeChat template ids.
	TemplateIDs map[string]string
	// WeChat is nil without credentials: WeChat notices then go to the log.
	WeChat WeChatSender
	// SMS is nil for the log provider: SMS notices then go to the log.
	SMS     SMSSender
	Log     *slog.Logger
	Queue   Enqueuer
	Limiter Limiter
	Quiet   QuietHours
	// Users finds a WeChat user by openid; nil leaves grants alone when
	// WeChat refuses a notice.
	Users Users
	// Metrics registers the engine's counters; nil registers nowhere.
	Metrics prometheus.Registerer
}

// Engine creates and sends notices: its Deps, with New's defaults filled in.
type Engine struct {
	Deps
	outcomes *prometheus.CounterVec
	sent     *sentWriter
}

// New makes the engine.
func New(d Deps) *Engine {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	e := &Engine{Deps: d, sent: newSentWriter(), outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "liaison_notifications_total",
		Help: "Notice send attempts by kind, channel and outcome.",
	}, []string{"kind", "channel", "outcome"})}
	if d.Metrics != nil {
		d.Metrics.MustRegister(e.outcomes)
	}
	return e
}

// templateKey returns the subscribe template key of a WeChat template id.
func (e *Engine) templateKey(id string) (string, bool) {
	for k, v := range e.TemplateIDs {
		if v != "" && v == id {
			return k, true
		}
	}
	return "", false
}

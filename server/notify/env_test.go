package notify_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
	"github.com/liaison-stations/liaison/server/testkit/fakewechat"
	"github.com/liaison-stations/liaison/server/wechat"
)

// templateIDs are the subscribe template ids these tests configure.
var templateIDs = map[string]string{
	"message_reply":     "tmpl-reply",
	"message_followup":  "tmpl-followup",
	"activity_notice":   "tmpl-notice",
	"activity_reminder": "tmpl-reminder",
	"activity_changed":  "tmpl-changed",
}

// env is the engine on a fresh database with fake WeChat and Tencent SMS.
type env struct {
	db     *testkit.DB
	redis  *testkit.Redis
	wx     *fakewechat.Server
	sms    *fakesms.Server
	clock  *clock.Fixed
	box    *pii.Box
	logs   *testkit.Buffer
	rules  *notify.Rules
	engine *notify.Engine
	users  int
}

type option func(*notify.Deps)

func newEnv(t *testing.T, opts ...option) *env {
	t.Helper()
	e := &env{db: testkit.NewDB(t), redis: testkit.NewRedis(t), wx: fakewechat.New(t), logs: &testkit.Buffer{}}
	// 10:00 in Nanning on a Tuesday: outside quiet hours.
	e.clock = clock.NewFixed(time.Date(2024, 3, 12, 2, 0, 0, 0, time.UTC))
	e.sms = fakesms.New(t, fakesms.WithClock(e.clock))
	rules, err := notify.LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	require.NoError(t, err)
	rules.Retry.BaseDelay, rules.Retry.MaxDelay = time.Second, 4*time.Second
	e.rules = rules
	e.box, err = pii.NewBox(bytes.Repeat([]byte{3}, 32))
	require.NoError(t, err)
	wx, err := wechat.New(wechat.Config{AppID: e.wx.AppID(), Secret: e.wx.Secret(), APIBase: e.wx.URL()}, e.redis.Client, "notify-test:")
	require.NoError(t, err)
	sender, err := sms.NewTencent(sms.Config{SecretID: e.sms.SecretID(), SecretKey: e.sms.SecretKey(), SDKAppID: e.sms.SDKAppID(), Sign: e.sms.Sign(), Endpoint: e.sms.URL()})
	require.NoError(t, err)
	quiet, err := notify.ParseQuietHours("22:00-08:00")
	require.NoError(t, err)
	deps := notify.Deps{DB: e.db.DB, Box: e.box, Clock: e.clock, Rules: rules, TemplateIDs: templateIDs,
		WeChat: wx, SMS: sender, Quiet: quiet, Log: slog.New(slog.NewJSONHandler(e.logs, nil)), Users: identity.New(identity.Deps{DB: e.db.DB})}
	for _, o := range opts {
		o(&deps)
	}
	e.engine = notify.New(deps)
	return e
}

// user makes a WeChat user and returns its id and openid.
func (e *env) user(t *testing.T) (int64, string) {
	t.Helper()
	e.users++
	openid := fmt.Sprintf("openid-%d", e.users)
	res, err := e.db.ExecContext(t.Context(), `INSERT INTO users (openid, created_at, last_login_at) VALUES (?, NOW(3), NOW(3))`, openid)
	require.NoError(t, err)
	id, _ := res.LastInsertId()
	return id, openid
}

// grant records that the user accepted the template of key n times.
func (e *env) grant(t *testing.T, userID int64, key string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		_, err := e.engine.RecordGrants(t.Context(), userID, []string{templateIDs[key]})
		require.NoError(t, err)
	}
}

// create writes notices in one transaction, as a capability would.
func (e *env) create(t *testing.T, notices ...notify.Notice) []notify.Due {
	t.Helper()
	var due []notify.Due
	err := e.db.Tx(t.Context(), func(tx *sqlx.Tx) error {
		var err error
		due, err = e.engine.Create(t.Context(), tx, notices...)
		return err
	})
	require.NoError(t, err)
	return due
}

// send runs the handler for each due notice, as the worker would.
func (e *env) send(t *testing.T, due []notify.Due) {
	t.Helper()
	for _, d := range due {
		require.NoError(t, e.engine.Send(t.Context(), d.ID))
	}
}

type notice struct {
	Status    string    `db:"status"`
	Channel   string    `db:"channel"`
	Attempts  int       `db:"attempts"`
	LastError string    `db:"last_error"`
	Provider  *string   `db:"provider_id"`
	NotBefore time.Time `db:"not_before"`
}

func (e *env) row(t *testing.T, id int64) notice {
	t.Helper()
	var n notice
	require.NoError(t, e.db.GetContext(context.Background(), &n, `SELECT status, channel, attempts, last_error, provider_id, not_before FROM notifications WHERE id = ?`, id))
	return n
}

func replyNotice(key string, to notify.Recipient) notify.Notice {
	return notify.Notice{Kind: "message_reply", To: to, Subject: "message:42", DedupeKey: key,
		Params: map[string]string{"message_id": "42", "code": "LX2403-7K3Q", "station_name": "民生街道联络站", "reply": "已协调社区修复路灯", "replied_at": "2024-03-12T10:00:00+08:00"}}
}

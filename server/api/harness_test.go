package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/api"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/contract"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
	"github.com/liaison-stations/liaison/server/testkit/fakewechat"
	"github.com/liaison-stations/liaison/server/wechat"
)

// harness is the whole API on a fresh database, a Redis database of its own
// and a fake WeChat server.
type harness struct {
	srv        *api.Server
	db         *testkit.DB
	redis      *testkit.Redis
	wechat     *fakewechat.Server
	box        *pii.Box
	cfg        config.Config
	identity   *identity.Service
	registry   *registry.Service
	notify     *notify.Engine
	messages   *messages.Service
	activities *activities.Service
	sms        *fakesms.Server
	logs       *testkit.Buffer
	logger     *slog.Logger
}

var userSeq atomic.Int64

func newHarness(t *testing.T) *harness {
	t.Helper()
	db := testkit.NewDB(t)
	testkit.SeedAreas(t, db)
	// Whatever a test did to messages, the statistics' tallies still agree.
	t.Cleanup(func() { assert.NoError(t, messages.VerifyTallies(context.Background(), db.DB)) })
	rdb := testkit.NewRedis(t)
	fake := fakewechat.New(t)
	cfg := config.Defaults()
	cfg.WeChat.AppID, cfg.WeChat.Secret, cfg.WeChat.APIBase = fake.AppID(), fake.Secret(), fake.URL()
	wx, err := wechat.New(wechat.Config{AppID: cfg.WeChat.AppID, Secret: cfg.WeChat.Secret, APIBase: cfg.WeChat.APIBase}, rdb.Client, "liaison:test:")
	require.NoError(t, err)
	key, err := cfg.Key()
	require.NoError(t, err)
	box, err := pii.NewBox(key)
	require.NoError(t, err)
	reg := registry.New(registry.Deps{DB: db.DB, Box: box, WeChat: wx, StationPage: cfg.WeChat.StationPage})
	id := identity.New(identity.Deps{DB: db.DB, Registry: reg, WeChat: wx, SessionTTL: cfg.SessionTTL, InviteTTL: cfg.InviteTTL})
	logs := &testkit.Buffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	fakeSMS := fakesms.New(t)
	sender, err := sms.NewTencent(sms.Config{SecretID: fakeSMS.SecretID(), SecretKey: fakeSMS.SecretKey(), SDKAppID: fakeSMS.SDKAppID(), Sign: fakeSMS.Sign(), Endpoint: fakeSMS.URL()})
	require.NoError(t, err)
	rules, err := notify.LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	require.NoError(t, err)
	cfg.Templates = config.Templates{MessageReply: "tmpl-reply", MessageFollowup: "tmpl-followup", ActivityNotice: "tmpl-notice", ActivityReminder: "tmpl-reminder", ActivityChanged: "tmpl-changed"}
	cfg.SMS.ReceiptSecret = "receipt-secret-0123456789"
	engine := notify.New(notify.Deps{DB: db.DB, Box: box, Rules: rules, TemplateIDs: cfg.Templates.ByKey(), WeChat: wx, SMS: sender, Log: logger, Users: id})
	queues := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "<html>asynqmon</html>") })
	h := &harness{db: db, redis: rdb, wechat: fake, box: box, cfg: cfg, identity: id, registry: reg, notify: engine, sms: fakeSMS, logs: logs, logger: logger}
	// Each capability builds its service for the tests in a file of its own.
	h.messages = messagesForTest(t, h)
	h.activities = activitiesForTest(t, h)
	h.srv = api.New(api.Deps{Config: h.cfg, DB: db.DB, Redis: rdb.Client, Logger: logger, Clock: clock.System{}, Identity: id, Registry: reg,
		Notify: engine, Messages: h.messages, Activities: h.activities, Queues: queues})
	return h
}

// signIn signs a new WeChat user in through POST /auth/wechat and returns the token and user id.
func (h *harness) signIn(t *testing.T) (string, int64) {
	t.Helper()
	n := userSeq.Add(1)
	code := fmt.Sprintf("code-%d", n)
	h.wechat.AddLogin(code, fmt.Sprintf("openid-%d", n), "")
	w := h.do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": code})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var out struct {
		Token string `json:"token"`
		User  struct {
			ID int64 `json:"id"`
		} `json:"user"`
	}
	decode(t, w, &out)
	return out.Token, out.User.ID
}

// token is a signed-in user holding grants (set up directly in the database).
func (h *harness) token(t *testing.T, grants ...access.Grant) string {
	t.Helper()
	tok, userID := h.signIn(t)
	for _, g := range grants {
		var area, deputy any
		if g.AreaCode != "" {
			area = g.AreaCode
		}
		if g.DeputyID != 0 {
			deputy = g.DeputyID
			h.db.Exec(t, "UPDATE users SET deputy_id = ? WHERE id = ?", g.DeputyID, userID)
		}
		res, err := h.db.ExecContext(t.Context(), "INSERT INTO user_roles (user_id, role, area_code, deputy_id, created_at) VALUES (?, ?, ?, ?, NOW(3))",
			userID, g.Role, area, deputy)
		require.NoError(t, err)
		roleID, _ := res.LastInsertId()
		for _, sid := range g.StationIDs {
			h.db.Exec(t, "INSERT INTO role_stations (role_id, station_id) VALUES (?, ?)", roleID, sid)
		}
	}
	return tok
}

func (h *harness) admin(t *testing.T) string {
	return h.token(t, access.Grant{Role: access.RoleAdmin})
}

// do sends a request with a JSON body (nil for none) and the bearer token (empty for none).
func (h *harness) do(t *testing.T, method, path, token string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		r = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	h.srv.ServeHTTP(w, req)
	contract.CheckJSON(t, req, body, w)
	return w
}

// station inserts a station directly and returns its id. It was created
// long ago (the rules of item 4 apply from a station's creation, and tests
// look at past years on test clocks).
func (h *harness) station(t *testing.T, name, area string) int64 {
	t.Helper()
	res, err := h.db.ExecContext(t.Context(), `INSERT INTO stations (name, kind, area_code, address, latitude, longitude, created_at, updated_at)
		VALUES (?, 'community', ?, '', 22.817, 108.366, '2020-01-01 00:00:00', NOW(3))`, name, area)
	require.NoError(t, err)
	id, _ := res.LastInsertId()
	return id
}

// deputy inserts a deputy with a sealed phone, member of the given stations.
func (h *harness) deputy(t *testing.T, name, phone string, stations ...int64) int64 {
	t.Helper()
	sealed, err := h.box.Seal(phone)
	require.NoError(t, err)
	res, err := h.db.ExecContext(t.Context(), `INSERT INTO deputies (name, phone_enc, phone_hash, levels, created_at, updated_at)
		VALUES (?, ?, ?, 'county', NOW(3), NOW(3))`, name, sealed, h.box.Hash(phone))
	require.NoError(t, err)
	id, _ := res.LastInsertId()
	for _, s := range stations {
		h.db.Exec(t, "INSERT INTO station_deputies (station_id, deputy_id, created_at) VALUES (?, ?, NOW(3))", s, id)
	}
	return id
}

func decode(t *testing.T, w *httptest.ResponseRecorder, dst any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), dst), w.Body.String())
}

// errorCode returns the error code of an error answer.
func errorCode(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var e struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	decode(t, w, &e)
	require.NotEmpty(t, e.Error.Message, "an error answer carries a message for people")
	return e.Error.Code
}

// errorFields returns the fields at fault of a 400 answer.
func errorFields(t *testing.T, w *httptest.ResponseRecorder) map[string]string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	decode(t, w, &e)
	return e.Error.Fields
}

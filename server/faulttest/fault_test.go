package faulttest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/cluster"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
	"github.com/liaison-stations/liaison/server/testkit/fakewechat"
	"github.com/liaison-stations/liaison/server/testkit/procs"
)

const (
	deputies = 2000 // one notice each: even ones by WeChat, odd ones by SMS
	// workerConcurrency bounds what one worker has in flight, so what the
	// killed worker may have handed to a provider without recording it.
	workerConcurrency = 8
	providerLatency   = 50 * time.Millisecond
)

// TestAWaveSurvivesADatabaseNodeAndAWorkerKilled runs liaison as in
// production, on three Galera nodes and a three-master Redis Cluster: API
// processes on nodes 1 and 2, workers on nodes 2 and 3. It publishes an
// activity to 2 000 deputies through the API, and in the middle of the
// wave kills (SIGKILL) database node 2 and the worker attached to it. Every
// notice must still be sent; one may reach its recipient twice only in the
// window notify.(*Engine).Send documents (the provider accepted it, the
// process died before recording it): at most what the killed worker had in
// flight. The API on node 2 says 503 on /readyz while its node is down and
// 200 once it has rejoined.
func TestAWaveSurvivesADatabaseNodeAndAWorkerKilled(t *testing.T) {
	cluster.SkipWithoutGalera(t)
	began := time.Now()
	binDir := t.TempDir()
	built := make(chan error, 1)
	var bin string
	go func() {
		var err error
		bin, err = procs.Build(binDir)
		built <- err
	}()

	rc := cluster.StartRedisCluster(t)
	g := cluster.StartGalera(t)
	t.Logf("clusters up in %s", time.Since(began).Round(time.Second))
	require.NoError(t, <-built)

	wx, sms := fakewechat.New(t), fakesms.New(t)
	wx.Latency(providerLatency)
	sms.Latency(providerLatency)
	// A notice sent twice must show as twice, not be refused by Tencent's
	// 30-second rule (which would leave the row unknown instead of sent).
	sms.ThirtySecondLimit(false)

	configs := testConfigs(t)
	base := map[string]string{
		"LIAISON_CONFIG":                   filepath.Join(configs, "config.yaml"),
		"LIAISON_REDIS_ADDR":               rc.Addr(),
		"LIAISON_LOG_LEVEL":                "info",
		"LIAISON_QUIET_HOURS":              "",
		"LIAISON_SCAN_INTERVAL":            "2s",
		"LIAISON_WORKER_CONCURRENCY":       fmt.Sprint(workerConcurrency),
		"LIAISON_UPLOADS_DIR":              t.TempDir(),
		"LIAISON_WECHAT_APPID":             wx.AppID(),
		"LIAISON_WECHAT_SECRET":            wx.Secret(),
		"LIAISON_WECHAT_API_BASE":          wx.URL(),
		"LIAISON_TEMPLATE_ACTIVITY_NOTICE": "tmpl-notice",
		"LIAISON_SMS_PROVIDER":             "tencent",
		"LIAISON_SMS_ENDPOINT":             sms.URL(),
		"LIAISON_SMS_SECRET_ID":            sms.SecretID(),
		"LIAISON_SMS_SECRET_KEY":           sms.SecretKey(),
		"LIAISON_SMS_SDK_APP_ID":           sms.SDKAppID(),
		"LIAISON_SMS_SIGN":                 sms.Sign(),
	}
	on := func(node int, extra ...string) map[string]string {
		env := map[string]string{"LIAISON_MYSQL_DSN": g.Nodes[node-1].DSN("liaison")}
		for k, v := range base {
			env[k] = v
		}
		for i := 0; i+1 < len(extra); i += 2 {
			env[extra[i]] = extra[i+1]
		}
		return env
	}

	out, err := procs.RunOnce(bin, on(1), "migrate", "up")
	require.NoError(t, err, out)
	db, err := store.Open(t.Context(), g.Nodes[0].DSN("liaison"))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	tdb := &testkit.DB{DB: db, DSN: g.Nodes[0].DSN("liaison"), Name: "liaison"}
	admin := seed(t, tdb)

	apiAddrs := []string{procs.FreeAddr(t), procs.FreeAddr(t)}
	apis := []*procs.Proc{
		procs.Start(t, "serve-node1", bin, on(1, "LIAISON_HTTP_ADDR", apiAddrs[0]), "serve"),
		procs.Start(t, "serve-node2", bin, on(2, "LIAISON_HTTP_ADDR", apiAddrs[1]), "serve"),
	}
	workerAddrs := []string{procs.FreeAddr(t), procs.FreeAddr(t)}
	workers := []*procs.Proc{
		procs.Start(t, "worker-node2", bin, on(2, "LIAISON_WORKER_METRICS_ADDR", workerAddrs[0]), "worker"),
		procs.Start(t, "worker-node3", bin, on(3, "LIAISON_WORKER_METRICS_ADDR", workerAddrs[1]), "worker"),
	}
	for i, a := range apiAddrs {
		require.Eventually(t, func() bool { return procs.Status("http://"+a+"/readyz") == http.StatusOK }, 30*time.Second, 100*time.Millisecond,
			"%s ready", apis[i].Name)
	}
	for i, a := range workerAddrs {
		require.Eventually(t, func() bool { return procs.Status("http://"+a+"/healthz") == http.StatusOK }, 30*time.Second, 100*time.Millisecond,
			"%s up", workers[i].Name)
	}

	sent := func() int { return tdb.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sent'") }
	published := time.Now()
	publish(t, "http://"+apiAddrs[0], admin)
	t.Logf("publish answered in %s", time.Since(published).Round(time.Millisecond))
	// A large activity's notices are written in chunks after the publish
	// answers (a fan-out task): let it finish before anything is killed.
	notices := func() int { return tdb.Count(t, "SELECT COUNT(*) FROM notifications") }
	require.Eventually(t, func() bool { return notices() >= deputies }, 60*time.Second, 50*time.Millisecond, "the fan-out writes the notices")
	require.Equal(t, deputies, notices(), "one notice per deputy")
	t.Logf("notices written %s after the publish", time.Since(published).Round(time.Millisecond))

	require.Eventually(t, func() bool { return sent() >= deputies*3/10 }, 60*time.Second, 20*time.Millisecond, "the wave is under way")
	// The database node goes first: the worker's sends in flight then
	// complete at the providers and cannot be recorded, the harshest case
	// of the double-send window, before the worker itself is killed.
	g.Kill(2)
	workers[0].Kill()
	killedAt := time.Now()
	inFlight := tdb.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sending'")
	t.Logf("killed database node 2 and %s after %s: %d sent, %d sending", workers[0].Name,
		killedAt.Sub(published).Round(time.Millisecond), sent(), inFlight)

	nodeTwoAPI := "http://" + apiAddrs[1] + "/readyz"
	require.Eventually(t, func() bool { return procs.Status(nodeTwoAPI) == http.StatusServiceUnavailable }, 20*time.Second, 100*time.Millisecond,
		"the API on the dead node says it is not ready")
	assert.Equal(t, http.StatusOK, procs.Status("http://"+apiAddrs[0]+"/readyz"), "the API on node 1 stays ready")

	g.WaitSynced(30 * time.Second) // nodes 1 and 3 go on as a cluster of two
	rejoin := time.Now()
	g.Rejoin(2, 90*time.Second)
	t.Logf("node 2 rejoined in %s", time.Since(rejoin).Round(time.Millisecond))
	require.Eventually(t, func() bool { return procs.Status(nodeTwoAPI) == http.StatusOK }, 30*time.Second, 100*time.Millisecond,
		"the API on node 2 is ready again once its node has rejoined")

	require.Eventually(t, func() bool { return sent() == deputies }, 120*time.Second, 200*time.Millisecond,
		"every notice is sent (sent %d of %d)", sent(), deputies)
	t.Logf("wave done %s after the kill", time.Since(killedAt).Round(time.Millisecond))

	twice := received(t, wx, sms)
	t.Logf("received twice (provider accepted, process killed before recording): %d", twice)
	assert.LessOrEqual(t, twice, workerConcurrency, "only what the killed worker had in flight may have gone twice")

	for _, p := range append(apis, workers[1]) {
		assert.False(t, p.Exited(), "%s is still running", p.Name)
	}
	deadlocks := 0
	for _, p := range append(apis, workers...) {
		deadlocks += strings.Count(p.Logs(), "Error 1213")
	}
	// The killed worker's claims (committed, some never acknowledged by the
	// dying node) are settled only by the sweep of the surviving worker.
	recovered := strings.Count(workers[1].Logs(), "recovered notices a stopped worker left in sending")
	t.Logf("log lines: %d with Error 1213 (certification conflicts), %d sweeps that recovered rows left in sending", deadlocks, recovered)
	assert.Positive(t, recovered, "the sweep sent again what the killed worker had claimed")
	t.Logf("total %s", time.Since(began).Round(time.Second))
}

// received checks that every deputy got the notice by the channel chosen,
// and counts the deputies who got it more than once.
func received(t *testing.T, wx *fakewechat.Server, sms *fakesms.Server) int {
	t.Helper()
	byOpenID := map[string]int{}
	for _, m := range wx.SentSubscribeMessages() {
		byOpenID[m.ToUser]++
	}
	twice := 0
	for i := 0; i < deputies; i++ {
		n := 0
		if i%2 == 0 {
			n = byOpenID[openID(i)]
		} else {
			n = sms.Count(phone(i))
		}
		if n == 0 {
			t.Errorf("deputy %d received nothing", i+1)
		}
		twice += max(0, n-1)
	}
	assert.Zero(t, sms.Count(phone(0)), "a deputy reached on WeChat gets no SMS")
	return twice
}

func phone(i int) string  { return fmt.Sprintf("139%08d", i) }
func openID(i int) string { return fmt.Sprintf("o-deputy-%d", i) }

// testConfigs is a copy of configs/ whose notifications.yaml has short
// timeouts (a row left sending is sent again after 15 s, not 2 minutes) and
// rate limits that let the wave pass in seconds.
func testConfigs(t *testing.T) string {
	return procs.Configs(t, func(rules map[string]any) {
		rules["sending_timeout"] = "15s"
		rules["requeue_after"] = "5s"
		rules["retry"] = map[string]any{"max_attempts": 30, "base_delay": "500ms", "max_delay": "5s"}
		rules["rate_limits"] = map[string]any{"wechat": 500, "sms": 500}
	})
}

// seed makes station 1 with the deputies (the even ones signed in on
// WeChat, holding a grant for the activity notice) and an admin, and
// returns the admin's token. Phones are sealed with the development key,
// which the processes use too.
func seed(t *testing.T, db *testkit.DB) string {
	t.Helper()
	testkit.SeedAreas(t, db)
	key, err := config.Defaults().Key()
	require.NoError(t, err)
	box, err := pii.NewBox(key)
	require.NoError(t, err)
	db.Exec(t, `INSERT INTO stations (id, name, kind, area_code, latitude, longitude, checkin_radius_m, created_at, updated_at)
		VALUES (1, '民生街道联络站', 'community', ?, 22.817, 108.366, 300, NOW(3), NOW(3))`, testkit.AreaMinsheng)
	const batch = 500
	for from := 0; from < deputies; from += batch {
		var dep, link, users, grants []string
		var depArgs, userArgs []any
		for i := from; i < min(from+batch, deputies); i++ {
			sealed, err := box.Seal(phone(i))
			require.NoError(t, err)
			dep = append(dep, "(?, ?, ?, ?, 'township', NOW(3), NOW(3))")
			depArgs = append(depArgs, i+1, fmt.Sprintf("代表%d", i+1), sealed, box.Hash(phone(i)))
			link = append(link, fmt.Sprintf("(1, %d, NOW(3))", i+1))
			if i%2 == 0 {
				users = append(users, "(?, ?, ?, NOW(3), NOW(3))")
				userArgs = append(userArgs, 10000+i, openID(i), i+1)
				grants = append(grants, fmt.Sprintf("(%d, 'activity_notice', 1, 0, NOW(3))", 10000+i))
			}
		}
		db.Exec(t, `INSERT INTO deputies (id, name, phone_enc, phone_hash, levels, created_at, updated_at) VALUES `+strings.Join(dep, ","), depArgs...)
		db.Exec(t, `INSERT INTO station_deputies (station_id, deputy_id, created_at) VALUES `+strings.Join(link, ","))
		db.Exec(t, `INSERT INTO users (id, openid, deputy_id, created_at, last_login_at) VALUES `+strings.Join(users, ","), userArgs...)
		db.Exec(t, `INSERT INTO subscription_grants (user_id, template_key, remaining, long_term, updated_at) VALUES `+strings.Join(grants, ","))
	}
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)
	db.Exec(t, `INSERT INTO users (id, openid, created_at, last_login_at) VALUES (1, 'o-admin', NOW(3), NOW(3))`)
	db.Exec(t, `INSERT INTO user_roles (user_id, role, created_at) VALUES (1, 'admin', NOW(3))`)
	hash := sha256.Sum256([]byte(token))
	db.Exec(t, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, 1, NOW(3), ?)`, hash[:], time.Now().Add(time.Hour).UTC())
	return token
}

// publish publishes a reception day in three days to everyone of station 1,
// as staff would.
func publish(t *testing.T, base, token string) {
	t.Helper()
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	var draft struct{ ID int64 }
	call(t, base, "POST", "/api/v1/admin/activities", token, map[string]any{
		"station_id": 1, "kind": "reception_day", "title": "代表接待日", "start_at": start.Format(time.RFC3339),
		"end_at": start.Add(2 * time.Hour).Format(time.RFC3339), "venue": "民生街道联络站", "invitees": map[string]any{"station_id": 1},
	}, &draft)
	call(t, base, "POST", fmt.Sprintf("/api/v1/admin/activities/%d/publish", draft.ID), token, nil, nil)
}

func call(t *testing.T, base, method, path, token string, body, out any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		r = bytes.NewReader(data)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, method, base+path, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	require.Less(t, resp.StatusCode, 300, "%s %s: %s", method, path, data)
	if out != nil {
		require.NoError(t, json.Unmarshal(data, out))
	}
}

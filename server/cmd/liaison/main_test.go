package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
)

// run runs one liaison command in-process with the given environment.
func run(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot(config.Environ(env), &out, &errOut)
	root.SetArgs(append([]string{"--config", filepath.Join("..", "..", "..", "configs", "config.yaml")}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func freshDSN(t *testing.T) string {
	cfg, err := mysql.ParseDSN(testkit.BaseDSN())
	require.NoError(t, err)
	cfg.DBName = "liaison_cmd_test_" + regexp.MustCompile(`\W`).ReplaceAllString(t.Name(), "_")
	dsn := cfg.FormatDSN()
	require.NoError(t, store.DropDatabase(context.Background(), dsn))
	t.Cleanup(func() { _ = store.DropDatabase(context.Background(), dsn) })
	return dsn
}

func TestProductionRefusesToStartWithUnsafeSettings(t *testing.T) {
	for _, cmd := range []string{"serve", "worker", "all"} {
		_, err := run(t, map[string]string{"LIAISON_ENV": "production"}, cmd)
		require.Error(t, err, cmd)
		assert.Contains(t, err.Error(), "LIAISON_CRYPTO_KEY")
		assert.Contains(t, err.Error(), "LIAISON_WECHAT_APPID")
	}
	_, err := run(t, map[string]string{"LIAISON_ENV": "production", "LIAISON_DEV_LOGIN": "true",
		"LIAISON_CRYPTO_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "LIAISON_WECHAT_APPID": "wx1", "LIAISON_WECHAT_SECRET": "s"}, "serve")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "dev_login")
}

func TestMigrateUpCreatesTheDatabaseAndIsSafeTwice(t *testing.T) {
	env := map[string]string{"LIAISON_MYSQL_DSN": freshDSN(t)}
	out, err := run(t, env, "migrate", "status")
	require.Error(t, err, "status of a database that does not exist yet is an error")

	out, err = run(t, env, "migrate", "up")
	require.NoError(t, err)
	assert.Regexp(t, `^schema at version (\d+) \(latest \d+\)`, out)
	out2, err := run(t, env, "migrate", "up")
	require.NoError(t, err)
	assert.Equal(t, out, out2)
	out, err = run(t, env, "migrate", "status")
	require.NoError(t, err)
	assert.Contains(t, out, "up to date")
}

func TestAreasImportAndAdminInvite(t *testing.T) {
	dsn := freshDSN(t)
	env := map[string]string{"LIAISON_MYSQL_DSN": dsn}
	_, err := run(t, env, "migrate", "up")
	require.NoError(t, err)

	csv := filepath.Join("..", "..", "..", "configs", "areas", "guangxi.csv")
	out, err := run(t, env, "areas", "import", "--file", csv)
	require.NoError(t, err)
	assert.Contains(t, out, "imported 1410 areas")
	_, err = run(t, env, "areas", "import", "--file", csv)
	require.NoError(t, err, "importing twice is harmless")

	db, err := store.Open(context.Background(), dsn)
	require.NoError(t, err)
	defer db.Close()
	count := func(q string, args ...any) int {
		var n int
		require.NoError(t, db.Get(&n, q, args...))
		return n
	}
	assert.Equal(t, 1410, count("SELECT COUNT(*) FROM areas"))
	assert.Equal(t, 14, count("SELECT COUNT(*) FROM areas WHERE parent_code = '450000'"), "Guangxi has 14 cities")
	var name string
	require.NoError(t, db.Get(&name, "SELECT name FROM areas WHERE code = '450100'"))
	assert.Equal(t, "南宁市", name)

	out, err = run(t, env, "admin", "invite", "--role", "admin")
	require.NoError(t, err)
	assert.Regexp(t, `invite code: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\n`, out)
	assert.Equal(t, 1, count("SELECT COUNT(*) FROM invites WHERE role = 'admin' AND created_by IS NULL"))

	_, err = run(t, env, "admin", "invite", "--role", "staff")
	require.Error(t, err, "a staff invite needs a scope")
	assert.Regexp(t, `\n  \S+: \S`, describe(err), "the operator is told which setting is at fault: %s", describe(err))
	assert.Equal(t, 1, count("SELECT COUNT(*) FROM invites"))

	// Someone who left: every role and session gone.
	_, err = db.Exec("INSERT INTO users (openid, created_at, last_login_at) VALUES ('departed', NOW(3), NOW(3))")
	require.NoError(t, err)
	var uid int64
	require.NoError(t, db.Get(&uid, "SELECT id FROM users WHERE openid = 'departed'"))
	_, err = db.Exec("INSERT INTO user_roles (user_id, role, area_code, created_at) VALUES (?, 'staff', '450100', NOW(3))", uid)
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (UNHEX(SHA2('t', 256)), ?, NOW(3), NOW(3) + INTERVAL 1 DAY)", uid)
	require.NoError(t, err)
	out, err = run(t, env, "admin", "revoke", "--user", fmt.Sprint(uid))
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("user %d: 1 roles removed, 1 sessions ended, 0 invites cancelled\n", uid), out)
	assert.Equal(t, 0, count("SELECT COUNT(*) FROM user_roles WHERE user_id = ?", uid))
	assert.Equal(t, 0, count("SELECT COUNT(*) FROM sessions WHERE user_id = ? AND revoked_at IS NULL", uid))
	_, err = run(t, env, "admin", "revoke", "--user", "999999")
	require.Error(t, err, "an unknown user")
	_, err = run(t, env, "admin", "revoke")
	require.ErrorContains(t, err, "--user")
}

func TestStatsCheckAndRebuild(t *testing.T) {
	dsn := freshDSN(t)
	env := map[string]string{"LIAISON_MYSQL_DSN": dsn}
	_, err := run(t, env, "migrate", "up")
	require.NoError(t, err)
	_, err = run(t, env, "areas", "import", "--file", filepath.Join("..", "..", "..", "configs", "areas", "guangxi.csv"))
	require.NoError(t, err)
	out, err := run(t, env, "stats", "check")
	require.NoError(t, err)
	assert.Equal(t, "the tallies agree with the messages\n", out)

	// A message written by hand, past the service: not in the tallies.
	db, err := store.Open(context.Background(), dsn)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`INSERT INTO stations (name, kind, area_code, created_at, updated_at) VALUES ('民生街道联络站', 'community', '450102001', NOW(3), NOW(3))`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO messages (code, station_id, county_code, category, content, status, accept_due, reply_due, created_at, updated_at)
		SELECT 'LX-HAND-1', id, '450102', 'other', '手工录入', 'submitted', NOW(3), NOW(3), '2026-03-01 02:00:00', NOW(3) FROM stations`)
	require.NoError(t, err)
	_, err = run(t, env, "stats", "check")
	require.Error(t, err)
	assert.Contains(t, describe(err), "2026-03-01 450102: tallied [0 0 0 0 0 0 0 0 0 0 0 0 0], counted [1 0 0 0 0 0 0 0 0 0 0 0 0]")
	assert.Contains(t, describe(err), "liaison stats rebuild")

	out, err = run(t, env, "stats", "rebuild")
	require.NoError(t, err)
	assert.Contains(t, out, "counted again")
	_, err = run(t, env, "stats", "check")
	require.NoError(t, err)
	var received int
	require.NoError(t, db.Get(&received, `SELECT received FROM message_tallies WHERE month = TRUE AND day = '2026-03-01' AND county_code = '450102'`))
	assert.Equal(t, 1, received)
}

func TestTheWorkerAloneServesMetricsAndHealth(t *testing.T) {
	dsn := freshDSN(t)
	rdb := testkit.NewRedis(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{"LIAISON_MYSQL_DSN": dsn, "LIAISON_REDIS_ADDR": rdb.Addr, "LIAISON_REDIS_DB": fmt.Sprint(rdb.DB),
		"LIAISON_WORKER_METRICS_ADDR": addr}
	_, err = run(t, env, "migrate", "up")
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		root := newRoot(config.Environ(env), io.Discard, io.Discard)
		root.SetArgs([]string{"--config", filepath.Join("..", "..", "..", "configs", "config.yaml"), "worker"})
		done <- root.ExecuteContext(ctx)
	}()
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, ""
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	require.Eventually(t, func() bool { code, _ := get("/healthz"); return code == http.StatusOK }, 20*time.Second, 50*time.Millisecond)
	_, metrics := get("/metrics")
	assert.Contains(t, metrics, "go_goroutines")
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "the worker stops cleanly")
	case <-time.After(40 * time.Second):
		t.Fatal("the worker did not stop")
	}
	code, _ := get("/healthz")
	assert.Zero(t, code, "its metrics server is closed")
}

package api_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/api"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
)

const (
	sustainedRate     = 500 // check-ins a second
	sustainedDuration = 10 * time.Second
)

// BenchmarkCheckinHTTPSustained sends check-ins at a steady 500 requests a
// second for 10 seconds (5 000 deputies, each once) over real HTTP on
// loopback to the whole API (authentication, scope, activities.CheckIn on
// MariaDB), open loop: a slow answer does not slow the sender. Reported:
// the achieved rate, p50/p99 latency, the peak Go heap of the process, and
// the raw single-row INSERT rate of the same database measured in the same
// run. One iteration is one run.
func BenchmarkCheckinHTTPSustained(b *testing.B) {
	db := testkit.NewDB(b)
	testkit.SeedAreas(b, db)
	rdb := testkit.NewRedis(b)
	box, _ := pii.NewBox(bytes.Repeat([]byte{9}, 32))
	quiet := slog.New(slog.NewJSONHandler(io.Discard, nil))
	rules, err := notify.LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	actRules, err := activities.LoadRules(filepath.Join("..", "..", "configs", "activities.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	engine := notify.New(notify.Deps{DB: db.DB, Box: box, Rules: rules, Log: quiet})
	reg := registry.New(registry.Deps{DB: db.DB, Box: box})
	id := identity.New(identity.Deps{DB: db.DB, Registry: reg})
	act := activities.New(activities.Deps{DB: db.DB, Box: box, Notify: engine, Registry: reg, Identity: id, Log: quiet, Rules: actRules})
	srv := httptest.NewServer(api.New(api.Deps{Config: config.Defaults(), DB: db.DB, Redis: rdb.Client, Logger: quiet,
		Identity: id, Registry: reg, Notify: engine, Activities: act}))
	defer srv.Close()

	n := int(sustainedRate * sustainedDuration / time.Second)
	tokens := seedDeputies(b, db, box, n)
	admin := seedToken(b, db, 0, access.RoleAdmin)
	activity := publishNow(b, srv.URL, admin)

	var code string
	var codeMu sync.Mutex
	refresh := func() {
		var out struct{ Code string }
		call(b, srv.URL, "GET", fmt.Sprintf("/api/v1/admin/activities/%d/checkin-code", activity), admin, nil, &out)
		codeMu.Lock()
		code = out.Code
		codeMu.Unlock()
	}
	refresh()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1000, MaxConnsPerHost: 1000}, Timeout: 30 * time.Second}
	heap := testkit.SampleHeap()
	latencies := make([]time.Duration, n)
	var failed atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	tick := time.NewTicker(time.Second / sustainedRate)
	for i := 0; i < n; i++ {
		<-tick.C
		if i%(sustainedRate*10) == 0 && i > 0 {
			go refresh() // the code rotates every 30 s; the previous slot is accepted too
		}
		codeMu.Lock()
		c := code
		codeMu.Unlock()
		wg.Add(1)
		go func(i int, c string) {
			defer wg.Done()
			body, _ := json.Marshal(map[string]any{"code": c, "latitude": 22.817, "longitude": 108.366})
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/activities/%d/checkin", srv.URL, activity), bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tokens[i])
			req.Header.Set("Content-Type", "application/json")
			t0 := time.Now()
			resp, err := client.Do(req)
			latencies[i] = time.Since(t0)
			if err != nil {
				failed.Add(1)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				failed.Add(1)
			}
		}(i, c)
	}
	tick.Stop()
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	peak := heap.Stop()
	if f := failed.Load(); f > 0 {
		b.Fatalf("%d of %d check-ins failed", f, n)
	}
	if got := db.Count(b, "SELECT COUNT(*) FROM activity_checkins WHERE activity_id = ?", activity); got != n {
		b.Fatalf("%d check-ins recorded, want %d", got, n)
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(n)/elapsed.Seconds(), "checkins/s")
	b.ReportMetric(float64(latencies[n/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(latencies[n*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(rawInsertRate(b, db), "raw-inserts/s")
}

// seedDeputies makes n deputies of station 1, each bound to a WeChat user
// with a deputy role and a session, and returns their bearer tokens.
func seedDeputies(b *testing.B, db *testkit.DB, box *pii.Box, n int) []string {
	db.Exec(b, `INSERT INTO stations (id, name, kind, area_code, latitude, longitude, checkin_radius_m, created_at, updated_at)
		VALUES (1, '民生街道联络站', 'community', ?, 22.817, 108.366, 300, NOW(3), NOW(3))`, testkit.AreaMinsheng)
	tokens := make([]string, n)
	for i := 0; i < n; i++ {
		phone := fmt.Sprintf("137%08d", i)
		sealed, _ := box.Seal(phone)
		db.Exec(b, `INSERT INTO deputies (id, name, phone_enc, phone_hash, levels, created_at, updated_at) VALUES (?, ?, ?, ?, 'township', NOW(3), NOW(3))`,
			i+1, fmt.Sprintf("代表%d", i), sealed, box.Hash(phone))
		db.Exec(b, `INSERT INTO station_deputies (station_id, deputy_id, created_at) VALUES (1, ?, NOW(3))`, i+1)
		tokens[i] = seedToken(b, db, int64(i+1), access.RoleDeputy)
	}
	return tokens
}

// seedToken makes a user with one role (a deputy's when deputyID is set) and
// a session, stored as identity stores it (the token's SHA-256).
func seedToken(b *testing.B, db *testkit.DB, deputyID int64, role string) string {
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)
	var deputy any
	if deputyID != 0 {
		deputy = deputyID
	}
	res, err := db.ExecContext(context.Background(), `INSERT INTO users (openid, deputy_id, created_at, last_login_at) VALUES (?, ?, NOW(3), NOW(3))`, "bench-"+token[:16], deputy)
	if err != nil {
		b.Fatal(err)
	}
	user, _ := res.LastInsertId()
	db.Exec(b, `INSERT INTO user_roles (user_id, role, deputy_id, created_at) VALUES (?, ?, ?, NOW(3))`, user, role, deputy)
	hash := sha256.Sum256([]byte(token))
	db.Exec(b, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, NOW(3), ?)`, hash[:], user, time.Now().Add(time.Hour).UTC())
	return token
}

// publishNow publishes a reception day starting in 30 minutes (the check-in
// window is open) to everyone of station 1.
func publishNow(b *testing.B, base, admin string) int64 {
	start := time.Now().Add(30 * time.Minute).Truncate(time.Minute)
	var draft struct{ ID int64 }
	call(b, base, "POST", "/api/v1/admin/activities", admin, map[string]any{
		"station_id": 1, "kind": "reception_day", "title": "代表接待日", "start_at": start.Format(time.RFC3339),
		"end_at": start.Add(2 * time.Hour).Format(time.RFC3339), "venue": "民生街道联络站", "invitees": map[string]any{"station_id": 1},
	}, &draft)
	call(b, base, "POST", fmt.Sprintf("/api/v1/admin/activities/%d/publish", draft.ID), admin, nil, nil)
	return draft.ID
}

func call(b *testing.B, base, method, path, token string, body, out any) {
	var r io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		r = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, base+path, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		b.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			b.Fatal(err)
		}
	}
}

// rawInsertRate is single-row autocommit INSERTs a second into the same
// database from 100 connections: the ceiling of anything that writes a row.
func rawInsertRate(b *testing.B, db *testkit.DB) float64 {
	db.Exec(b, `CREATE TABLE bench_raw_http (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, a BIGINT NOT NULL, at DATETIME(3) NOT NULL) ENGINE=InnoDB`)
	const conns, each = 100, 50
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := db.ExecContext(context.Background(), `INSERT INTO bench_raw_http (a, at) VALUES (?, NOW(3))`, c*each+i); err != nil {
					b.Error(err)
					return
				}
			}
		}(c)
	}
	wg.Wait()
	return conns * each / time.Since(start).Seconds()
}

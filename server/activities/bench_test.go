package activities_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/liaison-stations/liaison/jobs"
	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
	"github.com/liaison-stations/liaison/server/testkit/procs"
)

const stormDeputies = 700

// BenchmarkCheckinStorm is 700 deputies checking in to one activity at once
// (each a goroutine with its own scanned code and position; the database
// pool of 50 connections is the queue), through activities.CheckIn on the
// real MariaDB, against the raw single-row INSERT rate of the same database
// with the same concurrency in the same run. Reported: check-ins/s, p50 and
// p99 latency, raw inserts/s and the ratio. One iteration is one storm.
func BenchmarkCheckinStorm(b *testing.B) {
	db := testkit.NewDB(b)
	testkit.SeedAreas(b, db)
	ctx := context.Background()
	box, _ := pii.NewBox(bytes.Repeat([]byte{7}, 32))
	rules, err := notify.LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.NewJSONHandler(&strings.Builder{}, &slog.HandlerOptions{Level: slog.LevelError}))
	engine := notify.New(notify.Deps{DB: db.DB, Box: box, Rules: rules, Log: quiet})
	reg := registry.New(registry.Deps{DB: db.DB, Box: box})
	svc := activities.New(activities.Deps{DB: db.DB, Box: box, Notify: engine, Registry: reg, Identity: identity.New(identity.Deps{DB: db.DB, Registry: reg}), Log: quiet})

	db.Exec(b, `INSERT INTO stations (name, kind, area_code, latitude, longitude, created_at, updated_at)
		VALUES ('联络站', 'community', ?, 22.817, 108.366, NOW(3), NOW(3))`, testkit.AreaMinsheng)
	station := int64(1)
	for i := range stormDeputies {
		phone := fmt.Sprintf("137%08d", i)
		sealed, _ := box.Seal(phone)
		db.Exec(b, `INSERT INTO deputies (name, phone_enc, phone_hash, created_at, updated_at) VALUES (?, ?, ?, NOW(3), NOW(3))`,
			fmt.Sprintf("代表%d", i), sealed, box.Hash(phone))
		db.Exec(b, `INSERT INTO station_deputies (station_id, deputy_id, created_at) VALUES (1, ?, NOW(3))`, i+1)
	}
	db.Exec(b, `CREATE TABLE bench_raw (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, a BIGINT NOT NULL, d BIGINT NOT NULL,
		at DATETIME(3) NOT NULL, UNIQUE KEY (a, d)) ENGINE=InnoDB`)

	var rawRate, rate float64
	var p50, p99 time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		start := time.Now().Add(30 * time.Minute)
		end := start.Add(2 * time.Hour)
		a, err := svc.Create(ctx, admin, activities.Input{StationID: &station, Kind: ptr("reception_day"), Title: ptr("接待日"),
			StartAt: &start, EndAt: &end, Invitees: &activities.Invitees{StationID: station}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Publish(ctx, admin, a.ID); err != nil {
			b.Fatal(err)
		}
		code, err := svc.CheckinCode(ctx, admin, a.ID)
		if err != nil {
			b.Fatal(err)
		}
		rawRate = storm(b, func(d int) error {
			_, err := db.ExecContext(ctx, `INSERT INTO bench_raw (a, d, at) VALUES (?, ?, NOW(3))`, a.ID, d)
			return err
		}).rate
		b.StartTimer()
		res := storm(b, func(d int) error {
			p := &access.Principal{DeputyID: int64(d), Grants: []access.Grant{{Role: access.RoleDeputy, DeputyID: int64(d)}}}
			lat, lng := 22.817+float64(d%10)*0.0001, 108.366
			_, err := svc.CheckIn(ctx, p, a.ID, activities.CheckinInput{Code: code.Code, Latitude: &lat, Longitude: &lng})
			return err
		})
		rate, p50, p99 = res.rate, res.p50, res.p99
		b.StopTimer()
		if n := db.Count(b, `SELECT COUNT(*) FROM activity_checkins WHERE activity_id = ?`, a.ID); n != stormDeputies {
			b.Fatalf("%d check-ins recorded, want %d", n, stormDeputies)
		}
		b.StartTimer()
	}
	b.ReportMetric(rate, "checkins/s")
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(rawRate, "raw-inserts/s")
	b.ReportMetric(rate/rawRate, "ratio-to-raw")
}

type stormResult struct {
	rate     float64
	p50, p99 time.Duration
}

// storm runs fn for deputies 1..700 at once and measures it.
func storm(b *testing.B, fn func(deputy int) error) stormResult {
	lat := make([]time.Duration, stormDeputies)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	gate := make(chan struct{})
	for d := 1; d <= stormDeputies; d++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			t0 := time.Now()
			err := fn(d)
			lat[d-1] = time.Since(t0)
			if err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
			}
		}()
	}
	t0 := time.Now()
	close(gate)
	wg.Wait()
	took := time.Since(t0)
	if firstErr != nil {
		b.Fatal(firstErr)
	}
	slices.Sort(lat)
	return stormResult{rate: stormDeputies / took.Seconds(), p50: lat[len(lat)/2], p99: lat[len(lat)*99/100]}
}

func ptr[T any](v T) *T { return &v }

// waveDeputies is Guangxi's deputies at its five levels;
// LIAISON_BENCH_WAVE_DEPUTIES makes a smaller wave for a quick look.
var waveDeputies = envInt("LIAISON_BENCH_WAVE_DEPUTIES", 116_000)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

const (
	waveConcurrency = 100
	waveLatency     = 50 * time.Millisecond
)

// BenchmarkRegionWideWave is a region-wide notice: one activity published to
// a group of 116 000 deputies (Guangxi's five levels), each with an employer,
// so 232 000 SMS. The benchmark publishes as the API would; a `liaison
// worker` process (the built binary, concurrency 100) writes the rest of the
// fan-out in chunks and sends through the Tencent SDK to a fake Tencent SMS
// answering after 50 ms, under a rate limit of 5 000 a second (the limiter's
// Redis call included). In the same run it measures asynq's own no-op rate
// on the same machine. Reported: how soon the publish answers, when every
// row exists, when every notice is sent, the rate against the ideal
// min(asynq no-op, concurrency ÷ latency), and the worker process's peak
// resident size. One iteration is one wave.
func BenchmarkRegionWideWave(b *testing.B) {
	if testing.Short() {
		b.Skip("a whole wave")
	}
	ctx := context.Background()
	binDir := b.TempDir()
	bin, err := procs.Build(binDir)
	if err != nil {
		b.Fatal(err)
	}
	noop := testkit.AsynqNoopRate(b, waveConcurrency, jobs.Queues)
	db, box := seedDeputies(b, waveDeputies)
	fake := fakesms.New(b)
	fake.Latency(waveLatency)
	fake.ThirtySecondLimit(false)
	rdb := testkit.NewRedis(b)
	client := asynq.NewClient(asynq.RedisClientOpt{Addr: rdb.Addr, DB: rdb.DB})
	defer client.Close()
	// The publishing side is configured as the worker is (as an API process
	// would be): the channel of a notice is chosen when its row is written.
	sender, err := sms.NewTencent(sms.Config{SecretID: fake.SecretID(), SecretKey: fake.SecretKey(), SDKAppID: fake.SDKAppID(), Sign: fake.Sign(), Endpoint: fake.URL()})
	if err != nil {
		b.Fatal(err)
	}
	svc := newFanOutService(b, db, box, jobs.FanOutQueue{Client: client}, func(d *notify.Deps) {
		d.SMS, d.Queue = sender, jobs.NoticeQueue{Client: client}
	})
	group := int64(1)
	station := int64(1)
	total := 2 * waveDeputies

	configs := procs.Configs(b, func(rules map[string]any) {
		rules["rate_limits"] = map[string]any{"wechat": 5000, "sms": 5000}
	})
	worker := procs.Start(b, "worker", bin, map[string]string{
		"LIAISON_CONFIG":              filepath.Join(configs, "config.yaml"),
		"LIAISON_MYSQL_DSN":           db.DSN,
		"LIAISON_REDIS_ADDR":          rdb.Addr,
		"LIAISON_REDIS_DB":            strconv.Itoa(rdb.DB),
		"LIAISON_CRYPTO_KEY":          base64.StdEncoding.EncodeToString(seedKey),
		"LIAISON_LOG_LEVEL":           "warn",
		"LIAISON_QUIET_HOURS":         "",
		"LIAISON_SCAN_INTERVAL":       "1m",
		"LIAISON_WORKER_CONCURRENCY":  strconv.Itoa(waveConcurrency),
		"LIAISON_WORKER_METRICS_ADDR": "",
		"LIAISON_UPLOADS_DIR":         b.TempDir(),
		"LIAISON_SMS_PROVIDER":        "tencent",
		"LIAISON_SMS_ENDPOINT":        fake.URL(),
		"LIAISON_SMS_SECRET_ID":       fake.SecretID(),
		"LIAISON_SMS_SECRET_KEY":      fake.SecretKey(),
		"LIAISON_SMS_SDK_APP_ID":      fake.SDKAppID(),
		"LIAISON_SMS_SIGN":            fake.Sign(),
	}, "worker")

	// Where the two cores went during the wave: the worker, this process
	// (the publishing side and the fake provider), MariaDB and Redis.
	cpus := map[string]int{"worker": worker.Pid(), "bench+fake": os.Getpid(), "mariadb": procs.PidOf("mariadbd"), "redis": procs.PidOf("redis-server")}
	before := map[string]time.Duration{}
	for name, pid := range cpus {
		before[name] = procs.CPU(pid)
	}
	var answered, written, sent time.Duration
	var rss uint64
	for i := 0; i < b.N; i++ {
		start := time.Now().Add(48 * time.Hour)
		end := start.Add(2 * time.Hour)
		a, err := svc.Create(ctx, admin, activities.Input{StationID: &station, Kind: ptr("study"), Title: ptr("全区代表集中学习"),
			StartAt: &start, EndAt: &end, Invitees: &activities.Invitees{GroupID: group}})
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if _, err := svc.Publish(ctx, admin, a.ID); err != nil {
			b.Fatal(err)
		}
		answered = time.Since(t0)
		written = 0
		for fake.Total() < total*(i+1) {
			if time.Since(t0) > 30*time.Minute {
				b.Fatalf("%d of %d at the fake after 30 minutes", fake.Total(), total)
			}
			if worker.Exited() {
				b.Fatalf("the worker stopped:\n%s", worker.Logs())
			}
			if written == 0 && db.Count(b, `SELECT COUNT(*) FROM activities WHERE id = ? AND fanout_kind IS NULL`, a.ID) == 1 {
				written = time.Since(t0)
			}
			rss = max(rss, worker.PeakRSS())
			time.Sleep(20 * time.Millisecond)
		}
		// The fake has answered the last call; its outcome is recorded just after.
		for db.Count(b, `SELECT COUNT(*) FROM notifications WHERE subject = ? AND status = 'sent'`, fmt.Sprintf("activity:%d", a.ID)) < total {
			time.Sleep(20 * time.Millisecond)
		}
		sent = time.Since(t0)
		if written == 0 {
			written = sent
		}
	}
	b.StopTimer()
	rss = max(rss, worker.PeakRSS())
	for name, pid := range cpus {
		if pid != 0 {
			b.ReportMetric((procs.CPU(pid)-before[name]).Seconds()/sent.Seconds(), "cpu-cores-"+name)
		}
	}
	if fake.Total() != total*b.N {
		b.Errorf("%d messages at the fake for %d notices", fake.Total(), total*b.N)
	}
	rate := float64(total) / sent.Seconds()
	ideal := min(noop, float64(waveConcurrency)/waveLatency.Seconds())
	b.ReportMetric(answered.Seconds(), "publish-answer-s")
	b.ReportMetric(written.Seconds(), "all-rows-s")
	b.ReportMetric(sent.Seconds(), "all-sent-s")
	b.ReportMetric(rate, "notices/s")
	b.ReportMetric(noop, "asynq-noop/s")
	b.ReportMetric(rate/ideal, "of-ideal")
	b.ReportMetric(float64(rss)/(1<<20), "worker-peak-rss-MB")
}

package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
)

const (
	benchDeputies    = 10_000
	benchConcurrency = 100
	benchLatency     = 50 * time.Millisecond
)

// BenchmarkNoticeFanOut sends an activity's fan-out, 10 000 deputy notices
// and 10 000 employer SMS, through the engine and a real asynq worker of
// concurrency 100 to a fake Tencent SMS that takes 50 ms a call; in the same
// run it measures asynq's own throughput with a no-op handler on the same
// Redis. The ideal is min(no-op rate, concurrency ÷ latency); the benchmark
// reports notices/s, the ratio to that ideal and the peak heap.
// Run it with `make bench` (one iteration: it is a whole wave).
func BenchmarkNoticeFanOut(b *testing.B) {
	if testing.Short() {
		b.Skip("a whole wave")
	}
	noop := testkit.AsynqNoopRate(b, benchConcurrency, Queues)

	db := testkit.NewDB(b)
	rdb := testkit.NewRedis(b)
	fake := fakesms.New(b)
	fake.Latency(benchLatency)
	fake.ThirtySecondLimit(false)
	opt := asynq.RedisClientOpt{Addr: rdb.Addr, DB: rdb.DB, PoolSize: 2 * benchConcurrency}
	client := asynq.NewClient(opt)
	defer client.Close()
	e := engine(b, db.DB, fake.URL(), fake.SecretID(), fake.SDKAppID(), fake.Sign(), NoticeQueue{Client: client})

	createStart := time.Now()
	var due []notify.Due
	for batch := 0; batch < benchDeputies/1000; batch++ {
		if err := db.Tx(context.Background(), func(tx *sqlx.Tx) error {
			var notices []notify.Notice
			for i := batch * 1000; i < (batch+1)*1000; i++ {
				params := map[string]string{"name": "代表", "title": "代表接待日", "start_at": "2024-03-15T09:00:00+08:00", "venue": "民生街道联络站", "employer": "单位", "date": "3月15日", "link": "https://example.org/n/x"}
				notices = append(notices,
					notify.Notice{Kind: "activity_notice", To: notify.Recipient{Type: notify.ToDeputy, ID: int64(i + 1), Phone: fmt.Sprintf("137%08d", i)},
						Subject: "activity:1", DedupeKey: fmt.Sprintf("activity:1:notice:deputy:%d:v1", i+1), Params: params},
					notify.Notice{Kind: "employer_notice", To: notify.Recipient{Type: notify.ToEmployer, ID: int64(i + 1), Phone: fmt.Sprintf("136%08d", i)},
						Subject: "activity:1", DedupeKey: fmt.Sprintf("activity:1:employer:deputy:%d:v1", i+1), Params: params})
			}
			d, err := e.Create(context.Background(), tx, notices...)
			due = append(due, d...)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	created := time.Since(createStart)
	total := len(due)

	heap := testkit.SampleHeap()
	ctx, cancel := context.WithCancel(context.Background())
	worker := NewWorker(Config{Redis: opt, Concurrency: benchConcurrency, Notify: e, ScanInterval: time.Minute,
		Logger: slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = worker.Run(ctx) }()

	b.ResetTimer()
	start := time.Now()
	e.Enqueue(context.Background(), due)
	for fake.Total() < total {
		time.Sleep(20 * time.Millisecond)
	}
	for db.Count(b, "SELECT COUNT(*) FROM notifications WHERE status = 'sent'") < total {
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	cancel()
	wg.Wait()
	peak := heap.Stop()

	rate := float64(total) / elapsed.Seconds()
	ideal := min(noop, float64(benchConcurrency)/benchLatency.Seconds())
	b.ReportMetric(rate, "notices/s")
	b.ReportMetric(noop, "asynq-noop/s")
	b.ReportMetric(rate/ideal, "of-ideal")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(created.Seconds(), "create-s")
	b.ReportMetric(dbCommitRate(b, db), "db-commits/s")
	if twice := total - fake.Total(); twice != 0 {
		b.Errorf("%d messages at the fake for %d notices", fake.Total(), total)
	}
}

// dbCommitRate is how many single-row autocommit UPDATEs a second the same
// database takes from benchConcurrency connections: the ceiling of anything
// that must commit per notice (the engine commits twice: claim and outcome).
func dbCommitRate(b *testing.B, db *testkit.DB) float64 {
	const perConn = 100
	db.SetMaxOpenConns(benchConcurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < benchConcurrency; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < perConn; i++ {
				id := c*perConn + i + 1
				if _, err := db.ExecContext(context.Background(), "UPDATE notifications SET attempts = attempts + 1 WHERE id = ?", id); err != nil {
					b.Error(err)
					return
				}
			}
		}(c)
	}
	wg.Wait()
	return float64(benchConcurrency*perConn) / time.Since(start).Seconds()
}

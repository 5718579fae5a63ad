package testkit

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
)

// AsynqNoopRate is how many tasks a second asynq itself runs with a no-op
// handler at the given concurrency over queues, on a Redis database of its
// own: the ceiling of any asynq worker on this machine, measured in the
// benchmark's own run so that a benchmark's rate can be compared with it.
func AsynqNoopRate(tb testing.TB, concurrency int, queues map[string]int) float64 {
	tb.Helper()
	const n = 20_000
	rdb := NewRedis(tb)
	opt := asynq.RedisClientOpt{Addr: rdb.Addr, DB: rdb.DB, PoolSize: 2 * concurrency}
	client := asynq.NewClient(opt)
	defer client.Close()
	for i := 0; i < n; i++ {
		if _, err := client.Enqueue(asynq.NewTask("noop", nil), asynq.Queue("default")); err != nil {
			tb.Fatal(err)
		}
	}
	var done atomic.Int64
	srv := asynq.NewServer(opt, asynq.Config{Concurrency: concurrency, Queues: queues, LogLevel: asynq.ErrorLevel})
	mux := asynq.NewServeMux()
	mux.HandleFunc("noop", func(context.Context, *asynq.Task) error { done.Add(1); return nil })
	start := time.Now()
	if err := srv.Start(mux); err != nil {
		tb.Fatal(err)
	}
	for done.Load() < n {
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(start)
	srv.Shutdown()
	return n / elapsed.Seconds()
}

package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit"
)

func TestWorkerStartsOnRedisAndStopsGracefully(t *testing.T) {
	rdb := testkit.NewRedis(t)
	opt := rdb.AsynqOpt()
	w := NewWorker(Config{Redis: opt, QueuePrefix: rdb.QueuePrefix, Concurrency: 2})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	insp := asynq.NewInspector(opt)
	defer insp.Close()
	// On a shared Redis Cluster other tests' workers are listed too: ours
	// serves the test's queues.
	ours := func() []*asynq.ServerInfo {
		all, _ := insp.Servers()
		var out []*asynq.ServerInfo
		for _, s := range all {
			if _, ok := s.Queues[rdb.QueuePrefix+"critical"]; ok {
				out = append(out, s)
			}
		}
		return out
	}
	require.Eventually(t, func() bool {
		servers := ours()
		return len(servers) == 1 && servers[0].Concurrency == 2
	}, 10*time.Second, 50*time.Millisecond, "the worker registers itself in Redis")
	assert.Equal(t, PrefixedQueues(rdb.QueuePrefix), ours()[0].Queues)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("worker did not stop")
	}
}

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
	opt := asynq.RedisClientOpt{Addr: rdb.Addr, DB: rdb.DB}
	w := NewWorker(Config{Redis: opt, Concurrency: 2})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	insp := asynq.NewInspector(opt)
	defer insp.Close()
	require.Eventually(t, func() bool {
		servers, err := insp.Servers()
		return err == nil && len(servers) == 1 && servers[0].Concurrency == 2
	}, 10*time.Second, 50*time.Millisecond, "the worker registers itself in Redis")
	servers, _ := insp.Servers()
	assert.Equal(t, Queues, servers[0].Queues)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("worker did not stop")
	}
}

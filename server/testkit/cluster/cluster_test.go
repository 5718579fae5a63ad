package cluster

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
)

func TestRedisClusterServesKeysOnEveryMaster(t *testing.T) {
	r := StartRedisCluster(t)
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: r.Addrs})
	defer c.Close()
	for _, k := range []string{"a", "b", "c", "d", "e", "f"} {
		require.NoError(t, c.Set(t.Context(), k, k, 0).Err())
	}
	var masters atomic.Int32 // ForEachMaster asks the masters at once
	require.NoError(t, c.ForEachMaster(t.Context(), func(ctx context.Context, n *redis.Client) error {
		masters.Add(1)
		return nil
	}))
	assert.Equal(t, int32(3), masters.Load())
}

// The two clients liaison builds from its settings (config.ParseRedis),
// go-redis and asynq, work on a Redis Cluster and through Sentinel: keys,
// the rate limiter's script, task ids, the inspector.
func TestTheConfiguredClientsWorkOnAClusterAndThroughSentinel(t *testing.T) {
	rc := StartRedisCluster(t)
	s := StartSentinel(t)
	cases := []struct {
		name         string
		addr, master string
		mode         config.RedisMode
	}{
		{"a Redis Cluster", rc.Addr(), "", config.RedisCluster},
		{"Sentinel", s.Addr, s.MasterName, config.RedisSentinel},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := config.ParseRedis(tc.addr, 0, tc.master)
			require.NoError(t, err)
			require.Equal(t, tc.mode, conn.Mode)
			c := conn.NewClient()
			defer c.Close()
			for _, k := range []string{"liaison:a", "liaison:b", "liaison:c"} {
				require.NoError(t, c.Set(t.Context(), k, "v", 0).Err())
			}
			limiter := redis_rate.NewLimiter(c)
			for i := range 3 {
				res, err := limiter.Allow(t.Context(), "liaison:rate:test", redis_rate.PerMinute(2))
				require.NoError(t, err)
				assert.Equal(t, i < 2, res.Allowed == 1, "request %d", i+1)
			}
			q := asynq.NewClient(conn.Asynq)
			defer q.Close()
			_, err = q.Enqueue(asynq.NewTask("noop", nil), asynq.Queue("critical"), asynq.TaskID("one"))
			require.NoError(t, err)
			_, err = q.Enqueue(asynq.NewTask("noop", nil), asynq.Queue("critical"), asynq.TaskID("one"))
			require.ErrorIs(t, err, asynq.ErrTaskIDConflict)
			insp := asynq.NewInspector(conn.Asynq)
			defer insp.Close()
			info, err := insp.GetQueueInfo("critical")
			require.NoError(t, err)
			assert.Equal(t, 1, info.Pending)
		})
	}
	direct := redis.NewClient(&redis.Options{Addr: s.MasterAddr})
	defer direct.Close()
	assert.Equal(t, "v", direct.Get(t.Context(), "liaison:a").Val(), "the sentinel's client wrote to the master")
}

// When the master dies and the sentinel promotes its replica, the clients
// liaison built from its settings, unchanged, write to the new master: what
// was written before is still there, a task enqueued after is run.
func TestTheConfiguredClientsFollowASentinelFailover(t *testing.T) {
	s := StartSentinel(t)
	conn, err := config.ParseRedis(s.Addr, 0, s.MasterName)
	require.NoError(t, err)
	c := conn.NewClient()
	defer c.Close()
	q := asynq.NewClient(conn.Asynq)
	defer q.Close()
	ctx := t.Context()
	require.NoError(t, c.Set(ctx, "liaison:before", "1", 0).Err())
	_, err = q.Enqueue(asynq.NewTask("noop", []byte("before")), asynq.Queue("critical"))
	require.NoError(t, err)
	// The replica has both before the master dies (WAIT: one replica
	// acknowledged every write so far).
	require.Equal(t, int64(1), c.Do(ctx, "WAIT", 1, 5000).Val())

	s.KillMaster(t)

	waitFor(t, 30*time.Second, "a write through the same client", func() error {
		return c.Set(ctx, "liaison:after", "2", 0).Err()
	})
	assert.Equal(t, "1", c.Get(ctx, "liaison:before").Val())
	waitFor(t, 30*time.Second, "an enqueue through the same asynq client", func() error {
		_, err := q.Enqueue(asynq.NewTask("noop", []byte("after")), asynq.Queue("critical"))
		return err
	})
	ran := make(chan string, 2)
	srv := asynq.NewServer(conn.Asynq, asynq.Config{Concurrency: 1, Queues: map[string]int{"critical": 1},
		TaskCheckInterval: 100 * time.Millisecond, Logger: quietAsynq{}})
	require.NoError(t, srv.Start(asynq.HandlerFunc(func(_ context.Context, task *asynq.Task) error {
		ran <- string(task.Payload())
		return nil
	})))
	defer srv.Shutdown()
	var got []string
	for len(got) < 2 {
		select {
		case p := <-ran:
			got = append(got, p)
		case <-time.After(30 * time.Second):
			t.Fatalf("tasks run after the failover: %v", got)
		}
	}
	assert.ElementsMatch(t, []string{"before", "after"}, got)
	promoted := redis.NewClient(&redis.Options{Addr: s.ReplicaAddr})
	defer promoted.Close()
	assert.Equal(t, "2", promoted.Get(ctx, "liaison:after").Val(), "the write went to the promoted replica")
}

// quietAsynq keeps asynq's own logging out of the test's output.
type quietAsynq struct{}

func (quietAsynq) Debug(...any) {}
func (quietAsynq) Info(...any)  {}
func (quietAsynq) Warn(...any)  {}
func (quietAsynq) Error(...any) {}
func (quietAsynq) Fatal(...any) {}

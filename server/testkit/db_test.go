package testkit

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit/cluster"
)

func TestNewDBIsMigratedAndDropped(t *testing.T) {
	var name, dsn string
	t.Run("inner", func(t *testing.T) {
		db := NewDB(t)
		name, dsn = db.Name, db.DSN
		SeedAreas(t, db)
		assert.Equal(t, 7, db.Count(t, "SELECT COUNT(*) FROM areas"))
		st, err := store.Status(t.Context(), db.DSN)
		require.NoError(t, err)
		assert.Equal(t, st.Latest, st.Version)
		assert.False(t, st.Dirty)
		// migrate up is safe to run twice
		st2, err := store.MigrateUp(t.Context(), db.DSN)
		require.NoError(t, err)
		assert.Equal(t, st, st2)
	})
	other := NewDB(t)
	assert.Zero(t, other.Count(t, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", name), "database %s (%s) was not dropped", name, dsn)
}

func TestNewRedisGivesAnEmptyDatabaseOfItsOwn(t *testing.T) {
	a := NewRedis(t)
	b := NewRedis(t)
	assert.NotEqual(t, a.DB, b.DB)
	require.NoError(t, a.Set(t.Context(), "k", "a", 0).Err())
	n, err := b.Exists(t.Context(), "k").Result()
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestNewRedisOnAClusterGivesAPrefixOfItsOwnAndCleansIt(t *testing.T) {
	rc := cluster.StartRedisCluster(t)
	t.Setenv("LIAISON_TEST_REDIS_ADDR", rc.Addr())
	var first *Redis
	t.Run("inner", func(t *testing.T) {
		a, b := NewRedis(t), NewRedis(t)
		first = a
		assert.True(t, a.Cluster())
		assert.NotEqual(t, a.Prefix, b.Prefix)
		assert.NotEmpty(t, a.QueuePrefix)
		for i := range 20 {
			require.NoError(t, a.Set(t.Context(), fmt.Sprintf("%sk%d", a.Prefix, i), "a", 0).Err())
		}
		client := asynq.NewClient(a.AsynqOpt())
		defer client.Close()
		_, err := client.Enqueue(asynq.NewTask("noop", nil), asynq.Queue(a.QueuePrefix+"critical"))
		require.NoError(t, err)
		require.NoError(t, b.Set(t.Context(), b.Prefix+"k", "b", 0).Err())
	})
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: rc.Addrs})
	defer c.Close()
	var left atomic.Int32 // ForEachMaster asks the masters at once
	require.NoError(t, c.ForEachMaster(t.Context(), func(ctx context.Context, n *redis.Client) error {
		keys, err := n.Keys(ctx, "*").Result()
		for _, k := range keys {
			if k != "liaison:testkit:prefix-seq" && k != "asynq:servers" && k != "asynq:workers" {
				t.Logf("left behind: %s", k)
				left.Add(1)
			}
		}
		return err
	}))
	assert.Zero(t, left.Load(), "the keys of %s and its queues are gone", first.Prefix)
}

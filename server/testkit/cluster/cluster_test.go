package cluster

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

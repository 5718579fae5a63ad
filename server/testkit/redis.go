package testkit

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/liaison-stations/liaison/server/config"
)

// RedisAddr is the Redis tests use: LIAISON_TEST_REDIS_ADDR, else
// 127.0.0.1:6379. Several addresses separated by commas are a Redis Cluster.
func RedisAddr() string {
	if a := os.Getenv("LIAISON_TEST_REDIS_ADDR"); a != "" {
		return a
	}
	return "127.0.0.1:6379"
}

// Client is go-redis's client of any kind (one server or a cluster); the
// alias lets Redis embed it under the name Client.
type Client = redis.UniversalClient

// Redis is the part of Redis a test has to itself: a database (1–15) on one
// server, or a key prefix on a cluster, which has only database 0.
type Redis struct {
	Client
	// Addr is the address as the service takes it (LIAISON_REDIS_ADDR).
	Addr string
	DB   int
	// Prefix starts every key the test may write on a cluster ("t12:"), and
	// is empty on one server, where the database is the test's own.
	Prefix string
	// QueuePrefix starts the asynq queue names of the test on a cluster
	// ("t12-": queues t12-critical, …); asynq's keys cannot be prefixed, but
	// they carry the queue's name. Empty on one server.
	QueuePrefix string
	conn        config.RedisConn
}

// AsynqOpt reaches the test's Redis for asynq.
func (r *Redis) AsynqOpt() asynq.RedisConnOpt { return r.conn.Asynq }

// Cluster reports whether the test runs on a Redis Cluster.
func (r *Redis) Cluster() bool { return r.conn.Mode == config.RedisCluster }

// NewRedis claims a part of Redis for the test and empties it when the test
// ends: on one server a free database (1–15; 0 is left to development), on
// a cluster a key prefix of its own.
func NewRedis(t testing.TB) *Redis {
	t.Helper()
	conn, err := config.ParseRedis(RedisAddr(), 0, "")
	if err != nil {
		t.Fatalf("testkit: LIAISON_TEST_REDIS_ADDR: %v", err)
	}
	if conn.Mode == config.RedisCluster {
		return newClusterRedis(t, conn)
	}
	return newRedisDB(t)
}

// newRedisDB claims a database. Test packages run in parallel processes,
// so the claim is a lock key in DB 0 with a lease.
func newRedisDB(t testing.TB) *Redis {
	ctx := context.Background()
	admin := redis.NewClient(&redis.Options{Addr: RedisAddr()})
	defer admin.Close()
	token := randomHex(8)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		for n := 1; n <= 15; n++ {
			lock := fmt.Sprintf("liaison:testkit:redis-db:%d", n)
			ok, err := admin.SetNX(ctx, lock, token, 10*time.Minute).Result()
			if err != nil {
				t.Fatalf("testkit: Redis at %s: %v (is Redis running?)", RedisAddr(), err)
			}
			if !ok {
				continue
			}
			conn, err := config.ParseRedis(RedisAddr(), n, "")
			if err != nil {
				t.Fatalf("testkit: %v", err)
			}
			c := conn.NewClient()
			if err := c.FlushDB(ctx).Err(); err != nil {
				t.Fatalf("testkit: flush Redis DB %d: %v", n, err)
			}
			t.Cleanup(func() {
				_ = c.FlushDB(context.Background()).Err()
				c.Close()
				release := redis.NewClient(&redis.Options{Addr: RedisAddr()})
				defer release.Close()
				if v, _ := release.Get(context.Background(), lock).Result(); v == token {
					release.Del(context.Background(), lock)
				}
			})
			return &Redis{Client: c, Addr: RedisAddr(), DB: n, conn: conn}
		}
		if time.Now().After(deadline) {
			t.Fatalf("testkit: no free Redis database in 2 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// newClusterRedis hands out the next prefix of a counter kept in the
// cluster, so that parallel test processes never share one.
func newClusterRedis(t testing.TB, conn config.RedisConn) *Redis {
	ctx := context.Background()
	c := conn.NewClient()
	n, err := c.Incr(ctx, "liaison:testkit:prefix-seq").Result()
	if err != nil {
		c.Close()
		t.Fatalf("testkit: Redis Cluster at %s: %v (is it running, cluster_state:ok?)", RedisAddr(), err)
	}
	r := &Redis{Client: c, Addr: RedisAddr(), Prefix: fmt.Sprintf("t%d:", n), QueuePrefix: fmt.Sprintf("t%d-", n), conn: conn}
	t.Cleanup(func() {
		if err := r.Flush(context.Background()); err != nil {
			t.Logf("testkit: clean Redis prefix %s: %v", r.Prefix, err)
		}
		c.Close()
	})
	return r
}

// Flush empties the test's part of Redis: its database on one server; on a
// cluster its prefixed keys and its asynq queues, on every master.
func (r *Redis) Flush(ctx context.Context) error {
	cc, ok := r.Client.(*redis.ClusterClient)
	if !ok {
		return r.FlushDB(ctx).Err()
	}
	// asynq keys a queue as asynq:{<queue>}:…; its name is in asynq:queues.
	queues, err := cc.SMembers(ctx, "asynq:queues").Result()
	if err != nil {
		return err
	}
	patterns := []string{r.Prefix + "*"}
	for _, q := range queues {
		if strings.HasPrefix(q, r.QueuePrefix) {
			patterns = append(patterns, "asynq:{"+q+"}:*")
			if err := cc.SRem(ctx, "asynq:queues", q).Err(); err != nil {
				return err
			}
		}
	}
	return cc.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
		for _, p := range patterns {
			iter := node.Scan(ctx, 0, p, 500).Iterator()
			for iter.Next(ctx) {
				// A key lives on the master that scanned it: delete it there.
				if err := node.Del(ctx, iter.Val()).Err(); err != nil {
					return err
				}
			}
			if err := iter.Err(); err != nil {
				return err
			}
		}
		return nil
	})
}

package testkit

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisAddr is the Redis tests use: LIAISON_TEST_REDIS_ADDR, else 127.0.0.1:6379.
func RedisAddr() string {
	if a := os.Getenv("LIAISON_TEST_REDIS_ADDR"); a != "" {
		return a
	}
	return "127.0.0.1:6379"
}

// Redis is a Redis database a test has to itself.
type Redis struct {
	*redis.Client
	Addr string
	DB   int
}

// NewRedis claims a free Redis database (1–15; 0 is left to development),
// empties it, and releases it when the test ends. Test packages run in
// parallel processes, so the claim is a lock key in DB 0 with a lease.
func NewRedis(t testing.TB) *Redis {
	t.Helper()
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
			c := redis.NewClient(&redis.Options{Addr: RedisAddr(), DB: n})
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
			return &Redis{Client: c, Addr: RedisAddr(), DB: n}
		}
		if time.Now().After(deadline) {
			t.Fatalf("testkit: no free Redis database in 2 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

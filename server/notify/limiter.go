package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// RedisLimiter is a per-channel send rate shared by every worker through
// Redis (GCRA, go-redis/redis_rate). A send over the rate waits its turn.
type RedisLimiter struct {
	limiter *redis_rate.Limiter
	perSec  map[string]int
	prefix  string
}

// NewRedisLimiter limits each channel to perSecond[channel] sends a second;
// a channel without a rate is not limited.
func NewRedisLimiter(rdb redis.UniversalClient, prefix string, perSecond map[string]int) *RedisLimiter {
	return &RedisLimiter{limiter: redis_rate.NewLimiter(rdb), perSec: perSecond, prefix: prefix}
}

// Wait blocks until channel may send, or ctx ends.
func (l *RedisLimiter) Wait(ctx context.Context, channel string) error {
	rate := l.perSec[channel]
	if rate <= 0 {
		return nil
	}
	for {
		res, err := l.limiter.Allow(ctx, l.prefix+channel, redis_rate.PerSecond(rate))
		if err != nil {
			return fmt.Errorf("notify: rate limit: %w", err)
		}
		if res.Allowed > 0 {
			return nil
		}
		wait := res.RetryAfter
		if wait <= 0 {
			wait = 10 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

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

// Wait blocks until channel may send n, or ctx ends. More than a second's
// rate is taken a second's worth at a time.
func (l *RedisLimiter) Wait(ctx context.Context, channel string, n int) error {
	rate := l.perSec[channel]
	if rate <= 0 {
		return nil
	}
	for n > 0 {
		take := min(n, rate)
		res, err := l.limiter.AllowN(ctx, l.prefix+channel, redis_rate.PerSecond(rate), take)
		if err != nil {
			return fmt.Errorf("notify: rate limit: %w", err)
		}
		if res.Allowed > 0 {
			n -= take
			continue
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
	return nil
}

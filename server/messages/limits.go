package messages

import (
	"context"
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/liaison-stations/liaison/server/apperr"
)

// limiter counts submissions per WeChat user and per client IP in Redis,
// so that every API process shares the same counts.
type limiter struct {
	rl     *redis_rate.Limiter
	prefix string
}

func newLimiter(rdb redis.UniversalClient, prefix string) *limiter {
	return &limiter{rl: redis_rate.NewLimiter(rdb), prefix: prefix + "messages:rate:"}
}

// allow takes one submission from each of the caller's buckets. When Redis
// is down the submission goes through: a citizen's message is never lost to
// the abuse control.
func (s *Service) allow(ctx context.Context, userID int64, ip string) error {
	if s.limiter == nil {
		return nil
	}
	checks := []struct {
		key   string
		limit Limit
	}{
		{fmt.Sprintf("user:%d", userID), s.Rules.RateLimits.PerUser},
		{"ip:" + ip, s.Rules.RateLimits.PerIP},
	}
	for _, c := range checks {
		if c.limit.Count <= 0 || c.limit.Per <= 0 || (c.key == "ip:" && ip == "") {
			continue
		}
		res, err := s.limiter.rl.Allow(ctx, s.limiter.prefix+c.key, redis_rate.Limit{Rate: c.limit.Count, Burst: c.limit.Count, Period: c.limit.Per})
		if err != nil {
			s.Log.WarnContext(ctx, "messages: rate limit unavailable", "error", err)
			return nil
		}
		if res.Allowed == 0 {
			retry := res.RetryAfter
			if retry < time.Second {
				retry = time.Second
			}
			return &apperr.Error{Kind: apperr.KindRateLimited, Code: "too_many_messages", Message: "提交过于频繁，请稍后再试", RetryAfter: retry}
		}
	}
	return nil
}

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
	return &limiter{rl: redis_rate.NewLimiter(rdb), prefix: prefix}
}

// Submissions are what the intake's rate limits (messages.yaml
// rate_limits) count, each kind apart: a citizen's messages, and the opinions
// on draft regulations taken under the same limits.
const (
	SubmitMessage = "messages"
	SubmitOpinion = "opinions"
)

// submitRefusals are the answers past the limit, by kind.
var submitRefusals = map[string]string{SubmitMessage: "too_many_messages", SubmitOpinion: "too_many_opinions"}

// AllowSubmission takes one submission of kind (SubmitMessage,
// SubmitOpinion) from each of the caller's buckets: 429 too_many_<kind>
// past the intake's limits. When Redis is down the submission goes through:
// what a citizen says is never lost to the abuse control.
func (s *Service) AllowSubmission(ctx context.Context, kind string, userID int64, ip string) error {
	code, ok := submitRefusals[kind]
	if !ok {
		return fmt.Errorf("messages: no rate limit for submissions of kind %q", kind)
	}
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
		key := s.limiter.prefix + kind + ":rate:" + c.key
		res, err := s.limiter.rl.Allow(ctx, key, redis_rate.Limit{Rate: c.limit.Count, Burst: c.limit.Count, Period: c.limit.Per})
		if err != nil {
			s.Log.WarnContext(ctx, "messages: rate limit unavailable", "kind", kind, "error", err)
			return nil
		}
		if res.Allowed == 0 {
			retry := res.RetryAfter
			if retry < time.Second {
				retry = time.Second
			}
			return &apperr.Error{Kind: apperr.KindRateLimited, Code: code, Message: "提交过于频繁，请稍后再试", RetryAfter: retry}
		}
	}
	return nil
}

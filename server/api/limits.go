package api

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/config"
)

// limiter applies the abuse limits of config.RateLimits in Redis, so that
// every API process counts alike. When Redis cannot be asked the request
// goes through: the limits protect the service, they must not stop it.
type limiter struct {
	rl *redis_rate.Limiter
}

func newLimiter(rdb redis.UniversalClient) *limiter {
	if rdb == nil {
		return nil
	}
	return &limiter{rl: redis_rate.NewLimiter(rdb)}
}

// limit is a gin handler taking one request from the route's bucket for the
// client address (perIP) and, when signed in, for the user (perUser).
func (l *limiter) limit(name string, perIP, perUser config.Rate) gin.HandlerFunc {
	return func(c *gin.Context) {
		if l == nil {
			c.Next()
			return
		}
		buckets := []struct {
			key  string
			rate config.Rate
		}{{"ip:" + c.ClientIP(), perIP}}
		if p := access.FromContext(c.Request.Context()); p != nil && p.UserID != 0 {
			buckets = append(buckets, struct {
				key  string
				rate config.Rate
			}{fmt.Sprintf("user:%d", p.UserID), perUser})
		}
		for _, b := range buckets {
			if b.rate.Count <= 0 || b.rate.Per <= 0 {
				continue
			}
			res, err := l.rl.Allow(c.Request.Context(), "liaison:rate:"+name+":"+b.key,
				redis_rate.Limit{Rate: b.rate.Count, Burst: b.rate.Count, Period: b.rate.Per})
			if err != nil {
				logger(c).Warn("rate limit unavailable", "limit", name, "error", err)
				break
			}
			if res.Allowed == 0 {
				fail(c, &apperr.Error{Kind: apperr.KindRateLimited, Code: "too_many_requests",
					Message: "操作过于频繁，请稍后再试", RetryAfter: max(res.RetryAfter, time.Second)})
				return
			}
		}
		c.Next()
	}
}

// allow takes one request from the bucket name:key, answering false (and
// the wait) when it is empty. Without Redis, or when Redis cannot be asked,
// it allows.
func (l *limiter) allow(c *gin.Context, name, key string, rate config.Rate) (bool, time.Duration) {
	if l == nil || rate.Count <= 0 || rate.Per <= 0 {
		return true, 0
	}
	res, err := l.rl.Allow(c.Request.Context(), "liaison:rate:"+name+":"+key,
		redis_rate.Limit{Rate: rate.Count, Burst: rate.Count, Period: rate.Per})
	if err != nil {
		logger(c).Warn("rate limit unavailable", "limit", name, "error", err)
		return true, 0
	}
	return res.Allowed > 0, max(res.RetryAfter, time.Second)
}

package console

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-redis/redis_rate/v10"

	"github.com/liaison-stations/liaison/server/config"
)

// allow takes one request from the bucket name of the client address, as
// the API's limits do (config.RateLimits, counted in Redis for every
// process). When Redis cannot be asked the request goes through. A refused
// request gets a plain 429 page saying when to try again.
func (c *Console) allow(w http.ResponseWriter, r *http.Request, name string, rate config.Rate) bool {
	if c.limiter == nil || rate.Count <= 0 || rate.Per <= 0 {
		return true
	}
	res, err := c.limiter.Allow(r.Context(), "liaison:rate:"+name+":ip:"+c.clientIP(r),
		redis_rate.Limit{Rate: rate.Count, Burst: rate.Count, Period: rate.Per})
	if err != nil {
		c.Log.WarnContext(r.Context(), "rate limit unavailable", "limit", name, "error", err.Error())
		return true
	}
	if res.Allowed > 0 {
		return true
	}
	retry := max(res.RetryAfter, time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(int(retry.Round(time.Second)/time.Second)))
	c.renderError(w, r, http.StatusTooManyRequests, "操作过于频繁，请稍后再试。")
	return false
}

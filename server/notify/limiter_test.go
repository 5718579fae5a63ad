package notify_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/testkit"
)

// Two limiters on one Redis stand for two workers: together they keep to
// the rate. The assertion is a lower bound only (a limiter never lets sends
// through faster), so a slow machine cannot make it fail.
func TestTheRateLimitIsSharedByAllWorkers(t *testing.T) {
	rdb := testkit.NewRedis(t)
	a := notify.NewRedisLimiter(rdb.Client, "test:", map[string]int{"sms": 4})
	b := notify.NewRedisLimiter(rdb.Client, "test:", map[string]int{"sms": 4})
	start := time.Now()
	for i := 0; i < 6; i++ {
		require.NoError(t, a.Wait(t.Context(), "sms", 1))
		require.NoError(t, b.Wait(t.Context(), "sms", 1))
	}
	// 12 sends at 4 a second with a burst of 4: the last 8 take at least 2 s.
	assert.GreaterOrEqual(t, time.Since(start), 1950*time.Millisecond)
	require.NoError(t, a.Wait(t.Context(), "wechat", 1), "a channel without a rate is not limited")
}

// A batch takes its turns at once; more than the burst is taken a burst at a
// time, so a batch larger than a second's rate still goes (and keeps to it).
func TestABatchTakesItsTurnsAtOnceAndKeepsToTheRate(t *testing.T) {
	rdb := testkit.NewRedis(t)
	l := notify.NewRedisLimiter(rdb.Client, "test:", map[string]int{"sms": 4})
	start := time.Now()
	require.NoError(t, l.Wait(t.Context(), "sms", 10))
	// 10 at 4 a second with a burst of 4: the 6 beyond the burst take at least 1.5 s.
	assert.GreaterOrEqual(t, time.Since(start), 1450*time.Millisecond)
}

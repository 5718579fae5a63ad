package notify_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/notify"
)

func batchNotices(n int) []notify.Notice {
	out := make([]notify.Notice, n)
	for i := range out {
		out[i] = replyNotice(fmt.Sprintf("batch:%d", i), notify.Recipient{Type: notify.ToPhone, Phone: fmt.Sprintf("1380000%04d", i)})
	}
	return out
}

func ids(due []notify.Due) []int64 {
	out := make([]int64, len(due))
	for i, d := range due {
		out[i] = d.ID
	}
	return out
}

// Workers that run the same batch at once (a task delivered twice, the
// creator's batch and the sweep's) claim each notice once between them.
func TestABatchRunByFourWorkersAtOnceSendsEachNoticeOnce(t *testing.T) {
	e := newEnv(t)
	due := e.create(t, batchNotices(40)...)
	require.Len(t, due, 40)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, e.engine.SendBatch(context.Background(), ids(due)))
		}()
	}
	wg.Wait()
	for i := 0; i < 40; i++ {
		assert.Equal(t, 1, e.sms.Count(fmt.Sprintf("1380000%04d", i)), "notice %d", i)
	}
	assert.Equal(t, 40, e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sent' AND attempts = 1"))
}

// A batch holds a notice that is not yet due, leaves one already sent alone,
// and sends the rest.
func TestABatchSendsWhatIsDueAndLeavesTheRest(t *testing.T) {
	e := newEnv(t)
	notices := batchNotices(3)
	notices[2].NotBefore = e.clock.Now().Add(time.Hour)
	due := e.create(t, notices...)
	e.send(t, due[:1])
	require.Equal(t, 1, e.sms.Count("13800000000"))

	require.NoError(t, e.engine.SendBatch(t.Context(), ids(due)))
	assert.Equal(t, 1, e.sms.Count("13800000000"), "the sent one is not sent again")
	assert.Equal(t, 1, e.sms.Count("13800000001"))
	assert.Zero(t, e.sms.Count("13800000002"), "not due for an hour")
	assert.Equal(t, "pending", e.row(t, due[2].ID).Status)
	assert.Equal(t, 0, e.row(t, due[2].ID).Attempts)
}

// stingyLimiter lets n sends through, then waits until the context ends.
type stingyLimiter struct{ n atomic.Int32 }

func (l *stingyLimiter) Wait(ctx context.Context, _ string, n int) error {
	if l.n.Add(-int32(n)) >= 0 {
		return nil
	}
	<-ctx.Done()
	return ctx.Err()
}

// A batch that cannot take its turns under the rate limit before it is
// stopped (a shutdown, the task's timeout) gives the notices it claimed back
// to pending, as if never tried, instead of leaving them in sending for the
// sweep.
func TestABatchStoppedBeforeItsTurnGivesBackWhatItClaimed(t *testing.T) {
	limiter := &stingyLimiter{}
	limiter.n.Store(2)
	e := newEnv(t, func(d *notify.Deps) { d.Limiter = limiter })
	due := e.create(t, batchNotices(5)...)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	err := e.engine.SendBatch(ctx, ids(due))
	require.True(t, errors.Is(err, context.DeadlineExceeded), "the batch stops with its context: %v", err)
	assert.Zero(t, e.sms.Requests(), "nothing goes out before the batch's turn")
	assert.Equal(t, 5, e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'pending' AND attempts = 0 AND claimed_at IS NULL"))
}

// A batch stopped while sending (the provider is slow, the task's time is
// up) records what went out and gives back the rest.
func TestABatchStoppedMidwayGivesBackWhatItDidNotSend(t *testing.T) {
	e := newEnv(t)
	e.sms.Latency(150 * time.Millisecond)
	due := e.create(t, batchNotices(5)...)
	ctx, cancel := context.WithTimeout(t.Context(), 400*time.Millisecond)
	defer cancel()
	err := e.engine.SendBatch(ctx, ids(due))
	require.True(t, errors.Is(err, context.DeadlineExceeded), "the batch stops with its context: %v", err)
	sent := e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sent'")
	given := e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'pending' AND attempts = 0 AND claimed_at IS NULL")
	assert.Positive(t, sent, "the first went out before the time was up")
	assert.Positive(t, given, "the last were given back")
	assert.Equal(t, 5, sent+given+e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status IN ('pending', 'unknown') AND attempts = 1"),
		"each notice is sent, given back, or (the one cut off in flight) held for its outcome")
	assert.Zero(t, e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sending'"))
	assert.Contains(t, []int{sent, sent + 1}, e.sms.Total(), "at the provider: the sent ones, and perhaps the one cut off in flight")
}

// Many slots sending at once have their sent outcomes committed together:
// every notice ends sent once, each with its own provider serial number.
func TestSlotsSendingAtOnceRecordEachOutcomeOnItsOwnRow(t *testing.T) {
	e := newEnv(t)
	e.sms.Latency(5 * time.Millisecond)
	due := e.create(t, batchNotices(200)...)
	require.Len(t, due, 200)
	var wg sync.WaitGroup
	for start := 0; start < len(due); start += 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, e.engine.SendBatch(context.Background(), ids(due[start:start+5])))
		}()
	}
	wg.Wait()
	assert.Equal(t, 200, e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sent' AND attempts = 1 AND claimed_at IS NULL AND sent_at IS NOT NULL"))
	for i, d := range due {
		got := e.sms.Received(fmt.Sprintf("1380000%04d", i))
		require.Len(t, got, 1, "notice %d", i)
		row := e.row(t, d.ID)
		require.NotNil(t, row.Provider, "notice %d", i)
		assert.Equal(t, got[0].SerialNo, *row.Provider, "notice %d carries its own serial number", i)
	}
}

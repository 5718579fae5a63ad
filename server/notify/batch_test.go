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

func (l *stingyLimiter) Wait(ctx context.Context, _ string) error {
	if l.n.Add(-1) >= 0 {
		return nil
	}
	<-ctx.Done()
	return ctx.Err()
}

// A batch stopped before its turn under the rate limit (a shutdown, a task
// timeout) gives the notices it had claimed but not sent back to pending,
// as if never tried, instead of leaving them in sending for the sweep.
func TestAStoppedBatchGivesBackWhatItDidNotSend(t *testing.T) {
	limiter := &stingyLimiter{}
	limiter.n.Store(2)
	e := newEnv(t, func(d *notify.Deps) { d.Limiter = limiter })
	due := e.create(t, batchNotices(5)...)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	err := e.engine.SendBatch(ctx, ids(due))
	require.True(t, errors.Is(err, context.DeadlineExceeded), "the batch stops with its context: %v", err)
	assert.Equal(t, 2, e.sms.Requests(), "two went through before the limiter held the rest")
	assert.Equal(t, 2, e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sent'"))
	assert.Equal(t, 3, e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'pending' AND attempts = 0 AND claimed_at IS NULL"))
	assert.Zero(t, e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE status = 'sending'"))
}

// Two transactions that create the same notices at once: the second's batch
// insert meets the first's rows at commit and falls back to one by one,
// creating only the notice that is new.
func TestConcurrentCreatesOfTheSameKeysCreateEachOnce(t *testing.T) {
	e := newEnv(t)
	to := func(i int) notify.Recipient {
		return notify.Recipient{Type: notify.ToPhone, Phone: fmt.Sprintf("1390000%04d", i)}
	}
	first, err := e.db.BeginTxx(t.Context(), nil)
	require.NoError(t, err)
	due1, err := e.engine.Create(t.Context(), first, replyNotice("same:1", to(1)), replyNotice("same:2", to(2)))
	require.NoError(t, err)
	require.Len(t, due1, 2)

	type result struct {
		due []notify.Due
		err error
	}
	second := make(chan result, 1)
	go func() {
		tx, err := e.db.BeginTxx(context.Background(), nil)
		if err != nil {
			second <- result{err: err}
			return
		}
		// Blocks on the unique key until the first commits.
		due, err := e.engine.Create(context.Background(), tx, replyNotice("same:1", to(1)), replyNotice("same:2", to(2)), replyNotice("same:3", to(3)))
		if err == nil {
			err = tx.Commit()
		} else {
			_ = tx.Rollback()
		}
		second <- result{due, err}
	}()
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, first.Commit())
	r := <-second
	require.NoError(t, r.err)
	assert.Len(t, r.due, 1, "only the new notice is the second's to enqueue")
	assert.Equal(t, 3, e.db.Count(t, "SELECT COUNT(*) FROM notifications"))
}

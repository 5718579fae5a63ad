package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/store"
)

// SweepResult counts what one sweep did.
type SweepResult struct {
	Recovered int // rows stuck in sending, sent again
	Expired   int // unknown rows past the grace period, now failed
	Enqueued  int // due pending rows handed to the queue again
}

// sweepBatch bounds the due rows handed to the queue per sweep; the next
// sweep takes the rest.
const sweepBatch = 2000

// Sweep makes Redis not the record. It runs every scan interval in every
// worker (concurrent sweeps are harmless): it sends again the rows a stopped
// worker left in sending, gives up on unknown rows past the grace period,
// and enqueues every pending row that is due, so that a lost task (a flushed
// Redis, a crash between commit and enqueue) delays a notice but never
// loses it. Enqueueing a row whose task is still queued does nothing: the
// task id names the row and its due time. A row due for longer than
// requeue_after gets a new task beside the old one (see Due.Requeue).
func (e *Engine) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	now := e.Clock.Now()
	// A claim sets updated_at, and nothing but the outcome (or ForgetRecipients)
	// changes a row in sending: updated_at is when it went to sending.
	// Candidates are read without locks, then changed by primary key with the
	// condition checked again: a range UPDATE over the status index would lock
	// the index gaps that claims and outcomes of running workers write into.
	n, err := e.updateWhere(ctx, `SELECT id FROM notifications WHERE status = 'sending' AND updated_at < ? LIMIT 1000`,
		[]any{now.Add(-e.Rules.SendingTimeout)},
		`UPDATE notifications SET status = 'pending', claimed_at = NULL, updated_at = ?,
		last_error = 'worker stopped while sending; sent again'
		WHERE id IN (?) AND status = 'sending' AND updated_at < ?`, now, now.Add(-e.Rules.SendingTimeout))
	if err != nil {
		return res, fmt.Errorf("notify: recover: %w", err)
	}
	res.Recovered = n
	if n > 0 {
		e.Log.Warn("notify: recovered notices a stopped worker left in sending", "count", n)
	}

	n, err = e.updateWhere(ctx, `SELECT id FROM notifications WHERE status = 'unknown' AND updated_at < ? LIMIT 1000`,
		[]any{now.Add(-e.Rules.UnknownGrace)},
		`UPDATE notifications SET status = 'failed', updated_at = ?,
		last_error = LEFT(CONCAT('no receipt within the grace period; check with the recipient before resending. ', last_error), 500)
		WHERE id IN (?) AND status = 'unknown' AND updated_at < ?`, now, now.Add(-e.Rules.UnknownGrace))
	if err != nil {
		return res, fmt.Errorf("notify: expire unknown: %w", err)
	}
	res.Expired = n

	var rows []struct {
		ID        int64     `db:"id"`
		Kind      string    `db:"kind"`
		NotBefore time.Time `db:"not_before"`
	}
	err = e.DB.SelectContext(ctx, &rows, `SELECT id, kind, not_before FROM notifications
		WHERE status = 'pending' AND not_before <= ? ORDER BY not_before LIMIT ?`, now, sweepBatch)
	if err != nil {
		return res, fmt.Errorf("notify: due: %w", err)
	}
	if len(rows) == 0 || e.Queue == nil {
		return res, nil
	}
	due := make([]Due, len(rows))
	for i, r := range rows {
		queue := "default"
		if k, ok := e.Rules.Kinds[r.Kind]; ok {
			queue = k.Priority
		}
		due[i] = Due{ID: r.ID, Queue: queue, At: r.NotBefore}
		if r.NotBefore.Before(now.Add(-e.Rules.RequeueAfter)) {
			due[i].Requeue = now.UnixNano() / int64(e.Rules.RequeueAfter)
		}
	}
	if err := e.Queue.Enqueue(ctx, due); err != nil {
		return res, fmt.Errorf("notify: enqueue: %w", err)
	}
	res.Enqueued = len(due)
	return res, nil
}

// updateWhere runs update (whose first argument is the time of the change
// and whose IN (?) takes the ids) on the rows that query finds.
func (e *Engine) updateWhere(ctx context.Context, query string, queryArgs []any, update string, now time.Time, cond ...any) (int, error) {
	var ids []int64
	if err := e.DB.SelectContext(ctx, &ids, query, queryArgs...); err != nil || len(ids) == 0 {
		return 0, err
	}
	q, args, err := store.In(update, append([]any{now, ids}, cond...)...)
	if err != nil {
		return 0, err
	}
	r, err := e.DB.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, _ := r.RowsAffected()
	return int(n), nil
}

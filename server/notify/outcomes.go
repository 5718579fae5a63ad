package notify

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// sentWriter writes the outcomes of sent notices, the common outcome, for
// every sending slot of the process together: a slot hands over its
// notice's outcome and waits until it is committed, as it would for its own
// UPDATE, while the outcomes that arrive meanwhile from other slots are
// committed in the same statement. So the rule that a slot records notice i
// before it sends notice i+1 holds as before (a crash loses at most one
// outcome per slot), while the database runs one statement and one commit
// for several notices instead of one each (a fan-out at concurrency 100
// otherwise spends most of MariaDB's time on per-statement work). Nothing
// waits for a batch to fill: an outcome that finds a writer free is written
// at once, alone; outcomes are grouped only while writers are busy.
type sentWriter struct {
	mu    sync.Mutex
	queue []*sentOutcome
	// writers bounds the statements in flight; the outcomes that come while
	// all are busy make the next statement's group.
	writers chan struct{}
}

// sentWriters is how many grouped statements may run at once, and
// sentGroup how many outcomes one statement writes at most.
const (
	sentWriters = 4
	sentGroup   = 50
)

type sentOutcome struct {
	id         int64
	attempts   int
	providerID string
	done       chan error
	taken      bool // a writer has it; guarded by sentWriter.mu
}

func newSentWriter() *sentWriter {
	return &sentWriter{writers: make(chan struct{}, sentWriters)}
}

// writeSent records that notice r was sent (provider id providerID, "" for
// none) and returns once that is committed. ctx should not be cancelled by
// shutdown: the outcome is known and must be written.
func (e *Engine) writeSent(ctx context.Context, r *row, providerID string) error {
	o := &sentOutcome{id: r.ID, attempts: r.Attempts, providerID: providerID, done: make(chan error, 1)}
	w := e.sent
	if w == nil { // an Engine not made by New
		return e.execSent(ctx, e.Clock.Now(), []*sentOutcome{o})
	}
	w.mu.Lock()
	w.queue = append(w.queue, o)
	w.mu.Unlock()
	for {
		select {
		case err := <-o.done:
			return err
		case w.writers <- struct{}{}:
			// A writer's turn: write what is queued (this outcome, unless
			// another writer has taken it, and those of other slots).
			w.mu.Lock()
			n := min(len(w.queue), sentGroup)
			group := slices.Clone(w.queue[:n])
			w.queue = slices.Delete(w.queue, 0, n)
			for _, g := range group {
				g.taken = true
			}
			w.mu.Unlock()
			if len(group) > 0 {
				e.flushSent(ctx, group)
			}
			<-w.writers
			w.mu.Lock()
			taken := o.taken
			w.mu.Unlock()
			if taken {
				// Written, or being written by another writer.
				return <-o.done
			}
		}
	}
}

// flushSent writes group in one statement and tells each of its slots; when
// the statement fails, each outcome is tried alone so that one failure does
// not fail the others.
func (e *Engine) flushSent(ctx context.Context, group []*sentOutcome) {
	now := e.Clock.Now()
	if len(group) == 1 {
		group[0].done <- e.execSent(ctx, now, group)
		return
	}
	if err := e.execSent(ctx, now, group); err == nil {
		for _, o := range group {
			o.done <- nil
		}
		return
	}
	for _, o := range group {
		o.done <- e.execSent(ctx, now, []*sentOutcome{o})
	}
}

// execSent marks the notices of group sent, each only if it is still in
// sending under the claim that sent it (its attempt number, see record).
func (e *Engine) execSent(ctx context.Context, now time.Time, group []*sentOutcome) error {
	if len(group) == 1 {
		o := group[0]
		_, err := e.DB.ExecContext(ctx, `UPDATE notifications SET status = 'sent', provider_id = ?, sent_at = ?, last_error = '', claimed_at = NULL, updated_at = ?
			WHERE id = ? AND status = 'sending' AND attempts = ?`, nullable(o.providerID), now, now, o.id, o.attempts)
		if err != nil {
			return fmt.Errorf("notify: record %d: %w", o.id, err)
		}
		return nil
	}
	// Rows are locked in primary-key order, as a batch's claim locks them.
	slices.SortFunc(group, func(a, b *sentOutcome) int { return cmp.Compare(a.id, b.id) })
	n := len(group)
	args := make([]any, 0, 5*n+2)
	for _, o := range group {
		args = append(args, o.id, nullable(o.providerID))
	}
	args = append(args, now, now)
	for _, o := range group {
		args = append(args, o.id)
	}
	for _, o := range group {
		args = append(args, o.id, o.attempts)
	}
	whens := strings.Repeat(" WHEN ? THEN ?", n)
	q := `UPDATE notifications SET status = 'sent', provider_id = CASE id` + whens + ` END,
		sent_at = ?, last_error = '', claimed_at = NULL, updated_at = ?
		WHERE id IN (?` + strings.Repeat(", ?", n-1) + `) AND status = 'sending' AND attempts = CASE id` + whens + ` END`
	if _, err := e.DB.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("notify: record %d notices: %w", n, err)
	}
	return nil
}

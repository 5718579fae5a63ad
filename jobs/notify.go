package jobs

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/hibiken/asynq"
	"golang.org/x/sync/errgroup"

	"github.com/liaison-stations/liaison/server/notify"
)

// TypeSendNotice sends one notification row; TypeSendNotices a batch of
// rows due now (a fan-out's), claimed together.
const (
	TypeSendNotice  = "notify:send"
	TypeSendNotices = "notify:send-batch"
)

// noticeBatch is how many due notices one batch task carries: enough that
// the queue's and the database's work per notice is a tenth of a single
// task's, few enough that a batch (sent one after another, 50 ms each at a
// provider's usual pace) is done in about a second.
const noticeBatch = 20

// SendNoticePayload carries the row id only: asynqmon shows payloads, and a
// payload must never hold a phone number or a name.
type SendNoticePayload struct {
	ID int64 `json:"id"`
}

// NewSendNoticeTask makes the task of notice id, due at. Its task id names
// the row and the due time, so enqueueing the same due row twice (the sweep
// and the creator) queues it once, while a retry at a later time is new.
func NewSendNoticeTask(d notify.Due) (*asynq.Task, []asynq.Option) {
	payload, _ := json.Marshal(SendNoticePayload{ID: d.ID})
	id := fmt.Sprintf("notify:%d:%d", d.ID, d.At.UnixMilli())
	if d.Requeue != 0 {
		id += fmt.Sprintf(":r%d", d.Requeue)
	}
	opts := []asynq.Option{
		asynq.TaskID(id),
		asynq.Queue(d.Queue),
		// Retries here are for infrastructure failures (MySQL unreachable);
		// a provider's failure is retried by the engine, which knows the row.
		asynq.MaxRetry(5),
		asynq.Timeout(2 * time.Minute),
	}
	if d.At.After(time.Now()) {
		opts = append(opts, asynq.ProcessAt(d.At))
	}
	return asynq.NewTask(TypeSendNotice, payload), opts
}

// SendNoticesPayload carries the row ids of a batch, nothing else.
type SendNoticesPayload struct {
	IDs []int64 `json:"ids"`
}

// NewSendNoticesTask makes the task of a batch of notices due now. Its task
// id names the rows (and the sweep's requeue round), so that the same batch
// is queued once.
func NewSendNoticesTask(batch []notify.Due) (*asynq.Task, []asynq.Option) {
	ids := make([]int64, len(batch))
	h := fnv.New64a()
	for i, d := range batch {
		ids[i] = d.ID
		_ = binary.Write(h, binary.LittleEndian, d.ID)
	}
	payload, _ := json.Marshal(SendNoticesPayload{IDs: ids})
	id := fmt.Sprintf("notify:b:%d:%d:%x", ids[0], len(ids), h.Sum64())
	if batch[0].Requeue != 0 {
		id += fmt.Sprintf(":r%d", batch[0].Requeue)
	}
	return asynq.NewTask(TypeSendNotices, payload), []asynq.Option{
		asynq.TaskID(id),
		asynq.Queue(batch[0].Queue),
		asynq.MaxRetry(5),
		// A batch waits its turn under the providers' rate limits; on timeout
		// the notices not yet sent are released to pending and queued again.
		asynq.Timeout(10 * time.Minute),
	}
}

// HandleSendNotices sends the notices of a batch task through the engine.
func HandleSendNotices(engine *notify.Engine) asynq.HandlerFunc {
	return func(ctx context.Context, t *asynq.Task) error {
		var p SendNoticesPayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil || len(p.IDs) == 0 || slices.Min(p.IDs) <= 0 {
			return fmt.Errorf("notify:send-batch payload %q: %w", t.Payload(), asynq.SkipRetry)
		}
		return engine.SendBatch(ctx, p.IDs)
	}
}

// HandleSendNotice sends the notice of the task through the engine.
func HandleSendNotice(engine *notify.Engine) asynq.HandlerFunc {
	return func(ctx context.Context, t *asynq.Task) error {
		var p SendNoticePayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ID <= 0 {
			return fmt.Errorf("notify:send payload %q: %w", t.Payload(), asynq.SkipRetry)
		}
		return engine.Send(ctx, p.ID)
	}
}

// NoticeQueue enqueues notices on asynq; it is the engine's notify.Enqueuer.
// Prefix starts each queue's name, as the worker's Config.QueuePrefix.
type NoticeQueue struct {
	Client *asynq.Client
	Prefix string
}

// enqueueStreams is how many enqueues run at once for a large fan-out (a
// region-wide notice is tens of thousands of tasks; each is a round trip).
const enqueueStreams = 8

// Enqueue queues the due notices, skipping those already queued: notices
// due now go in batches of noticeBatch (of one queue and one requeue round),
// later ones one task each, at their time.
func (q NoticeQueue) Enqueue(ctx context.Context, due []notify.Due) error {
	tasks := q.tasks(due)
	if len(tasks) < 2*enqueueStreams {
		return q.enqueue(ctx, tasks)
	}
	g, ctx := errgroup.WithContext(ctx)
	per := (len(tasks) + enqueueStreams - 1) / enqueueStreams
	for start := 0; start < len(tasks); start += per {
		part := tasks[start:min(start+per, len(tasks))]
		g.Go(func() error { return q.enqueue(ctx, part) })
	}
	return g.Wait()
}

type queuedTask struct {
	task *asynq.Task
	opts []asynq.Option
}

func (q NoticeQueue) tasks(due []notify.Due) []queuedTask {
	now := time.Now()
	type group struct {
		queue   string
		requeue int64
	}
	open := map[group][]notify.Due{}
	var tasks []queuedTask
	flush := func(g group) {
		if b := open[g]; len(b) > 0 {
			task, opts := NewSendNoticesTask(b)
			if len(b) == 1 {
				task, opts = NewSendNoticeTask(b[0])
			}
			tasks = append(tasks, queuedTask{task, opts})
			delete(open, g)
		}
	}
	for _, d := range due {
		if d.At.After(now) {
			task, opts := NewSendNoticeTask(d)
			tasks = append(tasks, queuedTask{task, opts})
			continue
		}
		g := group{d.Queue, d.Requeue}
		open[g] = append(open[g], d)
		if len(open[g]) == noticeBatch {
			flush(g)
		}
	}
	for g := range open {
		flush(g)
	}
	return tasks
}

func (q NoticeQueue) enqueue(ctx context.Context, tasks []queuedTask) error {
	for _, t := range tasks {
		_, err := q.Client.EnqueueContext(ctx, t.task, q.prefixed(t.opts)...)
		if err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) && !errors.Is(err, asynq.ErrDuplicateTask) {
			return err
		}
	}
	return nil
}

// prefixed puts the queue named in opts after q.Prefix (the later option wins).
func (q NoticeQueue) prefixed(opts []asynq.Option) []asynq.Option {
	if q.Prefix == "" {
		return opts
	}
	for _, o := range opts {
		if o.Type() == asynq.QueueOpt {
			return append(opts[:len(opts):len(opts)], asynq.Queue(q.Prefix+o.Value().(string)))
		}
	}
	return opts
}

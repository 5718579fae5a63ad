package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"golang.org/x/sync/errgroup"

	"github.com/liaison-stations/liaison/server/notify"
)

// TypeSendNotice sends one notification row.
const TypeSendNotice = "notify:send"

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

// Enqueue queues each due notice, skipping those already queued.
func (q NoticeQueue) Enqueue(ctx context.Context, due []notify.Due) error {
	if len(due) < 2*enqueueStreams {
		return q.enqueue(ctx, due)
	}
	g, ctx := errgroup.WithContext(ctx)
	per := (len(due) + enqueueStreams - 1) / enqueueStreams
	for start := 0; start < len(due); start += per {
		part := due[start:min(start+per, len(due))]
		g.Go(func() error { return q.enqueue(ctx, part) })
	}
	return g.Wait()
}

func (q NoticeQueue) enqueue(ctx context.Context, due []notify.Due) error {
	for _, d := range due {
		task, opts := NewSendNoticeTask(d)
		if q.Prefix != "" {
			opts = append(opts, asynq.Queue(q.Prefix+d.Queue)) // the later option wins
		}
		_, err := q.Client.EnqueueContext(ctx, task, opts...)
		if err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) && !errors.Is(err, asynq.ErrDuplicateTask) {
			return err
		}
	}
	return nil
}

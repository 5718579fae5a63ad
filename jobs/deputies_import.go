package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/liaison-stations/liaison/server/registry"
)

// TypeDeputiesImport checks or applies a large deputies' import of the
// console (registry.RunImport does what the batch waits for).
const TypeDeputiesImport = "deputies:import"

// DeputiesImportPayload names the batch only: the file, which holds phone
// numbers, stays sealed in the database.
type DeputiesImportPayload struct {
	ID int64 `json:"id"`
}

// NewDeputiesImportTask makes the task of batch id in state (checking or
// applying): its task id names both, so each step is queued once.
func NewDeputiesImportTask(id int64, state string) (*asynq.Task, []asynq.Option) {
	payload, _ := json.Marshal(DeputiesImportPayload{ID: id})
	return asynq.NewTask(TypeDeputiesImport, payload), []asynq.Option{
		asynq.TaskID(fmt.Sprintf("deputies-import:%d:%s", id, state)),
		asynq.Queue("default"),
		asynq.MaxRetry(3),
		asynq.Timeout(30 * time.Minute),
	}
}

// ImportQueue queues imports on asynq; it is registry.ImportQueue. Prefix
// starts the queue's name, as the worker's Config.QueuePrefix.
type ImportQueue struct {
	Client *asynq.Client
	Prefix string
}

// EnqueueImport queues the check or the apply of batch id.
func (q ImportQueue) EnqueueImport(ctx context.Context, id int64, state string) error {
	t, opts := NewDeputiesImportTask(id, state)
	opts = append(opts, asynq.Queue(q.Prefix+"default"))
	_, err := q.Client.EnqueueContext(ctx, t, opts...)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	return err
}

// HandleDeputiesImport checks or applies the task's batch; when its last
// retry fails too, the batch is marked failed.
func HandleDeputiesImport(r *registry.Service) asynq.HandlerFunc {
	return func(ctx context.Context, t *asynq.Task) error {
		var p DeputiesImportPayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ID <= 0 {
			return fmt.Errorf("deputies:import payload %q: %w", t.Payload(), asynq.SkipRetry)
		}
		err := r.RunImport(ctx, p.ID)
		retried, _ := asynq.GetRetryCount(ctx)
		most, _ := asynq.GetMaxRetry(ctx)
		if err != nil && retried >= most {
			// The last try: the page stops waiting and says so.
			if ferr := r.FailImport(ctx, p.ID, registry.ImportUnfinished); ferr != nil {
				return errors.Join(err, ferr)
			}
		}
		return err
	}
}

var _ registry.ImportQueue = ImportQueue{}

package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/liaison-stations/liaison/server/activities"
)

// TypeActivityFanOut writes the rest of a large activity's notices.
const TypeActivityFanOut = "activities:fanout"

// FanOutPayload names the activity only.
type FanOutPayload struct {
	ActivityID int64 `json:"activity_id"`
}

// FanOutQueue queues fan-outs on asynq; it is activities.FanOutQueue.
// Prefix starts the queue's name, as the worker's Config.QueuePrefix.
type FanOutQueue struct {
	Client *asynq.Client
	Prefix string
}

// EnqueueFanOut queues the rest of activity id's fan-out for event (its
// kind and version: "publish:1"): the task id names both, so one event is
// queued once and a later event of the same activity is queued anew.
func (q FanOutQueue) EnqueueFanOut(ctx context.Context, id int64, event string) error {
	payload, _ := json.Marshal(FanOutPayload{ActivityID: id})
	_, err := q.Client.EnqueueContext(ctx, asynq.NewTask(TypeActivityFanOut, payload),
		asynq.TaskID(fmt.Sprintf("fanout:%d:%s", id, event)), asynq.Queue(q.Prefix+"critical"),
		asynq.MaxRetry(10), asynq.Timeout(30*time.Minute))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	return err
}

// HandleFanOut continues the fan-out of the task's activity.
func HandleFanOut(a *activities.Service) asynq.HandlerFunc {
	return func(ctx context.Context, t *asynq.Task) error {
		var p FanOutPayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ActivityID <= 0 {
			return fmt.Errorf("activities:fanout payload %q: %w", t.Payload(), asynq.SkipRetry)
		}
		return a.ContinueFanOut(ctx, p.ActivityID)
	}
}

var _ activities.FanOutQueue = FanOutQueue{}

package notify_test

import (
	"context"
	"sync"

	"github.com/liaison-stations/liaison/server/notify"
)

// recordingQueue remembers what was enqueued.
type recordingQueue struct {
	mu  sync.Mutex
	due []notify.Due
}

func (q *recordingQueue) Enqueue(_ context.Context, due []notify.Due) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.due = append(q.due, due...)
	return nil
}

func (q *recordingQueue) last() notify.Due {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.due[len(q.due)-1]
}

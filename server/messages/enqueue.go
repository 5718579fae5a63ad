package messages

import (
	"context"

	"github.com/liaison-stations/liaison/server/notify"
)

// enqueue hands notices to the queue after commit (a failure is left to the
// notification sweep).
func (s *Service) enqueue(ctx context.Context, due []notify.Due) {
	if len(due) == 0 || s.Notify == nil {
		return
	}
	s.Notify.Enqueue(ctx, due)
}

package messages

import (
	"context"

	"github.com/liaison-stations/liaison/server/access"
)

// StatsFromMessages counts as Stats does, always from the messages one by
// one: the tests hold the tallied counts to it.
func (s *Service) StatsFromMessages(ctx context.Context, p *access.Principal, f StatsFilter) (*Stats, error) {
	return s.stats(ctx, p, f, false)
}

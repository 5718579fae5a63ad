package messages

import (
	"context"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

var errDeputyOnly = apperr.Forbidden("deputy_only", "仅限代表")

// DeputyInbox lists the messages written to the deputy the caller is (代表码)
// or assigned to them, newest first, each with the steps the deputy may take
// (actions). Staff are not deputies here: a user bound to no deputy gets 403.
func (s *Service) DeputyInbox(ctx context.Context, p *access.Principal, page store.Page) ([]Message, store.Cursor, error) {
	if p == nil || p.UserID == 0 {
		return nil, store.Cursor{}, apperr.Unauthorized("unauthorized", "请先登录")
	}
	if p.DeputyID == 0 {
		return nil, store.Cursor{}, errDeputyOnly
	}
	return s.list(ctx, p, "(m.deputy_id = ? OR m.addressee_deputy_id = ?)", []any{p.DeputyID, p.DeputyID}, page)
}

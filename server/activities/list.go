package activities

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

// ListFilter narrows the staff's list of activities.
type ListFilter struct {
	StationID int64
	// Status is draft, published (not yet ended), finished (published and
	// ended) or cancelled; empty is all.
	Status string
	// From and To bound the start: From ≤ start_at < To; zero is open.
	From, To time.Time
}

var listStatuses = []string{StatusDraft, StatusPublished, StatusFinished, StatusCancelled}

// List is the activities of the stations in the caller's scope, newest
// (last created) first, then by id. The join on stations (registry's table, read only) gives the
// station's name and the area the scope may name, as activityInScope does.
func (s *Service) List(ctx context.Context, p *access.Principal, f ListFilter, page store.Page) ([]Activity, store.Cursor, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, store.Cursor{}, err
	}
	fe := apperr.FieldErrors{}
	fe.Check(f.Status != "" && !contains(listStatuses, f.Status), "status", "状态应为草稿、已发布、已结束或已取消之一")
	fe.Check(!f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To), "to", "结束日期应晚于开始日期")
	if err := fe.Err(); err != nil {
		return nil, store.Cursor{}, err
	}
	cond, args := p.Scope().StationSQL("s.id", "s.area_code")
	where := []string{cond}
	now := s.now()
	add := func(clause string, a ...any) { where, args = append(where, clause), append(args, a...) }
	if f.StationID != 0 {
		add("a.station_id = ?", f.StationID)
	}
	switch f.Status {
	case StatusPublished:
		add("a.status = ? AND a.end_at > ?", StatusPublished, now)
	case StatusFinished:
		add("a.status = ? AND a.end_at <= ?", StatusPublished, now)
	case StatusDraft, StatusCancelled:
		add("a.status = ?", f.Status)
	}
	if !f.From.IsZero() {
		add("a.start_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("a.start_at < ?", f.To)
	}
	after, afterArgs := page.Before("a.created_at", "a.id")
	add(after, afterArgs...)
	// Two steps. The page's ids first: activities read in the order of
	// idx_activities_time (created_at, id, and the columns filtered on),
	// each joined to its station for the scope (STRAIGHT_JOIN), so that a
	// page stops after Limit+1 index entries instead of sorting every
	// activity of a region's stations or reading other counties' rows. Then
	// the rows of those ids.
	var keys []listKey
	err := s.DB.SelectContext(ctx, &keys, `SELECT STRAIGHT_JOIN a.id, a.created_at FROM activities a JOIN stations s ON s.id = a.station_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY a.created_at DESC, a.id DESC LIMIT ?`, append(args, page.Limit+1)...)
	if err != nil {
		return nil, store.Cursor{}, fmt.Errorf("activities: list: %w", err)
	}
	keys, next := store.Next(keys, page, func(k listKey) store.Cursor { return store.Cursor{At: k.CreatedAt, ID: k.ID} })
	rows := []Activity{}
	if len(keys) == 0 {
		return rows, next, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	q, inArgs, err := store.In(`SELECT `+activityColumns+` FROM activities a JOIN stations s ON s.id = a.station_id
		WHERE a.id IN (?) ORDER BY a.created_at DESC, a.id DESC`, ids)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	if err := s.DB.SelectContext(ctx, &rows, q, inArgs...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("activities: list: %w", err)
	}
	for i := range rows {
		rows[i].finish(now)
	}
	return rows, next, nil
}

// listKey is where an activity stands in a list.
type listKey struct {
	ID        int64     `db:"id"`
	CreatedAt time.Time `db:"created_at"`
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

package messages

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

var errNotFound = apperr.NotFound("message_not_found", "留言不存在")

// visible is the WHERE fragment of the messages p may read: their own, the
// ones assigned or written to the deputy they are, and those of the stations in their
// staff scope. "Not yours" and "not there" are the same 404.
func visible(p *access.Principal) (string, []any) {
	if p == nil {
		return "1=0", nil
	}
	scope, args := p.Scope().StationSQL("m.station_id", "s.area_code")
	parts := []string{scope}
	if p.UserID != 0 {
		parts = append(parts, "m.user_id = ?")
		args = append(args, p.UserID)
	}
	if p.DeputyID != 0 {
		parts = append(parts, "m.deputy_id = ?", "m.addressee_deputy_id = ?")
		args = append(args, p.DeputyID, p.DeputyID)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// load reads one message p may see.
func (s *Service) load(ctx context.Context, q store.Queryer, p *access.Principal, id int64, lock bool) (*row, error) {
	where, args := visible(p)
	query := selectMessage + " WHERE m.id = ? AND " + where
	if lock {
		query += " FOR UPDATE"
	}
	var r row
	err := q.GetContext(ctx, &r, query, append([]any{id}, args...)...)
	if store.IsNoRows(err) {
		return nil, errNotFound
	}
	return &r, err
}

// Get is one message with its photos and timeline.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (*Message, error) {
	r, err := s.load(ctx, s.DB, p, id, false)
	if err != nil {
		return nil, err
	}
	m, err := s.view(p, r)
	if err != nil {
		return nil, err
	}
	if err := s.DB.SelectContext(ctx, &m.Timeline, `SELECT action, at, note FROM message_events WHERE message_id = ? ORDER BY at, id`, id); err != nil {
		return nil, err
	}
	for i := range m.Timeline {
		m.Timeline[i].At = sh(m.Timeline[i].At)
	}
	photos, err := s.photosOf(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	m.Images = append(m.Images, photos[id]...)
	return m, nil
}

// photosOf is the photos of the messages ids, by message, in the order they
// were uploaded: one read of idx_uploads_message for a whole page.
func (s *Service) photosOf(ctx context.Context, ids []int64) (map[int64][]Image, error) {
	out := make(map[int64][]Image, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := store.In(`SELECT id, message_id FROM uploads WHERE message_id IN (?) ORDER BY message_id, id`, ids)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID        int64 `db:"id"`
		MessageID int64 `db:"message_id"`
	}
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("messages: photos: %w", err)
	}
	for _, r := range rows {
		out[r.MessageID] = append(out[r.MessageID], Image{ID: r.ID, URL: UploadURL(r.ID)})
	}
	return out, nil
}

// view is what p may see of r: staff of the station see the name and the
// full phone; the assigned or addressed deputy sees neither an anonymous author's name
// nor the full phone; the author sees their own, phone masked.
func (s *Service) view(p *access.Principal, r *row) (*Message, error) {
	staff := p.Scope().CoversStation(r.StationID, r.AreaCode)
	m := &Message{ID: r.ID, Code: r.Code, StationID: r.StationID, StationName: r.StationName, Category: r.Category,
		Content: r.Content, Anonymous: r.Anonymous, Publish: r.Publish, WalkIn: r.EnteredBy != nil, Status: r.Status, DeputyID: r.DeputyID,
		UnitID: r.UnitID, Reply: r.Reply, RejectReason: r.RejectReason, Promise: r.Promise, PromiseDueAt: shp(r.PromiseDueAt),
		Fulfilled: r.Fulfilled, Rating: r.Rating, RatingComment: r.RatingComment, CloseReason: r.CloseReason,
		AcceptDue: sh(r.AcceptDue), ReplyDue: sh(r.ReplyDue), Overdue: r.overdue(s.Clock.Now()),
		AcceptedAt: shp(r.AcceptedAt), RepliedAt: shp(r.RepliedAt), ClosedAt: shp(r.ClosedAt), CreatedAt: sh(r.CreatedAt),
		Addressee: r.addressee(), HandedOverAt: shp(r.HandedOverAt), HandedOverLate: r.HandedLate, Images: []Image{}, Actions: actions(p, r)}
	author := r.UserID != nil && *r.UserID == p.UserID
	if staff || author || !r.Anonymous {
		m.Name = r.Name
	}
	if staff {
		m.Review = r.Review
		m.AnswerCheck = r.AnswerCheck
	}
	if len(r.PhoneEnc) > 0 && (staff || author || assignedTo(p, r) || addressedTo(p, r)) {
		phone, err := s.Box.Open(r.PhoneEnc)
		if err != nil {
			return nil, err
		}
		if !staff {
			phone = pii.MaskPhone(phone)
		}
		m.Phone = phone
	}
	return m, nil
}

// UploadURL is where a photo is served.
func UploadURL(id int64) string { return fmt.Sprintf("/api/v1/uploads/%d", id) }

// Mine lists the caller's own messages, newest first.
func (s *Service) Mine(ctx context.Context, p *access.Principal, page store.Page) ([]Message, store.Cursor, error) {
	if p == nil || p.UserID == 0 {
		return nil, store.Cursor{}, apperr.Unauthorized("unauthorized", "请先登录")
	}
	return s.list(ctx, p, "m.user_id = ?", []any{p.UserID}, page)
}

// Filter narrows the staff inbox.
type Filter struct {
	StationID int64
	Status    string
	Overdue   bool
	// Flagged keeps messages that content security did not pass (review or unchecked).
	Flagged bool
	// PromisesDue keeps promised messages due within the rules' promise_due_soon.
	PromisesDue bool
	// Assigned keeps the messages assigned to the caller as a deputy.
	Assigned bool
	// Code keeps the message of a tracking code (LX2403-7K3Q), or those
	// whose code contains the characters given (7K3Q): what a caller reads
	// out on the phone. Case and spaces do not matter.
	Code string
	// Category keeps one category (its code).
	Category string
	// From and To keep the messages received in [From, To); zero is open.
	From, To time.Time
	// Addressee keeps the messages written to one deputy (代表码).
	Addressee int64
}

// fullCode is a whole tracking code, found by the unique index.
var fullCode = regexp.MustCompile(`^[A-Z]{1,8}\d{4}-[2-9A-Z]{4}$`)

var statuses = []string{StatusSubmitted, StatusAccepted, StatusAssigned, StatusTransferred, StatusReplied,
	StatusPromised, StatusReopened, StatusRejected, StatusClosed}

// Inbox lists the messages of the stations in the caller's scope (staff),
// or those assigned to the caller (a deputy, with Assigned), newest first.
func (s *Service) Inbox(ctx context.Context, p *access.Principal, f Filter, page store.Page) ([]Message, store.Cursor, error) {
	where, args, err := s.inboxWhere(p, f)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	return s.list(ctx, p, where, args, page)
}

// inboxWhere is the filter as SQL on messages m joined to stations s, with
// the caller's scope; the inbox and its export read the same rows.
func (s *Service) inboxWhere(p *access.Principal, f Filter) (string, []any, error) {
	fe := apperr.FieldErrors{}
	fe.Check(f.Status != "" && !contains(statuses, f.Status), "status", "状态无效")
	fe.Check(f.Category != "" && !slices.ContainsFunc(Categories, func(c Category) bool { return c.Code == f.Category }), "category", "类别无效")
	fe.Check(!f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From), "to", "结束日期须晚于开始日期")
	fe.Check(f.Addressee < 0, "addressee", "代表编号无效")
	if err := fe.Err(); err != nil {
		return "", nil, err
	}
	var where []string
	var args []any
	if f.Assigned {
		if p == nil || p.DeputyID == 0 {
			return "", nil, apperr.Forbidden("deputy_only", "仅限代表")
		}
		where, args = append(where, "m.deputy_id = ?"), append(args, p.DeputyID)
	} else {
		if err := p.RequireStaff(); err != nil {
			return "", nil, err
		}
		scope, sargs := p.Scope().StationSQL("m.station_id", "s.area_code")
		where, args = append(where, scope), append(args, sargs...)
	}
	now := s.Clock.Now()
	if f.StationID != 0 {
		where, args = append(where, "m.station_id = ?"), append(args, f.StationID)
	}
	if f.Status != "" {
		where, args = append(where, "m.status = ?"), append(args, f.Status)
	}
	if f.Addressee != 0 {
		where, args = append(where, "m.addressee_deputy_id = ?"), append(args, f.Addressee)
	}
	if f.Category != "" {
		where, args = append(where, "m.category = ?"), append(args, f.Category)
	}
	if !f.From.IsZero() {
		where, args = append(where, "m.created_at >= ?"), append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where, args = append(where, "m.created_at < ?"), append(args, f.To.UTC())
	}
	if f.Code != "" {
		// Only the characters a code has: a wildcard is no search.
		code := strings.Map(func(r rune) rune {
			if r == '-' || (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') {
				return r
			}
			return -1
		}, strings.ToUpper(f.Code))
		switch {
		case fullCode.MatchString(code):
			where, args = append(where, "m.code = ?"), append(args, code)
		case code == "":
			where = append(where, "1 = 0")
		default:
			where, args = append(where, "m.code LIKE ?"), append(args, "%"+code+"%")
		}
	}
	if f.Overdue {
		where = append(where, "((m.status = 'submitted' AND m.accept_due <= ?) OR (m.status IN ('accepted','assigned','transferred','reopened') AND m.reply_due <= ?))")
		args = append(args, now, now)
	}
	if f.Flagged {
		where = append(where, "m.review <> ''")
	}
	if f.PromisesDue {
		where, args = append(where, "m.status = 'promised' AND m.promise_due_at <= ?"), append(args, now.Add(s.Rules.PromiseDueSoon))
	}
	return strings.Join(where, " AND "), args, nil
}

// listKey is where a message stands in a list.
type listKey struct {
	ID        int64     `db:"id"`
	CreatedAt time.Time `db:"created_at"`
}

// list reads a page in two steps. The first finds the page's ids and times
// walking an index in (created_at, id) order, messages first (STRAIGHT_JOIN),
// each joined to its station for the scope; the conditions of the inbox are
// columns of idx_messages_stats, so a wide or sparse scope (a county's 1 % of
// a province) costs index entries, not rows. The second reads the rows of
// those ids only. Left to itself, MariaDB starts from the stations of a wide
// scope and sorts every one of their messages to give the first 21.
func (s *Service) list(ctx context.Context, p *access.Principal, where string, args []any, page store.Page) ([]Message, store.Cursor, error) {
	after, afterArgs := page.Before("m.created_at", "m.id")
	where += " AND " + after
	args = append(args, afterArgs...)
	var keys []listKey
	if err := s.DB.SelectContext(ctx, &keys, `SELECT STRAIGHT_JOIN m.id, m.created_at FROM messages m JOIN stations s ON s.id = m.station_id
		WHERE `+where+` ORDER BY m.created_at DESC, m.id DESC LIMIT ?`, append(args, page.Limit+1)...); err != nil {
		return nil, store.Cursor{}, err
	}
	keys, next := store.Next(keys, page, func(k listKey) store.Cursor { return store.Cursor{At: k.CreatedAt, ID: k.ID} })
	if len(keys) == 0 {
		return []Message{}, next, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	q, inArgs, err := store.In(selectMessage+" WHERE m.id IN (?) ORDER BY m.created_at DESC, m.id DESC", ids)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	var rows []row
	if err := s.DB.SelectContext(ctx, &rows, q, inArgs...); err != nil {
		return nil, store.Cursor{}, err
	}
	photos, err := s.photosOf(ctx, ids)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	out := make([]Message, 0, len(rows))
	for i := range rows {
		m, err := s.view(p, &rows[i])
		if err != nil {
			return nil, store.Cursor{}, err
		}
		m.Images = append(m.Images, photos[m.ID]...)
		out = append(out, *m)
	}
	return out, next, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

var _ = time.Time{}

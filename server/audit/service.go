package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// MinRetention is the least time rows are kept: six months, the
// Cybersecurity Law's minimum for logs (184 days, the longest six months).
const MinRetention = 184 * 24 * time.Hour

// DefaultRetention is three years.
const DefaultRetention = 3 * 365 * 24 * time.Hour

// Deps are what the audit service needs.
type Deps struct {
	DB    *store.DB
	Clock clock.Clock
	// Retention is how long rows are kept (config audit_retention); below
	// MinRetention (or unset) it is DefaultRetention.
	Retention time.Duration
}

// Service reads the audit log for admins and keeps it to its retention:
// its Deps, with New's defaults filled in.
type Service struct {
	Deps
}

// New makes the audit service.
func New(d Deps) *Service {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Retention < MinRetention {
		d.Retention = DefaultRetention
	}
	return &Service{Deps: d}
}

// Entry is one audit row as admins see it.
type Entry struct {
	ID    int64     `json:"id" db:"id"`
	At    time.Time `json:"at" db:"at"`
	Actor *Actor    `json:"actor" db:"-"`
	// Action is the stable name (station.create); Label its Chinese name.
	Action   string `json:"action" db:"action"`
	Label    string `json:"label" db:"-"`
	Subject  string `json:"subject" db:"subject"`
	ClientIP string `json:"client_ip" db:"client_ip"`
	Summary  string `json:"summary" db:"summary"`

	ActorID   *int64 `json:"-" db:"actor_user_id"`
	ActorName string `json:"-" db:"actor_name"`
}

// Actor is who acted: a user id, and the name of the deputy they were bound
// to then ("用户 12" when none); id 0 and OperatorName for the operator at
// the command line.
type Actor struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Filter narrows the audit log. Every field is optional.
type Filter struct {
	// Actor keeps the rows of one user.
	Actor int64
	// Action keeps one action (station.create), or every action of a kind
	// when it ends in a dot (station.).
	Action string
	// Subject keeps the rows of one thing (station:12).
	Subject string
	// From and To bound the time: From inclusive, To exclusive.
	From, To time.Time
}

func (f Filter) where() (string, []any, error) {
	fe := apperr.FieldErrors{}
	fe.Check(f.Actor < 0, "actor", "操作人无效")
	fe.Check(len(f.Action) > 64, "action", "操作类型无效")
	fe.Check(len(f.Subject) > 64, "subject", "操作对象无效")
	fe.Check(!f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To), "to", "结束时间应晚于开始时间")
	if err := fe.Err(); err != nil {
		return "", nil, err
	}
	where, args := []string{"1=1"}, []any{}
	if f.Actor != 0 {
		where, args = append(where, "actor_user_id = ?"), append(args, f.Actor)
	}
	switch {
	case strings.HasSuffix(f.Action, "."):
		where, args = append(where, "action LIKE ?"), append(args, likeEscaper.Replace(f.Action)+"%")
	case f.Action != "":
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Subject != "" {
		where, args = append(where, "subject = ?"), append(args, f.Subject)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.To.UTC())
	}
	return strings.Join(where, " AND "), args, nil
}

// likeEscaper makes a prefix match itself only in LIKE.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

const entryColumns = `id, at, actor_user_id, actor_name, client_ip, action, subject, summary`

// List is a page of the audit log, newest first, for admins only.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter, page store.Page) ([]Entry, store.Cursor, error) {
	if err := p.RequireAdmin(); err != nil {
		return nil, store.Cursor{}, err
	}
	where, args, err := f.where()
	if err != nil {
		return nil, store.Cursor{}, err
	}
	after, afterArgs := page.Before("at", "id")
	var rows []Entry
	if err := s.DB.SelectContext(ctx, &rows, `SELECT `+entryColumns+` FROM audit_log WHERE `+where+` AND `+after+
		` ORDER BY at DESC, id DESC LIMIT ?`, append(append(args, afterArgs...), page.Limit+1)...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("audit: list: %w", err)
	}
	rows, next := store.Next(rows, page, func(e Entry) store.Cursor { return store.Cursor{At: e.At, ID: e.ID} })
	for i := range rows {
		rows[i].finish()
	}
	return rows, next, nil
}

func (e *Entry) finish() {
	e.At = e.At.In(clock.Shanghai)
	e.Label = Label(e.Action)
	switch {
	case e.ActorID != nil:
		name := e.ActorName
		if name == "" {
			name = fmt.Sprintf("用户 %d", *e.ActorID)
		}
		e.Actor = &Actor{ID: *e.ActorID, Name: name}
	case e.ActorName != "":
		e.Actor = &Actor{Name: e.ActorName} // the operator at the command line
	}
}

// purgeBatch bounds one delete of the retention job, so that no statement
// holds locks on a large part of the table.
const purgeBatch = 5000

// Purge deletes the rows older than the retention, a batch at a time, and
// answers how many. It is the only delete of audit_log; the periodic job
// audit_retention runs it.
func (s *Service) Purge(ctx context.Context) (int, error) {
	cutoff := s.Clock.Now().Add(-s.Retention)
	total := 0
	for {
		res, err := s.DB.ExecContext(ctx, `DELETE FROM audit_log WHERE at < ? ORDER BY at LIMIT ?`, cutoff, purgeBatch)
		if err != nil {
			return total, fmt.Errorf("audit: purge: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n < purgeBatch {
			return total, nil
		}
	}
}

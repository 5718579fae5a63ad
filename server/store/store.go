// Package store is the shared database plumbing: the sqlx handle, explicit
// short transactions, and the migrations runner. It holds no business SQL;
// each capability keeps its own queries.
package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"
)

// DB is the application's database handle.
type DB struct{ *sqlx.DB }

// Open connects to MySQL/MariaDB with the DSN of LIAISON_MYSQL_DSN. The DSN
// must ask for parseTime and loc=UTC; Open enforces both.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: parse DSN: %w", err)
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// Send each statement with its arguments in one round trip instead of
	// prepare, execute and close (safe: the connection is utf8mb4).
	cfg.InterpolateParams = true
	// A time.Time is written into the statement with at most microseconds:
	// MariaDB does not read a literal with nanoseconds as a DATETIME when
	// it plans, so "created_at <= ?" with time.Now() would read every row
	// of the key instead of a range of it.
	if err := cfg.Apply(mysql.TimeTruncate(time.Microsecond)); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db := sqlx.NewDb(sql.OpenDB(connector), "mysql")
	db.SetMaxOpenConns(50)
	db.SetMaxIdleConns(10)
	db.SetConnMaxLifetime(30 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", cfg.Addr, err)
	}
	return &DB{db}, nil
}

// Tx runs fn in a transaction, committing when fn returns nil. Keep it short:
// no network call other than the database inside.
//
// A deadlock or lock wait timeout (IsLockConflict) rolls the transaction back
// and runs fn again, a few times: one server gives them under contention, and
// a Galera cluster gives 1213 at COMMIT whenever another node committed a
// conflicting write first (certification). So fn may run more than once: it
// must set what it hands out by assignment, never accumulate into variables
// outside it, and send nothing beyond the database.
func (db *DB) Tx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	_, err := Retry(ctx, func() (struct{}, error) { return struct{}{}, db.tx(ctx, fn) })
	return err
}

// txAttempts is how often Tx tries a transaction that meets lock conflicts.
const txAttempts = 5

// retryPause is the wait before attempt+1: a few milliseconds, doubling, with
// jitter so that the transactions that conflicted do not meet again.
func retryPause(attempt int) time.Duration {
	base := time.Duration(5<<attempt) * time.Millisecond
	return base/2 + rand.N(base)
}

// ExecContext runs one autocommit statement, again on a lock conflict: a
// statement that met a deadlock, a lock wait timeout or (on Galera) a lost
// certification was rolled back whole, so running it again is running it
// once. (Within a transaction the whole transaction is retried: Tx.)
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return Retry(ctx, func() (sql.Result, error) { return db.DB.ExecContext(ctx, query, args...) })
}

// Retry runs f again on a lock conflict, a few times with a short pause.
func Retry[T any](ctx context.Context, f func() (T, error)) (T, error) {
	for attempt := 1; ; attempt++ {
		v, err := f()
		if !IsLockConflict(err) || attempt == txAttempts {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(retryPause(attempt)):
		}
	}
}

func (db *DB) tx(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Queryer is what both *DB and *sqlx.Tx offer, for functions that may run in either.
type Queryer interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// IsDuplicate reports whether err is MySQL's 1062 duplicate key.
func IsDuplicate(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1062
}

// IsForeignKey reports whether err is a foreign key failure (1452: the parent row is missing).
func IsForeignKey(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1452 || me.Number == 1216)
}

// IsLockConflict reports whether err is a deadlock (1213) or a lock wait
// timeout (1205): the statement did nothing and may simply be run again.
func IsLockConflict(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}

// IsNoRows reports whether err is sql.ErrNoRows.
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// In expands a query with slice arguments (IN (?)) for MySQL.
func In(query string, args ...any) (string, []any, error) {
	return sqlx.In(query, args...)
}

// EachChunk calls f with successive parts of ids of at most n each: an IN
// (…) list of a region's deputies is tens of thousands long, more than one
// statement should carry.
func EachChunk[T any](ids []T, n int, f func(part []T) error) error {
	for start := 0; start < len(ids); start += n {
		if err := f(ids[start:min(start+n, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// Page asks for one page of a list ordered by a time column, then id: Limit
// rows after the row After (the zero Cursor is the first page). Ids are no
// clock: on a Galera cluster each node hands out its own series
// (auto_increment_increment, auto_increment_offset), so a later row may have
// a smaller id. Lists order by their time and use the id only to break ties.
type Page struct {
	Limit int
	After Cursor
}

// Cursor is the (time, id) key of the last row of a page.
type Cursor struct {
	At time.Time
	ID int64
}

// IsZero reports whether c is the start of the list (or its end, as Next gives it).
func (c Cursor) IsZero() bool { return c.ID == 0 }

// Before is the keyset condition of a list in descending (time, id) order:
// the rows after the cursor, written as MariaDB can serve it from an index
// on (…, time, id), which it cannot do for a row constructor comparison.
// At the first page it is "1=1".
func (p Page) Before(timeCol, idCol string) (string, []any) {
	if p.After.IsZero() {
		return "1=1", nil
	}
	at := p.After.At.UTC()
	return "(" + timeCol + " < ? OR (" + timeCol + " = ? AND " + idCol + " < ?))", []any{at, at, p.After.ID}
}

// Since is Before for a list in ascending (time, id) order.
func (p Page) Since(timeCol, idCol string) (string, []any) {
	if p.After.IsZero() {
		return "1=1", nil
	}
	at := p.After.At.UTC()
	return "(" + timeCol + " > ? OR (" + timeCol + " = ? AND " + idCol + " > ?))", []any{at, at, p.After.ID}
}

// Next returns the page's rows and the cursor to continue after: the query
// asked for Limit+1 rows, so a further row means there is more. key gives a
// row's (time, id); the zero Cursor means the end.
func Next[T any](rows []T, p Page, key func(T) Cursor) ([]T, Cursor) {
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		return rows, key(rows[len(rows)-1])
	}
	return rows, Cursor{}
}

// SetDriverLogger sends go-sql-driver/mysql's own messages (dropped
// connections and the like) to l, so that every log line is JSON.
func SetDriverLogger(l *slog.Logger) {
	_ = mysql.SetLogger(driverLogger{l})
}

type driverLogger struct{ l *slog.Logger }

func (d driverLogger) Print(v ...any) { d.l.Warn(fmt.Sprint(v...), "component", "mysql") }

// EncodeCursor writes the (time, id) of the last row as base64 of
// "unix-nanoseconds.id": opaque to clients, empty at the end.
func EncodeCursor(c Cursor) string {
	if c.IsZero() {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.At.UnixNano(), 10) + "." + strconv.FormatInt(c.ID, 10)))
}

// DecodeCursor reads what EncodeCursor wrote; anything else is not a cursor.
func DecodeCursor(v string) (Cursor, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return Cursor{}, false
	}
	at, id, found := strings.Cut(string(raw), ".")
	if !found {
		return Cursor{}, false
	}
	ns, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 || ns < 0 {
		return Cursor{}, false
	}
	return Cursor{At: time.Unix(0, ns).UTC(), ID: n}, true
}

package devmode

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// LockWaitTimeout is how long a statement waits for another connection's
// transaction to end before it fails with MySQL's error 1205.
const LockWaitTimeout = 10 * time.Second

// serialHandler runs one transaction at a time on the embedded server.
//
// go-mysql-server's in-memory storage does not support concurrent
// transactions: each one works on its own copy of the tables it touches and
// its commit replaces them whole, so of two overlapping transactions the
// later commit silently drops the other's writes (40 concurrent inserts
// leave 1 row), and SELECT ... FOR UPDATE locks nothing. MySQL's row locks
// are what liaison's transactions rely on, so here every statement outside a
// transaction, and every transaction from START TRANSACTION (or BEGIN) to
// COMMIT or ROLLBACK, holds one lock over the whole server: serializable,
// and slower, which a development server can afford.
//
// A transaction that opens a second connection and waits on it (a query
// through the pool instead of the transaction's handle) cannot finish here:
// that query fails after LockWaitTimeout with 1205, as a row lock wait would.
type serialHandler struct {
	mysql.Handler
	lock chan struct{} // holds a token while some connection runs
	wait time.Duration // LockWaitTimeout, shorter in tests

	mu    sync.Mutex
	conns map[uint32]*connState
}

// connState is what a connection has told the server about its transaction.
type connState struct {
	holding      bool // this connection has the lock
	inTx         bool // between START TRANSACTION and COMMIT/ROLLBACK
	autocommitOn bool // false after SET autocommit = 0 (the mysql client)
}

func (s *connState) needsLock() bool { return s.inTx || !s.autocommitOn }

// serialize is a server.HandlerWrapper.
func serialize(wait time.Duration) func(mysql.Handler) (mysql.Handler, error) {
	return func(h mysql.Handler) (mysql.Handler, error) {
		return &serialHandler{Handler: h, lock: make(chan struct{}, 1), wait: wait, conns: map[uint32]*connState{}}, nil
	}
}

func (h *serialHandler) state(c *mysql.Conn) *connState {
	h.mu.Lock()
	defer h.mu.Unlock()
	st, ok := h.conns[c.ConnectionID]
	if !ok {
		st = &connState{autocommitOn: true}
		h.conns[c.ConnectionID] = st
	}
	return st
}

// enter takes the lock for c unless its transaction already has it.
func (h *serialHandler) enter(ctx context.Context, st *connState) error {
	if st.holding {
		return nil
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.lock <- struct{}{}:
		st.holding = true
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return mysql.NewSQLError(mysql.ERLockWaitTimeout, mysql.SSUnknownSQLState,
			"Lock wait timeout exceeded; try restarting transaction (the embedded server runs one transaction at a time)")
	}
}

// leave notes what the statement did to the transaction and gives the lock
// back unless a transaction goes on.
func (h *serialHandler) leave(st *connState, query string, err error) {
	switch kind := statementKind(query); {
	case kind == stmtBegin && err == nil:
		st.inTx = true
	case kind == stmtEnd:
		st.inTx = false
	case kind == stmtAutocommitOff && err == nil:
		st.autocommitOn = false
	case kind == stmtAutocommitOn && err == nil:
		st.autocommitOn, st.inTx = true, false
	}
	if st.holding && !st.needsLock() {
		st.holding = false
		<-h.lock
	}
}

// release ends whatever c held: the connection is gone or reset.
func (h *serialHandler) release(c *mysql.Conn, forget bool) {
	h.mu.Lock()
	st, ok := h.conns[c.ConnectionID]
	if forget {
		delete(h.conns, c.ConnectionID)
	}
	h.mu.Unlock()
	if !ok {
		return
	}
	st.inTx, st.autocommitOn = false, true
	if st.holding {
		st.holding = false
		<-h.lock
	}
}

func (h *serialHandler) ComQuery(ctx context.Context, c *mysql.Conn, query string, callback mysql.ResultSpoolFn) error {
	st := h.state(c)
	if err := h.enter(ctx, st); err != nil {
		return err
	}
	err := h.Handler.ComQuery(ctx, c, query, callback)
	h.leave(st, query, err)
	return err
}

func (h *serialHandler) ComMultiQuery(ctx context.Context, c *mysql.Conn, query string, callback mysql.ResultSpoolFn) (string, error) {
	st := h.state(c)
	if err := h.enter(ctx, st); err != nil {
		return "", err
	}
	rest, err := h.Handler.ComMultiQuery(ctx, c, query, callback)
	h.leave(st, strings.TrimSuffix(query, rest), err)
	return rest, err
}

func (h *serialHandler) ComPrepare(ctx context.Context, c *mysql.Conn, query string, prepare *mysql.PrepareData) ([]*querypb.Field, error) {
	st := h.state(c)
	if err := h.enter(ctx, st); err != nil {
		return nil, err
	}
	fields, err := h.Handler.ComPrepare(ctx, c, query, prepare)
	h.leave(st, "", err)
	return fields, err
}

func (h *serialHandler) ComStmtExecute(ctx context.Context, c *mysql.Conn, prepare *mysql.PrepareData, callback func(*sqltypes.Result) error) error {
	st := h.state(c)
	if err := h.enter(ctx, st); err != nil {
		return err
	}
	err := h.Handler.ComStmtExecute(ctx, c, prepare, callback)
	h.leave(st, prepare.PrepareStmt, err)
	return err
}

func (h *serialHandler) ComResetConnection(c *mysql.Conn) error {
	err := h.Handler.ComResetConnection(c)
	h.release(c, false)
	return err
}

func (h *serialHandler) ConnectionClosed(c *mysql.Conn) {
	h.Handler.ConnectionClosed(c)
	h.release(c, true)
}

type stmtKind int

const (
	stmtOther stmtKind = iota
	stmtBegin
	stmtEnd
	stmtAutocommitOff
	stmtAutocommitOn
)

var (
	leadingComments = regexp.MustCompile(`^(\s+|/\*.*?\*/|(--|#)[^\n]*\n?)+`)
	beginStmt       = regexp.MustCompile(`(?i)^(START\s+TRANSACTION\b|BEGIN(\s+WORK)?\s*;?\s*$)`)
	endStmt         = regexp.MustCompile(`(?i)^(COMMIT|ROLLBACK)(\s+WORK)?\b(\s*;?\s*$|\s+AND\b|\s+NO\b|\s+RELEASE\b)`)
	autocommitStmt  = regexp.MustCompile(`(?i)^SET\s+(@@(SESSION\.)?|SESSION\s+)?autocommit\s*(=|:=)\s*'?(\w+)'?\s*;?\s*$`)
)

// statementKind tells the statements that begin or end a transaction (go-sql-driver
// sends START TRANSACTION, COMMIT and ROLLBACK as they are; the mysql client may
// say BEGIN or switch autocommit off).
func statementKind(query string) stmtKind {
	q := leadingComments.ReplaceAllString(query, "")
	switch {
	case beginStmt.MatchString(q):
		return stmtBegin
	case endStmt.MatchString(q):
		return stmtEnd
	}
	if m := autocommitStmt.FindStringSubmatch(q); m != nil {
		switch strings.ToLower(m[4]) {
		case "0", "off", "false":
			return stmtAutocommitOff
		case "1", "on", "true":
			return stmtAutocommitOn
		}
	}
	return stmtOther
}

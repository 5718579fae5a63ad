package store_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"golang.org/x/sync/errgroup"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
)

func TestTxCommitsOnNilAndRollsBackOnErrorOrPanic(t *testing.T) {
	db := testkit.NewDB(t)
	insert := func(tx *sqlx.Tx, code string) error {
		_, err := tx.ExecContext(t.Context(), `INSERT INTO areas (code, name, level) VALUES (?, '测试', 'province')`, code)
		return err
	}
	require.NoError(t, db.Tx(t.Context(), func(tx *sqlx.Tx) error { return insert(tx, "990000") }))

	boom := errors.New("boom")
	err := db.Tx(t.Context(), func(tx *sqlx.Tx) error {
		require.NoError(t, insert(tx, "980000"))
		return boom
	})
	assert.ErrorIs(t, err, boom, "the function's error comes back as it is")

	assert.Panics(t, func() {
		_ = db.Tx(t.Context(), func(tx *sqlx.Tx) error {
			require.NoError(t, insert(tx, "970000"))
			panic("boom")
		})
	})

	assert.Equal(t, 1, db.Count(t, `SELECT COUNT(*) FROM areas WHERE code IN ('990000', '980000', '970000')`))
}

func TestErrorsAreClassified(t *testing.T) {
	db := testkit.NewDB(t)
	testkit.SeedAreas(t, db)
	_, err := db.ExecContext(t.Context(), `INSERT INTO areas (code, name, level) VALUES (?, '重复', 'city')`, testkit.AreaNanning)
	assert.True(t, store.IsDuplicate(err), "duplicate key: %v", err)
	assert.False(t, store.IsForeignKey(err))

	_, err = db.ExecContext(t.Context(), `INSERT INTO stations (name, kind, area_code, created_at, updated_at) VALUES ('站', 'community', '000000', NOW(3), NOW(3))`)
	assert.True(t, store.IsForeignKey(err), "missing parent: %v", err)
	assert.False(t, store.IsDuplicate(err))

	var name string
	err = db.GetContext(t.Context(), &name, `SELECT name FROM areas WHERE code = 'none'`)
	assert.True(t, store.IsNoRows(err))
	assert.False(t, store.IsLockConflict(err))
}

func TestInExpandsSlices(t *testing.T) {
	q, args, err := store.In(`SELECT 1 FROM t WHERE a = ? AND id IN (?)`, "x", []int64{1, 2, 3})
	require.NoError(t, err)
	assert.Equal(t, `SELECT 1 FROM t WHERE a = ? AND id IN (?, ?, ?)`, q)
	assert.Equal(t, []any{"x", int64(1), int64(2), int64(3)}, args)
}

func TestNextCutsThePageAndGivesTheCursor(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 1, 30, 0, 0, time.UTC)
	key := func(n int) store.Cursor {
		return store.Cursor{At: t0.Add(time.Duration(n) * time.Minute), ID: int64(n)}
	}
	for _, c := range []struct {
		name     string
		rows     []int
		limit    int
		wantRows []int
		wantNext store.Cursor
	}{
		{"a further row means more after the last row shown", []int{1, 2, 3}, 2, []int{1, 2}, key(2)},
		{"a full page with no further row is the end", []int{1, 2}, 2, []int{1, 2}, store.Cursor{}},
		{"a short page is the end", []int{1}, 2, []int{1}, store.Cursor{}},
		{"no rows is the end", nil, 2, nil, store.Cursor{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, next := store.Next(c.rows, store.Page{Limit: c.limit}, key)
			assert.Equal(t, c.wantRows, rows)
			assert.Equal(t, c.wantNext, next)
		})
	}
}

func TestPageKeysetConditions(t *testing.T) {
	at := time.Date(2024, 3, 15, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	first := store.Page{Limit: 20}
	cond, args := first.Before("m.created_at", "m.id")
	assert.Equal(t, "1=1", cond, "the first page has no condition")
	assert.Empty(t, args)

	next := store.Page{Limit: 20, After: store.Cursor{At: at, ID: 7}}
	cond, args = next.Before("m.created_at", "m.id")
	assert.Equal(t, "(m.created_at < ? OR (m.created_at = ? AND m.id < ?))", cond)
	assert.Equal(t, []any{at.UTC(), at.UTC(), int64(7)}, args, "times are compared in UTC, as stored")
	cond, _ = next.Since("s.created_at", "s.id")
	assert.Equal(t, "(s.created_at > ? OR (s.created_at = ? AND s.id > ?))", cond)
}

func TestMigrationsAreCurrentAndStatusSaysSo(t *testing.T) {
	db := testkit.NewDB(t)
	st, err := store.Status(t.Context(), db.DSN)
	require.NoError(t, err)
	latest, err := store.LatestMigration()
	require.NoError(t, err)
	assert.Equal(t, latest, st.Version)
	assert.False(t, st.Dirty)
	again, err := store.MigrateUp(t.Context(), db.DSN)
	require.NoError(t, err, "migrating a current database again is harmless")
	assert.Equal(t, latest, again.Version)
}

func TestEachChunkCoversEveryIDOnceInBoundedParts(t *testing.T) {
	for _, c := range []struct {
		name string
		ids  []int
		n    int
		want [][]int
	}{
		{"no ids, no call", nil, 2, nil},
		{"fewer than n, one part", []int{1}, 2, [][]int{{1}}},
		{"exactly n, one part", []int{1, 2}, 2, [][]int{{1, 2}}},
		{"the rest in a shorter last part", []int{1, 2, 3, 4, 5}, 2, [][]int{{1, 2}, {3, 4}, {5}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got [][]int
			require.NoError(t, store.EachChunk(c.ids, c.n, func(part []int) error { got = append(got, part); return nil }))
			assert.Equal(t, c.want, got)
		})
	}
	boom := errors.New("boom")
	calls := 0
	err := store.EachChunk([]int{1, 2, 3}, 1, func([]int) error { calls++; return boom })
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 1, calls, "the first error stops")
}

// Two transactions that lock two rows in opposite order deadlock; MariaDB
// rolls one back with 1213. Tx runs the victim again, so both commit, and the
// victim's function ran twice. (On Galera the same error comes at COMMIT
// from certification; Tx treats both alike.)
func TestTxRunsADeadlockVictimAgain(t *testing.T) {
	db := testkit.NewDB(t)
	_, err := db.ExecContext(t.Context(), `INSERT INTO areas (code, name, level) VALUES ('990001', '甲', 'province'), ('990002', '乙', 'province')`)
	require.NoError(t, err)

	locked := make(chan struct{}, 2)
	var runs [2]atomic.Int32
	lockBoth := func(i int, first, second string) error {
		return db.Tx(t.Context(), func(tx *sqlx.Tx) error {
			n := runs[i].Add(1)
			if _, err := tx.ExecContext(t.Context(), `UPDATE areas SET name = CONCAT(name, ?) WHERE code = ?`, i, first); err != nil {
				return err
			}
			if n == 1 {
				// Both hold their first row before either asks for its second.
				locked <- struct{}{}
				for len(locked) < 2 {
					time.Sleep(5 * time.Millisecond)
				}
			}
			_, err := tx.ExecContext(t.Context(), `UPDATE areas SET name = CONCAT(name, ?) WHERE code = ?`, i, second)
			return err
		})
	}
	var g errgroup.Group
	g.Go(func() error { return lockBoth(0, "990001", "990002") })
	g.Go(func() error { return lockBoth(1, "990002", "990001") })
	require.NoError(t, g.Wait(), "the deadlock victim is retried, not failed")

	assert.Equal(t, int32(3), runs[0].Load()+runs[1].Load(), "one of the two ran twice")
	var names []string
	require.NoError(t, db.SelectContext(t.Context(), &names, `SELECT name FROM areas WHERE code IN ('990001', '990002') ORDER BY code`))
	for _, n := range names {
		assert.Len(t, []rune(n), 3, "each row took both transactions' writes once: %q", n)
	}
}

func TestRetryStopsOnOtherErrorsAndAfterAFewConflicts(t *testing.T) {
	calls := 0
	_, err := store.Retry(t.Context(), func() (int, error) { calls++; return 0, errors.New("other") })
	assert.Error(t, err)
	assert.Equal(t, 1, calls, "an error that is no lock conflict is not retried")

	calls = 0
	deadlock := &mysql.MySQLError{Number: 1213, Message: "Deadlock found when trying to get lock"}
	_, err = store.Retry(t.Context(), func() (int, error) { calls++; return 0, deadlock })
	assert.True(t, store.IsLockConflict(err))
	assert.Equal(t, 5, calls, "a conflict that keeps coming is given up after five tries")
}

// An autocommit write that loses a deadlock is run again by store.DB, so
// its caller sees it done, not Error 1213.
func TestAnAutocommitDeadlockVictimIsRunAgain(t *testing.T) {
	db := testkit.NewDB(t)
	_, err := db.ExecContext(t.Context(), `INSERT INTO areas (code, name, level) VALUES ('990001', '甲', 'province'), ('990002', '乙', 'province')`)
	require.NoError(t, err)
	// The transaction holds 990001 and then asks for 990002, which the
	// autocommit statement below holds while it asks for 990001: a cycle.
	// InnoDB rolls back the transaction that changed fewer rows, so the
	// transaction first writes a few more.
	tx, err := db.BeginTxx(t.Context(), nil)
	require.NoError(t, err)
	defer func() { _ = tx.Rollback() }()
	_, err = tx.ExecContext(t.Context(), `INSERT INTO areas (code, name, level) VALUES ('990011', '丙', 'province'), ('990012', '丁', 'province'), ('990013', '戊', 'province')`)
	require.NoError(t, err)
	_, err = tx.ExecContext(t.Context(), `UPDATE areas SET name = '甲1' WHERE code = '990001'`)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		// Locks 990002 first (ORDER BY code DESC), then waits for 990001.
		_, err := db.ExecContext(context.Background(), `UPDATE areas SET name = CONCAT(name, '2') WHERE code IN ('990001', '990002') ORDER BY code DESC`)
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	_, err = tx.ExecContext(t.Context(), `UPDATE areas SET name = '乙1' WHERE code = '990002'`)
	require.NoError(t, err, "the autocommit statement, not the transaction, is the deadlock's victim")
	require.NoError(t, tx.Commit())
	require.NoError(t, <-done, "the autocommit statement is run again, not failed by the deadlock")
	var names []string
	require.NoError(t, db.SelectContext(t.Context(), &names, `SELECT name FROM areas WHERE code IN ('990001', '990002') ORDER BY code`))
	assert.Equal(t, []string{"甲12", "乙12"}, names, "it ran after the transaction, once")
}

// A time with nanoseconds (time.Now()) as an argument still lets MariaDB
// read a range of a key: written with all nine digits, the literal is not a
// DATETIME to the planner, and the statement reads every entry of the key.
func TestATimeArgumentKeepsARangeRead(t *testing.T) {
	db := testkit.NewDB(t)
	db.Exec(t, `CREATE TABLE timed (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, flag BOOLEAN NOT NULL, at DATETIME(3) NULL, KEY (flag, at)) ENGINE=InnoDB`)
	for i := range 200 {
		var at any
		if i%10 == 0 {
			at = time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)
		}
		db.Exec(t, `INSERT INTO timed (flag, at) VALUES (FALSE, ?)`, at)
	}
	db.Exec(t, `ANALYZE TABLE timed`)
	now := time.Date(2026, 1, 1, 0, 0, 5, 123456789, time.UTC)
	var plan struct {
		Type string `db:"type"`
	}
	rows, err := db.QueryxContext(t.Context(), `EXPLAIN SELECT COUNT(*) FROM timed WHERE flag = FALSE AND at <= ?`, now)
	require.NoError(t, err)
	defer rows.Close()
	require.True(t, rows.Next())
	cols, err := rows.SliceScan()
	require.NoError(t, err)
	names, _ := rows.Columns()
	for i, n := range names {
		if n == "type" {
			plan.Type = string(cols[i].([]byte))
		}
	}
	assert.Equal(t, "range", plan.Type, "the rows without a time are not read")
	assert.Equal(t, 1, db.Count(t, `SELECT COUNT(*) FROM timed WHERE flag = FALSE AND at <= ?`, now))
}

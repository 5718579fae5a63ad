package store_test

import (
	"errors"
	"testing"
	"time"

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

package testkit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/store"
)

func TestNewDBIsMigratedAndDropped(t *testing.T) {
	var name, dsn string
	t.Run("inner", func(t *testing.T) {
		db := NewDB(t)
		name, dsn = db.Name, db.DSN
		SeedAreas(t, db)
		assert.Equal(t, 7, db.Count(t, "SELECT COUNT(*) FROM areas"))
		st, err := store.Status(t.Context(), db.DSN)
		require.NoError(t, err)
		assert.Equal(t, st.Latest, st.Version)
		assert.False(t, st.Dirty)
		// migrate up is safe to run twice
		st2, err := store.MigrateUp(t.Context(), db.DSN)
		require.NoError(t, err)
		assert.Equal(t, st, st2)
	})
	other := NewDB(t)
	assert.Zero(t, other.Count(t, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", name), "database %s (%s) was not dropped", name, dsn)
}

func TestNewRedisGivesAnEmptyDatabaseOfItsOwn(t *testing.T) {
	a := NewRedis(t)
	b := NewRedis(t)
	assert.NotEqual(t, a.DB, b.DB)
	require.NoError(t, a.Set(t.Context(), "k", "a", 0).Err())
	n, err := b.Exists(t.Context(), "k").Result()
	require.NoError(t, err)
	assert.Zero(t, n)
}

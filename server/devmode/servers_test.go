package devmode

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/store"
)

// startMigrated starts the embedded servers with the schema applied.
func startMigrated(t *testing.T, opt Options) (*Env, *store.DB) {
	t.Helper()
	ctx := t.Context()
	env, err := Start(ctx, opt)
	require.NoError(t, err)
	t.Cleanup(env.Close)
	st, err := store.MigrateUp(ctx, env.DSN)
	require.NoError(t, err, "every migration runs on go-mysql-server")
	require.Equal(t, st.Latest, st.Version)
	db, err := store.Open(ctx, env.DSN)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return env, db
}

func refused(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return true
	}
	c.Close()
	return false
}

func TestStartListensOnLoopbackAndCloseStopsBoth(t *testing.T) {
	env, err := Start(t.Context(), Options{})
	require.NoError(t, err)
	defer env.Close()
	require.NotZero(t, env.MySQLPort)
	require.NotZero(t, env.RedisPort)
	assert.Equal(t, fmt.Sprintf("127.0.0.1:%d", env.RedisPort), env.RedisAddr)
	cfg, err := mysql.ParseDSN(env.DSN)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("127.0.0.1:%d", env.MySQLPort), cfg.Addr)
	assert.Equal(t, DatabaseName, cfg.DBName)

	db, err := store.Open(t.Context(), env.DSN)
	require.NoError(t, err, "go-sql-driver reaches the embedded server over TCP")
	var one int
	require.NoError(t, db.Get(&one, "SELECT 1"))
	db.Close()
	rdb := redis.NewClient(&redis.Options{Addr: env.RedisAddr})
	require.NoError(t, rdb.Ping(t.Context()).Err())
	rdb.Close()

	mysqlAddr := cfg.Addr
	env.Close()
	assert.True(t, refused(mysqlAddr), "MySQL port closed")
	assert.True(t, refused(env.RedisAddr), "Redis port closed")
	env.Close() // twice is harmless
}

func TestStartOnGivenPortsAndRefusesTakenOnes(t *testing.T) {
	free := func() int {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer ln.Close()
		return ln.Addr().(*net.TCPAddr).Port
	}
	mp, rp := free(), free()
	env, err := Start(t.Context(), Options{MySQLPort: mp, RedisPort: rp})
	require.NoError(t, err)
	defer env.Close()
	assert.Equal(t, mp, env.MySQLPort)
	assert.Equal(t, rp, env.RedisPort)

	_, err = Start(t.Context(), Options{MySQLPort: mp})
	assert.ErrorContains(t, err, "embedded MySQL")
	_, err = Start(t.Context(), Options{RedisPort: rp})
	assert.ErrorContains(t, err, "embedded Redis")
}

// go-mysql-server's memory storage alone loses all but one of overlapping
// transactions' writes and FOR UPDATE locks nothing; serialHandler is why
// these hold.
func TestOverlappingTransactionsKeepEveryWrite(t *testing.T) {
	_, db := startMigrated(t, Options{})
	ctx := t.Context()
	now := time.Now().UTC()
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for i := range 30 {
		wg.Go(func() {
			errs <- db.Tx(ctx, func(tx *sqlx.Tx) error {
				var n int
				if err := tx.Get(&n, "SELECT COUNT(*) FROM users"); err != nil {
					return err
				}
				_, err := tx.Exec("INSERT INTO users (openid, created_at, last_login_at) VALUES (?, ?, ?)", fmt.Sprint("u", i), now, now)
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var n int
	require.NoError(t, db.Get(&n, "SELECT COUNT(*) FROM users"))
	assert.Equal(t, 30, n, "no insert lost")

	// A read-modify-write under FOR UPDATE is a counter that never skips.
	_, err := db.Exec("INSERT INTO areas (code, name, level) VALUES ('450000', '', 'province')")
	require.NoError(t, err)
	for range 20 {
		wg.Go(func() {
			assert.NoError(t, db.Tx(ctx, func(tx *sqlx.Tx) error {
				var name string
				if err := tx.Get(&name, "SELECT name FROM areas WHERE code = '450000' FOR UPDATE"); err != nil {
					return err
				}
				_, err := tx.Exec("UPDATE areas SET name = ? WHERE code = '450000'", name+"x")
				return err
			}))
		})
	}
	wg.Wait()
	var name string
	require.NoError(t, db.Get(&name, "SELECT name FROM areas WHERE code = '450000'"))
	assert.Len(t, name, 20, "no update lost")
}

func TestRollbackAndConstraintErrorsAreMySQLs(t *testing.T) {
	_, db := startMigrated(t, Options{})
	now := time.Now().UTC()
	err := db.Tx(t.Context(), func(tx *sqlx.Tx) error {
		if _, err := tx.Exec("INSERT INTO users (openid, created_at, last_login_at) VALUES ('rolled-back', ?, ?)", now, now); err != nil {
			return err
		}
		return errors.New("stop")
	})
	require.EqualError(t, err, "stop")
	var n int
	require.NoError(t, db.Get(&n, "SELECT COUNT(*) FROM users"))
	assert.Zero(t, n, "rolled back")

	_, err = db.Exec("INSERT INTO areas (code, name, level) VALUES ('450000', 'x', 'province')")
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO areas (code, name, level) VALUES ('450000', 'x', 'province')")
	assert.True(t, store.IsDuplicate(err), "1062: %v", err)
	_, err = db.Exec("INSERT INTO stations (name, kind, area_code, created_at, updated_at) VALUES ('x', 'community', '999999', ?, ?)", now, now)
	assert.True(t, store.IsForeignKey(err), "1452: %v", err)
}

func TestATransactionWaitingOnAnotherConnectionFailsWithLockWaitTimeout(t *testing.T) {
	_, db := startMigrated(t, Options{lockWait: 200 * time.Millisecond})
	ctx := t.Context()
	err := db.Tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.Exec("INSERT INTO areas (code, name, level) VALUES ('450000', 'x', 'province')"); err != nil {
			return err
		}
		var n int
		return db.Get(&n, "SELECT COUNT(*) FROM areas") // another connection: waits for tx
	})
	var me *mysql.MySQLError
	require.ErrorAs(t, err, &me)
	assert.EqualValues(t, 1205, me.Number)
	var n int
	require.NoError(t, db.Get(&n, "SELECT COUNT(*) FROM areas"), "the lock is free again")
	assert.Zero(t, n)
}

func TestStatementKind(t *testing.T) {
	for _, c := range []struct {
		query string
		want  stmtKind
	}{
		{"START TRANSACTION", stmtBegin},
		{"start transaction read only", stmtBegin},
		{"BEGIN", stmtBegin},
		{"begin work;", stmtBegin},
		{"/* c */ BEGIN", stmtBegin},
		{"COMMIT", stmtEnd},
		{"commit;", stmtEnd},
		{"ROLLBACK", stmtEnd},
		{"ROLLBACK WORK AND NO CHAIN", stmtEnd},
		{"ROLLBACK TO SAVEPOINT a", stmtOther},
		{"SET autocommit = 0", stmtAutocommitOff},
		{"set @@session.autocommit=OFF", stmtAutocommitOff},
		{"SET autocommit=1", stmtAutocommitOn},
		{"SELECT * FROM begin_dates", stmtOther},
		{"INSERT INTO users (openid) VALUES ('COMMIT')", stmtOther},
		{"BEGIN NOT ATOMIC SELECT 1; END", stmtOther},
	} {
		t.Run(c.query, func(t *testing.T) { assert.Equal(t, c.want, statementKind(c.query)) })
	}
}

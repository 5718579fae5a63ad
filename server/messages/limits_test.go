package messages_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/testkit"
)

// limited is a service on a fresh database whose IP limit is 2 an hour, and
// a station and users to submit with.
func limited(t *testing.T, rdb redis.UniversalClient) (*messages.Service, int64, func() *access.Principal) {
	t.Helper()
	db := testkit.NewDB(t)
	testkit.SeedAreas(t, db)
	box, _ := pii.NewBox(bytes.Repeat([]byte{2}, 32))
	rules, err := messages.LoadRules(filepath.Join("..", "..", "configs", "messages.yaml"))
	require.NoError(t, err)
	rules.RateLimits.PerIP = messages.Limit{Count: 2, Per: time.Hour}
	d := aloneDeps(db, box)
	d.Rules, d.Redis, d.RedisPrefix = rules, rdb, fmt.Sprintf("liaison:test:%d:", time.Now().UnixNano())
	s := messages.New(d)
	db.Exec(t, `INSERT INTO stations (name, kind, area_code, created_at, updated_at) VALUES ('站', 'community', ?, NOW(3), NOW(3))`, testkit.AreaQingxiu)
	var station int64
	require.NoError(t, db.GetContext(t.Context(), &station, `SELECT MAX(id) FROM stations`))
	n := 0
	user := func() *access.Principal {
		n++
		res, err := db.ExecContext(t.Context(), `INSERT INTO users (openid, created_at, last_login_at) VALUES (?, NOW(3), NOW(3))`, fmt.Sprintf("u-%d", n))
		require.NoError(t, err)
		id, _ := res.LastInsertId()
		return &access.Principal{UserID: id}
	}
	return s, station, user
}

var text = messages.Input{Category: "other", Content: "一条足够长的留言内容"}

func TestRateLimitPerIP(t *testing.T) {
	rdb := testkit.NewRedis(t)
	s, station, user := limited(t, rdb.Client)
	for range 2 {
		_, err := s.Submit(t.Context(), user(), station, text, messages.Origin{IP: "10.1.1.1"})
		require.NoError(t, err)
	}
	_, err := s.Submit(t.Context(), user(), station, text, messages.Origin{IP: "10.1.1.1"})
	require.Equal(t, "too_many_messages", apperr.CodeOf(err), "a third user from the same IP is held back")
	require.Positive(t, apperr.From(err).RetryAfter)
	_, err = s.Submit(t.Context(), user(), station, text, messages.Origin{IP: "10.1.1.2"})
	require.NoError(t, err, "another IP is not")
}

func TestRateLimitWithoutRedisLetsMessagesThrough(t *testing.T) {
	down := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 100 * time.Millisecond, MaxRetries: -1})
	t.Cleanup(func() { down.Close() })
	s, station, user := limited(t, down)
	for range 3 {
		m, err := s.Submit(t.Context(), user(), station, text, messages.Origin{IP: "10.1.1.1"})
		require.NoError(t, err, "a citizen's message is never lost to the abuse control")
		require.Equal(t, "unchecked", m.Review, "no content checker: flagged for review")
	}
}

package activities_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// deputyUser signs in a WeChat user bound to the deputy and returns its token and id.
func deputyUser(t *testing.T, s *wired.Service, deputyID int64) (string, int64) {
	t.Helper()
	return s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: deputyID})
}

func countNotices(t *testing.T, s *wired.Service, where string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, s.DB.GetContext(t.Context(), &n, `SELECT COUNT(*) FROM notifications WHERE `+where, args...))
	return n
}

func mustQuiet(t *testing.T, q string) notify.QuietHours {
	t.Helper()
	h, err := notify.ParseQuietHours(q)
	require.NoError(t, err)
	return h
}

func actPtr[T any](v T) *T { return &v }

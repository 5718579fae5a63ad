package activities_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

var actAdmin = &access.Principal{Grants: []access.Grant{{Role: access.RoleAdmin}}}

// publishAt drafts and publishes an activity of the station's deputies starting at start.
func publishAt(t *testing.T, svc *activities.Service, station int64, kind string, start time.Time) *activities.Activity {
	t.Helper()
	end := start.Add(2 * time.Hour)
	a, err := svc.Create(t.Context(), actAdmin, activities.Input{StationID: &station, Kind: &kind, Title: actPtr("活动 " + kind), StartAt: &start, EndAt: &end,
		Venue: actPtr("联络站"), Invitees: &activities.Invitees{StationID: station}})
	require.NoError(t, err)
	a, err = svc.Publish(t.Context(), actAdmin, a.ID)
	require.NoError(t, err)
	return a
}

func actPtr[T any](v T) *T { return &v }

// deputyUser signs in a WeChat user bound to the deputy and returns its token and id.
func deputyUser(t *testing.T, s *wired.Service, deputyID int64) (string, int64) {
	t.Helper()
	return s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: deputyID})
}

// sendPending sends every pending notice of subject, as the worker would.
func sendPending(t *testing.T, s *wired.Service, subject string) int {
	t.Helper()
	var ids []int64
	require.NoError(t, s.DB.SelectContext(t.Context(), &ids, `SELECT id FROM notifications WHERE subject = ? AND status = 'pending' ORDER BY id`, subject))
	for _, id := range ids {
		require.NoError(t, s.Notify.Send(t.Context(), id))
	}
	return len(ids)
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

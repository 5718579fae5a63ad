package activities_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
)

// recordingFanOut is the worker's queue as the service sees it: it keeps
// what was handed on.
type recordingFanOut struct {
	mu     sync.Mutex
	events []string
}

func (r *recordingFanOut) EnqueueFanOut(_ context.Context, id int64, event string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf("%d:%s", id, event))
	return nil
}

// bigStation seeds a station of n deputies, each with an employer, in
// multi-row inserts, and returns the service over it.
func bigStation(t *testing.T, n int, q activities.FanOutQueue) (*testkit.DB, *activities.Service, int64) {
	db, box := seedDeputies(t, n)
	return db, newFanOutService(t, db, box, q, nil), 1
}

// seedKey seals the seeded phones.
var seedKey = bytes.Repeat([]byte{7}, 32)

// seedDeputies makes a station (id 1) and a group (id 1, the region's
// deputies) of n deputies, each with an employer.
func seedDeputies(tb testing.TB, n int) (*testkit.DB, *pii.Box) {
	db := testkit.NewDB(tb)
	testkit.SeedAreas(tb, db)
	box, err := pii.NewBox(seedKey)
	require.NoError(tb, err)
	db.Exec(tb, `INSERT INTO stations (name, kind, area_code, latitude, longitude, created_at, updated_at)
		VALUES ('联络站', 'community', ?, 22.817, 108.366, NOW(3), NOW(3))`, testkit.AreaMinsheng)
	for start := 0; start < n; start += 500 {
		var vals []string
		var args []any
		for i := start; i < min(start+500, n); i++ {
			phone, employer := fmt.Sprintf("137%08d", i), fmt.Sprintf("136%08d", i)
			p, _ := box.Seal(phone)
			e, _ := box.Seal(employer)
			vals = append(vals, "(?, ?, ?, '单位', ?, ?, NOW(3), NOW(3))")
			args = append(args, fmt.Sprintf("代表%d", i), p, box.Hash(phone), e, box.Hash(employer))
		}
		db.Exec(tb, `INSERT INTO deputies (name, phone_enc, phone_hash, employer_name, employer_phone_enc, employer_phone_hash, created_at, updated_at)
			VALUES `+strings.Join(vals, ","), args...)
	}
	db.Exec(tb, `INSERT INTO station_deputies (station_id, deputy_id, created_at) SELECT 1, id, NOW(3) FROM deputies`)
	db.Exec(tb, `INSERT INTO deputy_groups (name, kind, area_code, created_at, updated_at) VALUES ('全区代表', 'area', ?, NOW(3), NOW(3))`, testkit.AreaMinsheng)
	db.Exec(tb, `INSERT INTO deputy_group_members (group_id, deputy_id, created_at) SELECT 1, id, NOW(3) FROM deputies`)
	return db, box
}

// newFanOutService is the activities service over db with a notification
// engine whose dependencies deps may change.
func newFanOutService(tb testing.TB, db *testkit.DB, box *pii.Box, q activities.FanOutQueue, deps func(*notify.Deps)) *activities.Service {
	rules, err := notify.LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	require.NoError(tb, err)
	quiet := slog.New(slog.NewJSONHandler(&strings.Builder{}, &slog.HandlerOptions{Level: slog.LevelError}))
	d := notify.Deps{DB: db.DB, Box: box, Rules: rules, Log: quiet}
	if deps != nil {
		deps(&d)
	}
	engine := notify.New(d)
	reg := registry.New(registry.Deps{DB: db.DB, Box: box})
	return activities.New(activities.Deps{DB: db.DB, Box: box, Notify: engine, Registry: reg, Identity: identity.New(identity.Deps{DB: db.DB, Registry: reg}),
		Log: quiet, FanOut: q})
}

var admin = &access.Principal{Grants: []access.Grant{{Role: access.RoleAdmin}}}

// publishToAll publishes a two-hour activity starting in from now, inviting
// the whole station.
func publishToAll(t *testing.T, svc *activities.Service, station int64, in time.Duration) *activities.Activity {
	t.Helper()
	start := time.Now().Add(in)
	end := start.Add(2 * time.Hour)
	a, err := svc.Create(t.Context(), admin, activities.Input{StationID: &station, Kind: ptr("study"), Title: ptr("集中学习"),
		StartAt: &start, EndAt: &end, Invitees: &activities.Invitees{StationID: station}})
	require.NoError(t, err)
	_, err = svc.Publish(t.Context(), admin, a.ID)
	require.NoError(t, err)
	return a
}

// A publish to more invitees than one chunk answers once the first chunk's
// notices are written, hands the rest on, and the rest is written by the
// worker: every invitee and employer gets one notice, however many workers
// continue the fan-out at once and however often.
func TestALargePublishWritesItsNoticesInChunksEachOnce(t *testing.T) {
	const n = 1234
	q := &recordingFanOut{}
	db, svc, station := bigStation(t, n, q)
	a := publishToAll(t, svc, station, 48*time.Hour)

	subject := fmt.Sprintf("activity:%d", a.ID)
	assert.Equal(t, 2*500, db.Count(t, `SELECT COUNT(*) FROM notifications WHERE subject = ?`, subject), "the first chunk of 500 invitees and their employers")
	assert.Equal(t, n, db.Count(t, `SELECT COUNT(*) FROM activity_invitees WHERE activity_id = ?`, a.ID), "every invitee is resolved at publish")
	assert.Equal(t, []string{fmt.Sprintf("%d:publish:1", a.ID)}, q.events, "the rest is handed to the worker")

	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, svc.ContinueFanOut(context.Background(), a.ID))
		}()
	}
	wg.Wait()
	done, err := svc.ScanFanOuts(t.Context())
	require.NoError(t, err)
	assert.Zero(t, done, "nothing is left for the periodic scan")

	assert.Equal(t, 2*n, db.Count(t, `SELECT COUNT(*) FROM notifications WHERE subject = ?`, subject))
	assert.Equal(t, n, db.Count(t, `SELECT COUNT(DISTINCT recipient_id) FROM notifications WHERE subject = ? AND kind = 'activity_notice'`, subject))
	assert.Equal(t, n, db.Count(t, `SELECT COUNT(DISTINCT recipient_id) FROM notifications WHERE subject = ? AND kind = 'employer_notice'`, subject))
	assert.Equal(t, n, db.Count(t, `SELECT COUNT(*) FROM employer_notices WHERE activity_id = ?`, a.ID), "one employer link each")
	assert.Equal(t, 1, db.Count(t, `SELECT COUNT(*) FROM activities WHERE id = ? AND fanout_kind IS NULL`, a.ID))
}

// A cancel in the middle of a publish's fan-out replaces it: the invitees
// the publish had not reached hear only of the cancel, every invitee hears
// of the cancel once, and a fan-out left unfinished by a lost task is
// completed by the periodic scan.
func TestACancelMidFanOutReplacesItAndTheScanFinishesIt(t *testing.T) {
	const n = 1100
	db, svc, station := bigStation(t, n, nil)
	a := publishToAll(t, svc, station, 48*time.Hour)
	_, err := svc.Cancel(t.Context(), admin, a.ID, "场地临时调整")
	require.NoError(t, err)

	subject := fmt.Sprintf("activity:%d", a.ID)
	count := func(kind string) int {
		return db.Count(t, `SELECT COUNT(*) FROM notifications WHERE subject = ? AND kind = ?`, subject, kind)
	}
	assert.Equal(t, 500, count("activity_notice"), "the publish reached its first chunk only")
	assert.Equal(t, 500, count("activity_changed"), "the cancel's first chunk is written at once")

	done, err := svc.ScanFanOuts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, done)
	assert.Equal(t, 500, count("activity_notice"), "the replaced publish writes nothing more")
	assert.Equal(t, n, count("activity_changed"))
	assert.Equal(t, n, count("employer_changed"))
}

// The reminders of an activity with more invitees than one chunk are all
// written, a chunk per transaction, and a second scan writes none again.
func TestRemindersOfALargeActivityAreWrittenInChunksOnce(t *testing.T) {
	const n = 1100
	db, svc, station := bigStation(t, n, nil)
	a := publishToAll(t, svc, station, 3*time.Hour)

	res, err := svc.ScanReminders(t.Context())
	require.NoError(t, err)
	assert.Equal(t, n, res.Created)
	again, err := svc.ScanReminders(t.Context())
	require.NoError(t, err)
	assert.Zero(t, again.Created)
	assert.Equal(t, n, db.Count(t, `SELECT COUNT(DISTINCT recipient_id) FROM notifications WHERE subject = ? AND kind = 'activity_reminder'`, fmt.Sprintf("activity:%d", a.ID)))
}

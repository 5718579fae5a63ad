package activities_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestComplianceScanRemindsStaffOnce(t *testing.T) {
	// 20 May 2026, 09:00 in Shanghai: the monthly rules are due; nothing held or scheduled.
	h := wired.New(t, wired.Clock(clock.NewFixed(time.Date(2026, 5, 20, 1, 0, 0, 0, time.UTC))))
	svc := h.Activities
	st := h.Station(t, "民生街道联络站", "450102001")
	h.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	h.User(t, access.Grant{Role: access.RoleStaff, AreaCode: "450103"})                      // not this station's
	wired.PastActivity(t, h.DB, st, "visit", "2026-05-10 10:00", "published", nil, nil, nil) // ended, nobody checked in: not held
	n, err := svc.ScanCompliance(t.Context())
	require.NoError(t, err)
	_ = n
	var keys []string
	require.NoError(t, h.DB.SelectContext(t.Context(), &keys, `SELECT dedupe_key FROM notifications WHERE kind = 'compliance_reminder' ORDER BY dedupe_key`))
	require.Len(t, keys, 2, "reception day and visit of May, to the one staff user")
	assert.Contains(t, keys[0], "compliance:reception_day:2026-05:station:")
	assert.Contains(t, keys[1], "compliance:visit:2026-05:station:")
	_, err = svc.ScanCompliance(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2, countNotices(t, h, "kind = 'compliance_reminder'"))
}

package activities_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestRemindersAreDueOnceForTheCurrentVersion(t *testing.T) {
	now := time.Date(2026, 5, 12, 2, 0, 0, 0, time.UTC) // 10:00 in Shanghai
	clk := clock.NewFixed(now)
	h := wired.New(t, wired.Clock(clk))
	svc := h.Activities
	st := h.Station(t, "民生街道联络站", "450102001")
	var deputies []int64
	for i := range 3 {
		deputies = append(deputies, h.Deputy(t, fmt.Sprintf("代表%d", i), fmt.Sprintf("1380020000%d", i), st))
	}
	reminders := func(a *activities.Activity) []string {
		var keys []string
		require.NoError(t, h.DB.SelectContext(t.Context(), &keys, `SELECT dedupe_key FROM notifications
			WHERE subject = ? AND kind = 'activity_reminder' AND status <> 'skipped' ORDER BY id`, fmt.Sprintf("activity:%d", a.ID)))
		return keys
	}

	soon := wired.PublishAt(t, svc, st, "visit", now.Add(90*time.Minute))
	moved := wired.PublishAt(t, svc, st, "study", now.Add(100*time.Minute))
	cancelled := wired.PublishAt(t, svc, st, "publicity", now.Add(110*time.Minute))
	// The last deputy asks for leave from the first one.
	leaver := &access.Principal{DeputyID: deputies[2], Grants: []access.Grant{{Role: access.RoleDeputy, DeputyID: deputies[2]}}}
	_, err := svc.Answer(t.Context(), leaver, soon.ID, activities.RSVP{Answer: "leave", Reason: "出差"})
	require.NoError(t, err)
	_, err = svc.Cancel(t.Context(), wired.Admin, cancelled.ID, "场地冲突")
	require.NoError(t, err)

	res, err := svc.ScanReminders(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2+3, res.Created, "the 2 h reminder: two deputies of the first (one is on leave), three of the second")
	again, err := svc.ScanReminders(t.Context())
	require.NoError(t, err)
	assert.Zero(t, again.Created, "a second scan creates nothing")
	keys := reminders(soon)
	require.Len(t, keys, 2)
	for _, k := range keys {
		assert.Contains(t, k, ":v1:2h:", "only the 2 h reminder, not the 24 h one")
	}
	assert.NotContains(t, keys, fmt.Sprintf("activity:%d:reminder:v1:2h:deputy:%d", soon.ID, deputies[2]), "not to the deputy on leave")
	assert.Empty(t, reminders(cancelled), "none for a cancelled activity")

	// Rescheduled before the reminder is sent: the old one is not sent.
	var notices []int64
	require.NoError(t, h.DB.SelectContext(t.Context(), &notices, `SELECT id FROM notifications WHERE subject = ? AND kind = 'activity_notice'`,
		fmt.Sprintf("activity:%d", moved.ID)))
	for _, id := range notices {
		require.NoError(t, h.Notify.Send(t.Context(), id))
	}
	before := h.SMS.Total()
	newStart := now.Add(30 * time.Hour)
	_, err = svc.Update(t.Context(), wired.Admin, moved.ID, activities.Input{StartAt: &newStart, EndAt: actPtr(newStart.Add(time.Hour))})
	require.NoError(t, err)
	var old []int64
	require.NoError(t, h.DB.SelectContext(t.Context(), &old, `SELECT id FROM notifications WHERE dedupe_key LIKE ?`, fmt.Sprintf("activity:%d:reminder:v1:%%", moved.ID)))
	require.Len(t, old, 3)
	for _, id := range old {
		require.NoError(t, h.Notify.Send(t.Context(), id))
	}
	assert.Equal(t, 3, countNotices(t, h, "id IN (?, ?, ?) AND status = 'skipped'", old[0], old[1], old[2]))
	changes := 3 // the change notices of the move go out by SMS
	h.SendPending(t, fmt.Sprintf("activity:%d", moved.ID))
	assert.Equal(t, before+changes, h.SMS.Total(), "only the change notices, no old reminder")

	// The first activity's reminders go out once.
	h.SendPending(t, fmt.Sprintf("activity:%d", soon.ID))
	for _, d := range deputies[:2] {
		n := 0
		for _, m := range h.SMS.Received(fmt.Sprintf("1380020000%d", d-deputies[0])) {
			if m.TemplateID == "1900004" {
				n++
			}
		}
		assert.Equal(t, 1, n, "deputy %d reminded once", d)
	}
	// Later, the moved activity gets the 24 h reminder of its new version.
	clk.Advance(7 * time.Hour)
	res, err = svc.ScanReminders(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, res.Created)
	for _, k := range reminders(moved) {
		assert.Contains(t, k, ":v2:24h:")
	}
}

func TestReminderThatQuietHoursWouldDelayIsDroppedWithTheReason(t *testing.T) {
	// 23:00 in Shanghai, the activity at 00:30: an SMS would wait until 08:00.
	now := time.Date(2026, 5, 12, 15, 0, 0, 0, time.UTC)
	clk := clock.NewFixed(now)
	h := wired.New(t, wired.Clock(clk))
	svc := h.Activities
	svc.Quiet = mustQuiet(t, "22:00-08:00")
	st := h.Station(t, "民生街道联络站", "450102001")
	sms := h.Deputy(t, "短信代表", "13800300001", st)
	wx := h.Deputy(t, "微信代表", "13800300002", st)
	_, uid := deputyUser(t, h, wx)
	_, err := h.Notify.RecordGrants(t.Context(), uid, []string{"tmpl-reminder"})
	require.NoError(t, err)
	a := wired.PublishAt(t, svc, st, "visit", now.Add(90*time.Minute))
	_, err = svc.ScanReminders(t.Context())
	require.NoError(t, err)
	var rows []struct {
		Recipient int64  `db:"recipient_id"`
		Channel   string `db:"channel"`
		Status    string `db:"status"`
		Reason    string `db:"last_error"`
	}
	require.NoError(t, h.DB.SelectContext(t.Context(), &rows, `SELECT recipient_id, channel, status, last_error FROM notifications
		WHERE subject = ? AND kind = 'activity_reminder' ORDER BY recipient_id`, fmt.Sprintf("activity:%d", a.ID)))
	require.Len(t, rows, 2)
	assert.Equal(t, sms, rows[0].Recipient)
	assert.Equal(t, "skipped", rows[0].Status)
	assert.Contains(t, rows[0].Reason, "免打扰")
	assert.Equal(t, "wechat", rows[1].Channel)
	assert.Equal(t, "pending", rows[1].Status)
}

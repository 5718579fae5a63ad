package activities_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestPerformanceFileCountsMessagesAssignedAndReplied(t *testing.T) {
	h := wired.New(t, wired.Clock(clock.NewFixed(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))))
	st := h.Station(t, "民生街道联络站", "450102001")
	d := h.Deputy(t, "甲", "13800800001", st)
	for i, replied := range []bool{true, true, false} {
		var at any
		if replied {
			at = "2025-05-02 00:00:00"
		}
		h.DB.Exec(t, `INSERT INTO messages (code, station_id, category, content, status, deputy_id, accept_due, reply_due, replied_at, created_at, updated_at)
			VALUES (?, ?, 'other', '留言', 'assigned', ?, NOW(3), NOW(3), ?, '2025-05-01 00:00:00', NOW(3))`, fmt.Sprintf("M%d", i), st, d, at)
	}
	require.NoError(t, messages.RebuildTallies(t.Context(), h.DB.DB, time.Now())) // the rows went past the service
	r, err := h.Activities.DeputyRecord(t.Context(), wired.Admin, d, 2025)
	require.NoError(t, err)
	assert.Equal(t, 3, r.MessagesAssigned)
	assert.Equal(t, 2, r.MessagesReplied)
}

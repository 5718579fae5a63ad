package notify

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit"
)

// A group of sent outcomes writes each only onto a row still in sending
// under the claim that sent it: a row the sweep took back and another worker
// claimed again (a higher attempt) keeps that claim's state.
func TestAGroupOfSentOutcomesSkipsARowClaimedAgain(t *testing.T) {
	db := testkit.NewDB(t)
	e := &Engine{Deps: Deps{DB: db.DB, Clock: clock.System{}}}
	now := time.Now().UTC()
	for i := 1; i <= 3; i++ {
		db.Exec(t, `INSERT INTO notifications (id, kind, channel, recipient_type, params, subject, dedupe_key, status, attempts, not_before, claimed_at, created_at, updated_at)
			VALUES (?, 'message_reply', 'sms', 'phone', '{}', 's', ?, 'sending', ?, ?, ?, ?, ?)`, i, i, map[int]int{1: 1, 2: 2, 3: 1}[i], now, now, now, now)
	}
	group := []*sentOutcome{
		{id: 3, attempts: 1, providerID: "serial-3", done: make(chan error, 1)},
		{id: 1, attempts: 1, providerID: "serial-1", done: make(chan error, 1)},
		{id: 2, attempts: 1, providerID: "serial-2", done: make(chan error, 1)}, // row 2 is at attempt 2 now
	}
	e.flushSent(context.Background(), group)
	for _, o := range group {
		require.NoError(t, <-o.done)
	}
	type state struct {
		Status   string  `db:"status"`
		Provider *string `db:"provider_id"`
	}
	get := func(id int) state {
		var s state
		require.NoError(t, db.GetContext(context.Background(), &s, `SELECT status, provider_id FROM notifications WHERE id = ?`, id))
		return s
	}
	assert.Equal(t, "sent", get(1).Status)
	assert.Equal(t, "serial-1", *get(1).Provider)
	assert.Equal(t, "sent", get(3).Status)
	assert.Equal(t, "serial-3", *get(3).Provider)
	assert.Equal(t, "sending", get(2).Status, "claimed again by attempt 2: not this outcome's row any more")
	assert.Nil(t, get(2).Provider)
}

package jobs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/jobs"
	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// The worker's periodic job hands a letter the deputy left past its
// deadline to the station's staff: two workers running their lists at once,
// and again, hand it over once and tell the deputy once.
func TestTwoWorkersHandALetterLeftPastItsDeadlineOverOnce(t *testing.T) {
	clk := clock.NewFixed(time.Date(2024, 3, 13, 10, 0, 0, 0, clock.Shanghai)) // a Wednesday
	s := wired.New(t, wired.Clock(clk))
	station := s.Station(t, "新竹社区联络站", "450103")
	deputy := s.Deputy(t, "黄代表", "13900000006", station)
	token, _, _ := s.SignIn(t)
	c, err := s.Messages.SubmitToDeputy(t.Context(), s.As(t, token), deputy, messages.ToDeputy{Input: messages.Input{Category: "transport",
		Content: "小区门口的红绿灯经常坏，早高峰很危险。"}}, messages.Origin{IP: "192.0.2.1"})
	require.NoError(t, err)
	_, _ = s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})

	job := func() jobs.Periodic {
		for _, j := range (jobs.Config{ScanInterval: time.Minute, Messages: s.Messages}).Periodic() {
			if j.Name == "messages_deputy_deadline" {
				return j
			}
		}
		t.Fatal("no messages_deputy_deadline job")
		return jobs.Periodic{}
	}
	run := func() {
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, job().Run(context.Background()))
			}()
		}
		wg.Wait()
	}
	handedOver := func() int {
		return s.DB.Count(t, "SELECT COUNT(*) FROM messages WHERE id = ? AND handed_over_at IS NOT NULL AND handed_over_late", c.ID)
	}

	run()
	assert.Zero(t, handedOver(), "within the deadline (3 working days) the deputy still has it")
	clk.Advance(6*24*time.Hour - 10*time.Hour + time.Minute) // Tuesday 00:01, after Monday's end
	run()
	run()
	assert.Equal(t, 1, handedOver())
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM message_events WHERE message_id = ? AND action = 'hand_over'", c.ID), "one event")
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE kind = 'deputy_message_handed_over' AND recipient_type = 'deputy'"), "the deputy is told once")
}

package messages_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/store"
)

func TestMessageOverdue(t *testing.T) {
	h, clk := newWired(t)
	station := h.Station(t, "新竹社区联络站", "450103")
	deputy := h.Deputy(t, "黄代表", "13900000006", station)
	staff := staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	_ = staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: "450103"})
	author, _ := citizen(t, h)
	late := submit(t, h, author, station, validMessage())
	assigned := submit(t, h, author, station, validMessage())
	handle(t, h, staff, assigned, messages.Transition{Action: "accept"})
	handle(t, h, staff, assigned, messages.Transition{Action: "assign", DeputyID: deputy})

	overdue := func() []int64 {
		items, _, err := h.Messages.Inbox(t.Context(), staff, messages.Filter{Overdue: true}, store.Page{Limit: 50})
		require.NoError(t, err)
		ids := []int64{}
		for _, m := range items {
			ids = append(ids, m.ID)
		}
		return ids
	}
	require.Empty(t, overdue())
	// Wednesday 13 March + 3 working days: due by the end of Monday 18 March.
	clk.Advance(6*24*time.Hour - 10*time.Hour + time.Minute) // Tuesday 00:01
	require.Contains(t, overdue(), late)
	require.NotContains(t, overdue(), assigned)
	n, err := h.Messages.RemindOverdue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 2, h.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE kind = 'overdue_reminder'"), "both staff users of the station")
	n2, err := h.Messages.RemindOverdue(t.Context())
	require.NoError(t, err)
	require.Zero(t, n2, "once per overdue step")
	_ = n

	clk.Advance(20 * 24 * time.Hour) // the reply deadline has passed too
	_, err = h.Messages.RemindOverdue(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, h.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE kind = 'overdue_reminder' AND recipient_type = 'deputy'"), "the assigned deputy is reminded")
}

func TestUnusedPhotosArePurgedAfterADay(t *testing.T) {
	h, clk := newWired(t)
	station := h.Station(t, "新竹社区联络站", "450103")
	author, _ := citizen(t, h)
	used, unused := photo(t, h, author), photo(t, h, author)
	b := validMessage()
	b.ImageIDs = []int64{used}
	submit(t, h, author, station, b)

	n, err := h.Messages.PurgeUnusedPhotos(t.Context())
	require.NoError(t, err)
	require.Zero(t, n, "a fresh upload may still be sent")
	clk.Advance(25 * time.Hour)
	n, err = h.Messages.PurgeUnusedPhotos(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, 1, h.Photos(t))
	_, _, err = h.Messages.Photo(t.Context(), author, unused)
	require.Equal(t, apperr.KindNotFound, kindOf(err))
	_, _, err = h.Messages.Photo(t.Context(), author, used)
	require.NoError(t, err)
}

func TestReplyNotRatedInSevenDaysClosesAsUnrated(t *testing.T) {
	h, clk := newWired(t)
	station := h.Station(t, "新竹社区联络站", "450103")
	staff := staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	author, _ := citizen(t, h)
	id := submit(t, h, author, station, validMessage())
	handle(t, h, staff, id, messages.Transition{Action: "accept"})
	handle(t, h, staff, id, messages.Transition{Action: "reply", Reply: "已列入计划"})

	n, err := h.Messages.CloseUnrated(t.Context())
	require.NoError(t, err)
	require.Zero(t, n)
	clk.Advance(7*24*time.Hour + time.Minute)
	n, err = h.Messages.CloseUnrated(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	m, err := h.Messages.Get(t.Context(), author, id)
	require.NoError(t, err)
	require.Equal(t, "closed", m.Status)
	require.Equal(t, "unrated", m.CloseReason)
	require.Nil(t, m.Rating)
	s := statsOf(t, h, staff, station)
	require.Zero(t, s.Rated, "unrated is not satisfied")
	require.Nil(t, s.SatisfactionRate)
}

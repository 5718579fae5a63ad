package messages_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// talliesAgree holds every region, city and county count of the periods to
// the same count made from the messages one by one.
func talliesAgree(t *testing.T, h *wired.Service, viewers map[string]*access.Principal, periods [][2]time.Time) {
	t.Helper()
	for name, p := range viewers {
		for _, area := range []string{"", testkit.AreaNanning, testkit.AreaXingning, testkit.AreaLiuzhou} {
			for _, pd := range periods {
				f := messages.StatsFilter{AreaCode: area, From: pd[0].UTC(), To: pd[1].UTC()}
				got, err := h.Messages.Stats(t.Context(), p, f)
				require.NoError(t, err)
				want, err := h.Messages.StatsFromMessages(t.Context(), p, f)
				require.NoError(t, err)
				require.Equal(t, want, got, "%s, area %q, %s – %s", name, area, pd[0], pd[1])
			}
		}
	}
}

func TestStatisticsFromTalliesAgreeWithTheMessagesThroughALifecycle(t *testing.T) {
	h, clk := newWired(t)
	stations := []int64{
		h.Station(t, "民生街道站", testkit.AreaMinsheng), // 兴宁区
		h.Station(t, "青秀区站", testkit.AreaQingxiu),
		h.Station(t, "城中区站", testkit.AreaChengzh), // 柳州
	}
	region := staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaGuangxi})
	viewers := map[string]*access.Principal{
		"region":   region,
		"nanning":  staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning}),
		"xingning": staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning}),
		"two":      staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaQingxiu}, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaChengzh}),
	}
	day := func(d, hour, minute int) time.Time {
		s := messagesStart
		return time.Date(s.Year(), s.Month(), s.Day()+d, hour, minute, 0, 0, clock.Shanghai)
	}
	periods := [][2]time.Time{
		{day(-72, 0, 0), day(300, 0, 0)}, // the year whole, and a week of the next
		{day(0, 12, 0), day(2, 20, 0)},   // hours at both ends
		{day(1, 0, 0), day(2, 0, 0)},     // one whole day
		{day(1, 15, 0), day(1, 16, 30)},  // within a day
		{day(0, 23, 0), day(40, 9, 0)},
		{day(-10, 6, 0), day(60, 18, 0)}, // hours, days of March, April whole, days of May, hours
		{day(-20, 9, 0), day(28, 0, 0)},  // hours, days of February, March whole, days of April
	}

	// Twelve messages over four days, at three hours of the day (one late
	// in the evening, which is the next day in UTC).
	var ids []int64
	var authors []*access.Principal
	for d := range 4 {
		for i, at := range [][2]int{{10, 0}, {16, 0}, {23, 30}} {
			clk.Advance(day(d, at[0], at[1]).Sub(clk.Now()))
			p, _ := citizen(t, h)
			ids, authors = append(ids, submit(t, h, p, stations[(d+i)%3], validMessage())), append(authors, p)
		}
	}
	talliesAgree(t, h, viewers, periods)

	// Handled over the following weeks: some on time, some late.
	reply := messages.Transition{Action: messages.ActionReply, Reply: "已联系相关部门处理。"}
	handle(t, h, region, ids[0], messages.Transition{Action: messages.ActionReject, Reason: "不属于人大代表联络站受理范围"})
	for _, id := range ids[1:5] {
		handle(t, h, region, id, messages.Transition{Action: messages.ActionAccept})
		handle(t, h, region, id, reply)
	}
	clk.Advance(10 * 24 * time.Hour)
	for _, id := range ids[5:9] {
		handle(t, h, region, id, messages.Transition{Action: messages.ActionAccept})
	}
	handle(t, h, region, ids[5], reply)
	clk.Advance(20 * 24 * time.Hour)
	handle(t, h, region, ids[6], reply)
	_, err := h.Messages.Rate(t.Context(), authors[1], ids[1], messages.Rating{Rating: messages.RatingSatisfied})
	require.NoError(t, err)
	_, err = h.Messages.Rate(t.Context(), authors[2], ids[2], messages.Rating{Rating: messages.RatingUnsatisfied})
	require.NoError(t, err)
	due := clk.Now().Add(5 * 24 * time.Hour)
	for _, id := range ids[3:5] {
		handle(t, h, region, id, messages.Transition{Action: messages.ActionPromise, Promise: "月底前修好", DueAt: &due})
	}
	talliesAgree(t, h, viewers, periods)

	// The promises fall due: counted among the promises due before the scan
	// reaches them, and the same after.
	clk.Advance(6 * 24 * time.Hour)
	talliesAgree(t, h, viewers, periods)
	whole := messages.StatsFilter{From: periods[0][0].UTC(), To: periods[0][1].UTC()}
	before, err := h.Messages.Stats(t.Context(), region, whole)
	require.NoError(t, err)
	assert.Equal(t, 2, before.PromisesDue)
	lapsed, err := h.Messages.LapsePromises(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2, lapsed)
	lapsed, err = h.Messages.LapsePromises(t.Context())
	require.NoError(t, err)
	assert.Zero(t, lapsed, "a second scan finds nothing more")
	after, err := h.Messages.Stats(t.Context(), region, whole)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	talliesAgree(t, h, viewers, periods)

	// The authors answer the follow-ups: one kept, one not (reopened, replied
	// again, promised again and kept).
	yes, no := true, false
	_, err = h.Messages.AnswerFollowup(t.Context(), authors[3], ids[3], messages.Followup{Fulfilled: &yes})
	require.NoError(t, err)
	_, err = h.Messages.AnswerFollowup(t.Context(), authors[4], ids[4], messages.Followup{Fulfilled: &no})
	require.NoError(t, err)
	talliesAgree(t, h, viewers, periods)
	handle(t, h, region, ids[4], reply)
	due = clk.Now().Add(3 * 24 * time.Hour)
	handle(t, h, region, ids[4], messages.Transition{Action: messages.ActionPromise, DueAt: &due})
	talliesAgree(t, h, viewers, periods)

	// Unrated replies close after seven days.
	clk.Advance(8 * 24 * time.Hour)
	closed, err := h.Messages.CloseUnrated(t.Context())
	require.NoError(t, err)
	assert.Positive(t, closed)
	talliesAgree(t, h, viewers, periods)

	// 青秀区's station moves to 柳州: its messages go with it.
	qingxiuBefore, err := h.Messages.Stats(t.Context(), viewers["two"], whole)
	require.NoError(t, err)
	liuzhou := messages.StatsFilter{AreaCode: testkit.AreaLiuzhou, From: whole.From, To: whole.To}
	liuzhouBefore, err := h.Messages.Stats(t.Context(), region, liuzhou)
	require.NoError(t, err)
	area := "450202001"
	h.DB.Exec(t, `INSERT IGNORE INTO areas (code, name, level, parent_code) VALUES (?, '城中街道', 'township', ?)`, area, testkit.AreaChengzh)
	_, err = h.Registry.UpdateStation(t.Context(), region, stations[1], registry.StationInput{AreaCode: &area})
	require.NoError(t, err)
	talliesAgree(t, h, viewers, periods)
	moved, err := h.Messages.Stats(t.Context(), region, liuzhou)
	require.NoError(t, err)
	assert.Equal(t, liuzhouBefore.Received+4, moved.Received, "the four messages of the moved station now count in 柳州")
	regionAfter, err := h.Messages.Stats(t.Context(), region, whole)
	require.NoError(t, err)
	assert.Equal(t, after.Received, regionAfter.Received, "the region's count does not change")
	two, err := h.Messages.Stats(t.Context(), viewers["two"], whole)
	require.NoError(t, err)
	assert.Equal(t, qingxiuBefore.Received, two.Received, "青秀区 and 城中区 together still see them")

	// The counts are not zeros agreeing with zeros.
	assert.Equal(t, 12, regionAfter.Received)
	assert.Equal(t, 1, regionAfter.Rejected)
	assert.Equal(t, 8, regionAfter.Accepted)
	assert.Equal(t, 6, regionAfter.Replied)
	assert.Equal(t, 2, regionAfter.Rated)
	assert.Equal(t, 2, regionAfter.PromisesDue)
	assert.Equal(t, 1, regionAfter.PromisesFulfilled)
	assert.Less(t, regionAfter.RepliedOnTime, regionAfter.Replied, "some replies came late")
}

// The wide counts come from the tallies, and the narrow ones from the
// messages: a tally changed past the service shows in the first only.
func TestWideStatisticsReadTheTallies(t *testing.T) {
	h, _ := newWired(t)
	station := h.Station(t, "民生街道站", testkit.AreaMinsheng)
	p, _ := citizen(t, h)
	submit(t, h, p, station, validMessage())
	year := messages.StatsFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC(), To: time.Date(2025, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC()}

	h.DB.Exec(t, `UPDATE message_tallies SET received = received + 100`)
	t.Cleanup(func() { h.DB.Exec(t, `UPDATE message_tallies SET received = received - 100`) })
	for _, c := range []struct {
		grant  access.Grant
		filter func(messages.StatsFilter) messages.StatsFilter
		want   int
	}{
		{access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaGuangxi}, nil, 101},
		{access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning}, nil, 101},
		{access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning}, nil, 101},
		{access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaGuangxi}, func(f messages.StatsFilter) messages.StatsFilter {
			f.AreaCode = testkit.AreaXingning
			return f
		}, 101},
		{access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaGuangxi}, func(f messages.StatsFilter) messages.StatsFilter {
			f.StationID = station
			return f
		}, 1},
		{access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaGuangxi}, func(f messages.StatsFilter) messages.StatsFilter {
			f.AreaCode = testkit.AreaMinsheng
			return f
		}, 1},
		{access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaMinsheng}, nil, 1},
		{access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}}, nil, 1},
	} {
		f := year
		if c.filter != nil {
			f = c.filter(f)
		}
		st, err := h.Messages.Stats(t.Context(), staffOf(t, h, c.grant), f)
		require.NoError(t, err)
		assert.Equal(t, c.want, st.Received, fmt.Sprintf("%+v %+v", c.grant, f))
	}
}

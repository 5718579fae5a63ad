package messages_test

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestAllowedActionsFollowTheLifecycle(t *testing.T) {
	assert.Equal(t, []string{"accept", "reject"}, messages.AllowedActions(messages.StatusSubmitted))
	assert.Equal(t, []string{"assign", "reply"}, messages.AllowedActions(messages.StatusAccepted))
	assert.Equal(t, []string{"assign", "transfer", "reply"}, messages.AllowedActions(messages.StatusAssigned))
	assert.Equal(t, []string{"reply"}, messages.AllowedActions(messages.StatusTransferred))
	assert.Equal(t, []string{"promise", "close"}, messages.AllowedActions(messages.StatusReplied))
	assert.Equal(t, []string{"close"}, messages.AllowedActions(messages.StatusPromised))
	assert.Empty(t, messages.AllowedActions(messages.StatusClosed))
	assert.Empty(t, messages.AllowedActions(messages.StatusRejected))
}

func TestTrendAndBreakdownCountOnlyTheCallersMessages(t *testing.T) {
	h, clk := newWired(t)
	a := h.Station(t, "甲站", testkit.AreaXingning)
	b := h.Station(t, "乙站", testkit.AreaXingning)
	c := h.Station(t, "丙站", testkit.AreaChengzh)
	me, _ := citizen(t, h)
	staffA := staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	county := staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	region := staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaGuangxi})

	first := submit(t, h, me, a, validMessage())
	handle(t, h, staffA, first, messages.Transition{Action: messages.ActionAccept})
	handle(t, h, staffA, first, messages.Transition{Action: messages.ActionReply, Reply: "已修好"})
	edu := validMessage()
	edu.Category = "education"
	submit(t, h, me, b, edu)
	clk.Advance(24 * time.Hour * 40) // April
	submit(t, h, me, c, validMessage())
	submit(t, h, me, a, edu)

	year := messages.StatsFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, clock.Shanghai), To: time.Date(2024, 5, 1, 0, 0, 0, 0, clock.Shanghai)}
	trend, err := h.Messages.MonthlyTrend(t.Context(), staffA, year)
	require.NoError(t, err)
	require.Len(t, trend, 4, "January to April")
	assert.Equal(t, messages.MonthCount{Month: "2024-03", Received: 1, Replied: 1}, trend[2])
	assert.Equal(t, messages.MonthCount{Month: "2024-04", Received: 1}, trend[3])

	// The region is counted from the tallies, the station from the messages: the same months.
	trend, err = h.Messages.MonthlyTrend(t.Context(), region, year)
	require.NoError(t, err)
	assert.Equal(t, 2, trend[2].Received)
	assert.Equal(t, 1, trend[2].Replied)
	assert.Equal(t, 2, trend[3].Received)

	bd, err := h.Messages.Breakdown(t.Context(), staffA, year, 10)
	require.NoError(t, err)
	assert.Equal(t, "station", bd.By)
	assert.Equal(t, []messages.PartCount{{Code: itoa(a), Name: "甲站", Received: 2}}, bd.Places)
	assert.Equal(t, []messages.PartCount{{Code: "education", Name: "教育", Received: 1}, {Code: "transport", Name: "交通出行", Received: 1}}, bd.Categories,
		"ties in the categories' order")

	bd, err = h.Messages.Breakdown(t.Context(), county, year, 10)
	require.NoError(t, err)
	assert.Equal(t, "station", bd.By)
	require.Len(t, bd.Places, 2)
	assert.Equal(t, messages.PartCount{Code: "education", Name: "教育", Received: 2}, bd.Categories[0])

	bd, err = h.Messages.Breakdown(t.Context(), region, year, 10)
	require.NoError(t, err)
	assert.Equal(t, "county", bd.By)
	assert.Equal(t, []messages.PartCount{{Code: testkit.AreaXingning, Name: "兴宁区", Received: 3}, {Code: testkit.AreaChengzh, Name: "城中区", Received: 1}}, bd.Places)
	assert.Equal(t, []messages.PartCount{{Code: "education", Name: "教育", Received: 2}, {Code: "transport", Name: "交通出行", Received: 2}}, bd.Categories,
		"the region's categories from message_category_tallies")

	// Half a month of a past period cannot be said from monthly rows.
	bd, err = h.Messages.Breakdown(t.Context(), region, messages.StatsFilter{From: year.From, To: time.Date(2024, 3, 20, 0, 0, 0, 0, clock.Shanghai)}, 10)
	require.NoError(t, err)
	assert.Nil(t, bd.Categories)
	assert.Equal(t, 2, bd.Places[0].Received, "the counties still are")

	// A station moved to another county takes its category counts along (VerifyTallies checks them after the test too).
	_, err = h.Registry.UpdateStation(t.Context(), wired.Admin, c, registry.StationInput{AreaCode: ptr(testkit.AreaQingxiu)})
	require.NoError(t, err)
	bd, err = h.Messages.Breakdown(t.Context(), region, year, 10)
	require.NoError(t, err)
	assert.Equal(t, "青秀区", bd.Places[1].Name)
}

func TestExportToWritesTheInboxFilterOnly(t *testing.T) {
	h, _ := newWired(t)
	a := h.Station(t, "甲站", testkit.AreaXingning)
	b := h.Station(t, "乙站", testkit.AreaXingning)
	me, _ := citizen(t, h)
	staffA := staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	one := submit(t, h, me, a, validMessage())
	submit(t, h, me, a, validMessage())
	submit(t, h, me, b, validMessage())
	handle(t, h, staffA, one, messages.Transition{Action: messages.ActionAccept})

	rows := func(f messages.Filter) [][]string {
		var buf bytes.Buffer
		require.NoError(t, h.Messages.ExportTo(t.Context(), staffA, f, &buf))
		x, err := excelize.OpenReader(&buf)
		require.NoError(t, err)
		defer x.Close()
		rows, err := x.GetRows("留言")
		require.NoError(t, err)
		return rows
	}
	assert.Len(t, rows(messages.Filter{}), 3, "the header and station A's two")
	got := rows(messages.Filter{Status: messages.StatusAccepted})
	require.Len(t, got, 2)
	assert.Equal(t, "查询码", got[0][0], "the column of the message's code has the one name the citizen knows")
	assert.Equal(t, "已受理", got[1][7])
	assert.Equal(t, "甲站", got[1][2])
	assert.Len(t, rows(messages.Filter{StationID: b}), 1, "another station's filter finds nothing of it")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAcceptanceCountsOnlyMessagesAlreadyDue(t *testing.T) {
	h, clk := newWired(t)
	a := h.Station(t, "甲站", testkit.AreaXingning)
	me, _ := citizen(t, h)
	staffA := staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	late := submit(t, h, me, a, validMessage())
	clk.Advance(10 * 24 * time.Hour)
	handle(t, h, staffA, late, messages.Transition{Action: messages.ActionAccept})
	quick := submit(t, h, me, a, validMessage())
	handle(t, h, staffA, quick, messages.Transition{Action: messages.ActionAccept})
	submit(t, h, me, a, validMessage()) // waiting, not yet due

	f := messages.StatsFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, clock.Shanghai)}
	st, err := h.Messages.Stats(t.Context(), staffA, f)
	require.NoError(t, err)
	acc, err := h.Messages.AcceptanceDue(t.Context(), staffA, f, st)
	require.NoError(t, err)
	assert.Equal(t, 2, acc.Due, "the one still within its three working days is left out")
	assert.Equal(t, 1, acc.OnTime)
	assert.Equal(t, 0.5, *acc.Rate)
}

func ptr[T any](v T) *T { return &v }

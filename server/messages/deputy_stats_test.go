package messages_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/testkit"
)

func TestDeputyFiguresAgreeWithACountFromScratch(t *testing.T) {
	h, clk := newWired(t)
	minsheng := h.Station(t, "民生街道站", testkit.AreaMinsheng) // 兴宁区
	liuzhou := h.Station(t, "城中区站", testkit.AreaChengzh)
	huang := h.Deputy(t, "黄代表", "13900000006", minsheng)
	li := h.Deputy(t, "李代表", "13900000007", minsheng, liuzhou)
	asHuang := staffOf(t, h, access.Grant{Role: access.RoleDeputy, DeputyID: huang})
	asLi := staffOf(t, h, access.Grant{Role: access.RoleDeputy, DeputyID: li})
	region := staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaGuangxi})
	viewers := map[string]*access.Principal{
		"region":   region,
		"xingning": staffOf(t, h, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning}),
		"station":  staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{liuzhou}}),
	}
	author, _ := citizen(t, h)
	send := func(deputy, station int64) int64 {
		c, err := h.Messages.SubmitToDeputy(t.Context(), author, deputy, messages.ToDeputy{Input: validMessage(), StationID: station}, messages.Origin{IP: "192.0.2.1"})
		require.NoError(t, err)
		return c.ID
	}
	answered := send(huang, 0)
	handed := send(huang, 0)
	left := send(huang, 0)
	send(li, liuzhou) // left too, at 柳州
	liAnswered := send(li, minsheng)
	submit(t, h, author, minsheng, validMessage()) // to the station: no deputy's
	handle(t, h, asHuang, answered, messages.Transition{Action: messages.ActionReply, Reply: "已修好。"})
	handle(t, h, asHuang, handed, messages.Transition{Action: messages.ActionHandOver})
	handle(t, h, asLi, liAnswered, messages.Transition{Action: messages.ActionReply, Reply: "已联系。"})
	handle(t, h, region, handed, messages.Transition{Action: messages.ActionAccept})
	clk.Advance(7 * 24 * time.Hour)
	n, err := h.Messages.HandOverLate(t.Context())
	require.NoError(t, err)
	require.Equal(t, 2, n, "黄代表's and 李代表's letters left past the deadline")
	handle(t, h, region, left, messages.Transition{Action: messages.ActionAccept})
	handle(t, h, region, left, messages.Transition{Action: messages.ActionReply, Reply: "工作人员答复。"})
	send(huang, 0) // a new one, waiting

	whole := messages.StatsFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC(), To: time.Date(2025, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC()}
	for name, p := range viewers {
		for _, area := range []string{"", testkit.AreaXingning, testkit.AreaLiuzhou} {
			f := whole
			f.AreaCode = area
			got, err := h.Messages.Stats(t.Context(), p, f)
			require.NoError(t, err)
			assert.Equal(t, fromScratch(t, h.DB, p, area), got.Deputies, "%s, area %q", name, area)
			live, err := h.Messages.StatsFromMessages(t.Context(), p, f)
			require.NoError(t, err)
			assert.Equal(t, live, got, "the tallied counts still agree with the messages: %s, area %q", name, area)
		}
	}

	// Not zeros agreeing with zeros.
	st := statsOf(t, h, region, minsheng)
	assert.Equal(t, []messages.DeputyFigures{
		{DeputyID: huang, Name: "黄代表", Received: 4, Answered: 2, Open: 2, HandedOver: 2, HandedOverLate: 1},
		{DeputyID: li, Name: "李代表", Received: 1, Answered: 1},
	}, st.Deputies)
	assert.Equal(t, 6, st.Received, "the station's own counts are all its messages")
}

// fromScratch counts each deputy's letters that p sees in the area, reading
// every message and deciding in Go.
func fromScratch(t *testing.T, db *testkit.DB, p *access.Principal, area string) []messages.DeputyFigures {
	t.Helper()
	var rows []struct {
		Station int64      `db:"station_id"`
		Area    string     `db:"area_code"`
		Deputy  *int64     `db:"addressee_deputy_id"`
		Name    *string    `db:"name"`
		Status  string     `db:"status"`
		Replied *time.Time `db:"replied_at"`
		Handed  *time.Time `db:"handed_over_at"`
		Late    bool       `db:"handed_over_late"`
	}
	require.NoError(t, db.SelectContext(t.Context(), &rows, `SELECT m.station_id, s.area_code, m.addressee_deputy_id, d.name, m.status,
		m.replied_at, m.handed_over_at, m.handed_over_late
		FROM messages m JOIN stations s ON s.id = m.station_id LEFT JOIN deputies d ON d.id = m.addressee_deputy_id`))
	by := map[int64]*messages.DeputyFigures{}
	for _, r := range rows {
		if r.Deputy == nil || !p.Scope().CoversStation(r.Station, r.Area) || !strings.HasPrefix(r.Area, access.AreaPrefix(area)) {
			continue
		}
		f := by[*r.Deputy]
		if f == nil {
			f = &messages.DeputyFigures{DeputyID: *r.Deputy, Name: *r.Name}
			by[*r.Deputy] = f
		}
		f.Received++
		if r.Replied != nil {
			f.Answered++
		} else if r.Status != messages.StatusRejected && r.Status != messages.StatusClosed {
			f.Open++
		}
		if r.Handed != nil {
			f.HandedOver++
		}
		if r.Late {
			f.HandedOverLate++
		}
	}
	out := []messages.DeputyFigures{}
	for _, f := range by {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Received != out[j].Received {
			return out[i].Received > out[j].Received
		}
		return out[i].DeputyID < out[j].DeputyID
	})
	return out
}

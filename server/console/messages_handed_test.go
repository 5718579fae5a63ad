package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/messages"
)

func TestAHandedOverMessageIsMarkedWithWhoHandedItAndWhen(t *testing.T) {
	x := newTwoStations(t)
	dep := x.s.Deputy(t, "韦建国", "13900000001", x.a)
	asDeputy := x.s.As(t, func() string { tok, _ := x.s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: dep}); return tok }())
	write := func(content string) *messages.Created {
		c, err := x.s.Messages.SubmitToDeputy(t.Context(), x.me, dep, messages.ToDeputy{Input: messages.Input{Category: "transport",
			Content: content, Name: "李女士"}}, messages.Origin{IP: "192.0.2.1"})
		require.NoError(t, err)
		return c
	}
	byDeputy := write("村口的桥栏杆断了，孩子上学很危险。")
	left := write("菜市场门口积水严重，老人出行不便。")
	waiting := write("小区路灯坏了。")
	_, err := x.s.Messages.Handle(t.Context(), asDeputy, byDeputy.ID, messages.Transition{Action: messages.ActionHandOver})
	require.NoError(t, err)
	x.clk.Advance(8 * 24 * time.Hour)
	n, err := x.s.Messages.HandOverLate(t.Context())
	require.NoError(t, err)
	require.Equal(t, 2, n)
	waitingNow := write("楼道灯也坏了。")
	x.staffA, _, _ = x.s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{x.a}}) // a week later: signed in anew

	w := x.staffA.Get(t, "/console/messages")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Equal(t, 1, strings.Count(page, "代表已转交 "), "the deputy's own hand-over, with its time")
	assert.Equal(t, 2, strings.Count(page, "逾期自动转交 "), "the two left past the deadline")
	row := func(code string) string {
		i := strings.Index(page, code)
		require.GreaterOrEqual(t, i, 0, code)
		end := strings.Index(page[i:], "</tr>")
		return page[i : i+end]
	}
	assert.Contains(t, row(left.Code), "逾期自动转交 "+messagesNow.Add(8*24*time.Hour).Format("2006-01-02 15:04"))
	assert.NotContains(t, row(waitingNow.Code), "转交")
	_ = waiting

	w = x.staffA.Get(t, "/console/messages/"+itoa(left.ID))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "逾期自动转交")
	assert.Contains(t, w.Body.String(), "系统自动转交联络站办理")
	assert.Contains(t, w.Body.String(), "<strong>逾期自动转交联络站办理</strong>", "the timeline")
	assert.Contains(t, w.Body.String(), "代表未在期限内处理，已转交联络站办理")
	w = x.staffA.Get(t, "/console/messages/"+itoa(byDeputy.ID))
	assert.Contains(t, w.Body.String(), "代表已转交")
	assert.NotContains(t, w.Body.String(), "逾期自动转交")
	w = x.staffA.Get(t, "/console/messages/"+itoa(waitingNow.ID))
	assert.NotContains(t, w.Body.String(), "转交</span>")

	// The 工作台 shows the deputy's figures beside the station's.
	w = x.staffA.Get(t, "/console/?period=year")
	require.Equal(t, http.StatusOK, w.Code)
	home := w.Body.String()
	require.Contains(t, home, "写给代表的留言")
	i := strings.Index(home, `href="/console/messages?addressee=`+itoa(dep)+`">韦建国</a>`)
	require.GreaterOrEqual(t, i, 0)
	cells := home[i:]
	cells = cells[:strings.Index(cells, "</tr>")]
	assert.Equal(t, []string{"4", "0", "<strong>4</strong>", "3", `<span class="badge warn">2</span>`}, tds(cells))

	// Staff of the other station see no one's figures.
	other, _, _ := x.s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{x.b}})
	w = other.Get(t, "/console/?period=year")
	require.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), "韦建国")
}

// tds are the cells of a table row's HTML after its first cell.
func tds(row string) []string {
	var out []string
	for _, part := range strings.Split(row, "<td>")[1:] {
		out = append(out, strings.TrimSpace(part[:strings.Index(part, "</td>")]))
	}
	return out
}

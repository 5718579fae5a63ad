package messages_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// toDeputy writes a message to a deputy as p and returns its id.
func toDeputy(t *testing.T, h *wired.Service, p *access.Principal, deputy int64) int64 {
	t.Helper()
	c, err := h.Messages.SubmitToDeputy(t.Context(), p, deputy, messages.ToDeputy{Input: validMessage()}, messages.Origin{IP: "192.0.2.1"})
	require.NoError(t, err)
	return c.ID
}

// notice is a notices row as a test reads it.
type notice struct {
	Kind      string    `db:"kind"`
	Channel   string    `db:"channel"`
	Recipient string    `db:"recipient_type"`
	Subject   string    `db:"subject"`
	Params    string    `db:"params"`
	Status    string    `db:"status"`
	NotBefore time.Time `db:"not_before"`
	box       *pii.Box
}

// param is a parameter of the notice (its params are sealed at rest).
func (n notice) param(t *testing.T, name string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(n.Params, "sealed:"))
	require.NoError(t, err)
	data, err := n.box.Open(raw)
	require.NoError(t, err)
	var p map[string]string
	require.NoError(t, json.Unmarshal([]byte(data), &p))
	return p[name]
}

// noticesOfKind are the notices of a kind, oldest first.
func noticesOfKind(t *testing.T, h *wired.Service, kind string) []notice {
	t.Helper()
	var out []notice
	require.NoError(t, h.DB.SelectContext(t.Context(), &out, `SELECT kind, channel, recipient_type, subject, params, status, not_before
		FROM notifications WHERE kind = ? ORDER BY id`, kind))
	for i := range out {
		out[i].box = h.Box
	}
	return out
}

// deputyWithStaff is a station with a deputy (reached by SMS), the deputy's
// own user, a staff member, and a citizen.
func deputyWithStaff(t *testing.T, h *wired.Service) (station, deputy int64, asDeputy, staff, author *access.Principal) {
	t.Helper()
	station = h.Station(t, "新竹社区联络站", "450103")
	deputy = h.Deputy(t, "黄代表", "13900000006", station)
	asDeputy = staffOf(t, h, access.Grant{Role: access.RoleDeputy, DeputyID: deputy})
	staff = staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	author, _ = citizen(t, h)
	return
}

func TestALetterTheDeputyLeavesPastTheDeadlineGoesToTheStaffOnce(t *testing.T) {
	h, clk := newWired(t)
	_, deputy, asDeputy, staff, author := deputyWithStaff(t, h)
	left := toDeputy(t, h, author, deputy)
	answered := toDeputy(t, h, author, deputy)
	handedByDeputy := toDeputy(t, h, author, deputy)
	toStation := submit(t, h, author, h.Station(t, "另一联络站", "450103"), validMessage())
	handle(t, h, asDeputy, answered, messages.Transition{Action: messages.ActionReply, Reply: "已联系社区，本周内修好。"})
	handle(t, h, asDeputy, handedByDeputy, messages.Transition{Action: messages.ActionHandOver, Note: "请工作人员协调交警"})

	n, err := h.Messages.HandOverLate(t.Context())
	require.NoError(t, err)
	require.Zero(t, n, "within the deadline the deputy still has it")
	m, err := h.Messages.Get(t.Context(), asDeputy, left)
	require.NoError(t, err)
	require.Nil(t, m.HandedOverAt)
	require.Equal(t, []string{messages.ActionReply, messages.ActionHandOver}, m.Actions)

	// Wednesday 13 March + 3 working days: the deadline ends Monday 18 March.
	clk.Advance(6*24*time.Hour - 10*time.Hour + time.Minute) // Tuesday 00:01
	// Two workers at once, and then again: one hand-over.
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := h.Messages.HandOverLate(t.Context())
			assert.NoError(t, err)
			counts[i] = n
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, counts[0]+counts[1], "two workers hand it over once")
	n, err = h.Messages.HandOverLate(t.Context())
	require.NoError(t, err)
	require.Zero(t, n, "a repeated run does nothing")

	m, err = h.Messages.Get(t.Context(), author, left)
	require.NoError(t, err)
	require.NotNil(t, m.HandedOverAt)
	assert.True(t, m.HandedOverLate)
	assert.Equal(t, "2024-03-19 00:01", m.HandedOverAt.In(clock.Shanghai).Format("2006-01-02 15:04"))
	var notes []string
	for _, e := range m.Timeline {
		if e.Action == messages.ActionHandOver {
			notes = append(notes, e.Note)
		}
	}
	assert.Equal(t, []string{"代表未在期限内处理，已转交联络站办理"}, notes, "the author's timeline says it, once")

	m, err = h.Messages.Get(t.Context(), asDeputy, left)
	require.NoError(t, err)
	assert.Empty(t, m.Actions, "the deputy can no longer answer it: staff have it")
	_, err = h.Messages.Handle(t.Context(), asDeputy, left, messages.Transition{Action: messages.ActionReply, Reply: "晚了"})
	assert.Error(t, err)

	told := noticesOfKind(t, h, "deputy_message_handed_over")
	require.Len(t, told, 1, "the deputy is told once")
	assert.Equal(t, "deputy", told[0].Recipient)
	assert.Equal(t, "sms", told[0].Channel)
	assert.Equal(t, fmt.Sprintf("message:%d", left), told[0].Subject)
	assert.Equal(t, "新竹社区联络站", told[0].param(t, "station_name"))

	for _, id := range []int64{answered, handedByDeputy} {
		m, err := h.Messages.Get(t.Context(), staff, id)
		require.NoError(t, err)
		assert.False(t, m.HandedOverLate, "a message the deputy answered or handed over themselves is left as it is")
	}
	assert.Equal(t, 1, h.DB.Count(t, "SELECT COUNT(*) FROM messages WHERE handed_over_at IS NOT NULL AND id = ?", handedByDeputy))
	assert.Zero(t, h.DB.Count(t, "SELECT COUNT(*) FROM messages WHERE handed_over_at IS NOT NULL AND id IN (?, ?)", answered, toStation))

	// Staff hear of it as of every message late to be accepted, and the
	// deputy of each step staff take from now on.
	_, err = h.Messages.RemindOverdue(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, h.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE kind = 'overdue_reminder' AND subject = ? AND recipient_type = 'user'",
		fmt.Sprintf("message:%d", left)))
	handle(t, h, staff, left, messages.Transition{Action: messages.ActionAccept})
	updates := noticesOfKind(t, h, "deputy_message_update")
	require.NotEmpty(t, updates)
	assert.Equal(t, "受理", updates[len(updates)-1].param(t, "step"))
}

func TestADeputyHearsOfTheFirstLetterOfEachDayWithAllThatWait(t *testing.T) {
	h, clk := newWired(t)
	_, deputy, asDeputy, _, author := deputyWithStaff(t, h)
	other := h.Deputy(t, "李代表", "13900000007", h.Station(t, "另一联络站", "450103"))
	first := toDeputy(t, h, author, deputy)
	toDeputy(t, h, author, deputy)
	toDeputy(t, h, author, deputy)
	toDeputy(t, h, author, other)

	letters := noticesOfKind(t, h, "deputy_letters")
	require.Len(t, letters, 2, "one notice a deputy a day, however many letters")
	assert.Equal(t, fmt.Sprintf("message:%d", first), letters[0].Subject, "the first letter of the day tells the deputy")
	assert.Equal(t, "1", letters[0].param(t, "count"))
	assert.Equal(t, "sms", letters[0].Channel)
	assert.True(t, !letters[0].NotBefore.After(messagesStart), "at once")
	assert.Equal(t, 1, h.SendPending(t, fmt.Sprintf("message:%d", first)))
	got := h.SMS.Received("13900000006")
	require.Len(t, got, 1)
	assert.Equal(t, []string{"1"}, got[0].Params, "您有1条群众来信待处理")

	// One answered by the deputy waits no more. The next day, at 23:30 (in
	// the quiet hours), a new letter: the notice counts all that wait, and
	// its SMS goes out at 08:00.
	handle(t, h, asDeputy, first, messages.Transition{Action: messages.ActionReply, Reply: "已联系社区。"})
	clk.Advance(13*time.Hour + 30*time.Minute) // Wednesday 23:30
	toDeputy(t, h, author, deputy)
	letters = noticesOfKind(t, h, "deputy_letters")
	require.Len(t, letters, 2, "still the same day (Asia/Shanghai)")
	clk.Advance(time.Hour) // Thursday 00:30
	late := toDeputy(t, h, author, deputy)
	toDeputy(t, h, author, deputy)
	letters = noticesOfKind(t, h, "deputy_letters")
	require.Len(t, letters, 3, "the next day's first letter")
	assert.Equal(t, fmt.Sprintf("message:%d", late), letters[2].Subject)
	assert.Equal(t, "4", letters[2].param(t, "count"), "两封昨天的、一封昨晚的和这一封")
	assert.Equal(t, 1, h.SendPending(t, fmt.Sprintf("message:%d", late)))
	assert.Len(t, h.SMS.Received("13900000006"), 1, "nothing in the quiet hours")
	clk.Advance(7*time.Hour + 31*time.Minute) // Thursday 08:01
	assert.Equal(t, 1, h.SendPending(t, fmt.Sprintf("message:%d", late)))
	got = h.SMS.Received("13900000006")
	require.Len(t, got, 2)
	assert.Equal(t, []string{"4"}, got[1].Params)
	assert.Equal(t, "1900023", got[1].TemplateID)
}

func TestLettersWrittenAtOnceTellTheDeputyOnce(t *testing.T) {
	h, _ := newWired(t)
	_, deputy, _, _, _ := deputyWithStaff(t, h)
	var wg sync.WaitGroup
	for range 4 {
		author, _ := citizen(t, h)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := h.Messages.SubmitToDeputy(t.Context(), author, deputy, messages.ToDeputy{Input: validMessage()}, messages.Origin{IP: "192.0.2.1"})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, 4, h.DB.Count(t, "SELECT COUNT(*) FROM messages WHERE addressee_deputy_id = ?", deputy))
	assert.Len(t, noticesOfKind(t, h, "deputy_letters"), 1)
}

func TestTheDeputyHearsHowALetterEndedByItsAuthorOrByTime(t *testing.T) {
	h, clk := newWired(t)
	_, deputy, asDeputy, staff, author := deputyWithStaff(t, h)
	rated := toDeputy(t, h, author, deputy)
	unrated := toDeputy(t, h, author, deputy)
	handed := toDeputy(t, h, author, deputy)
	station := submit(t, h, author, h.Station(t, "另一联络站", "450103"), validMessage())
	handle(t, h, asDeputy, rated, messages.Transition{Action: messages.ActionReply, Reply: "已修好。"})
	handle(t, h, asDeputy, unrated, messages.Transition{Action: messages.ActionReply, Reply: "已修好。"})
	handle(t, h, asDeputy, handed, messages.Transition{Action: messages.ActionHandOver})
	handle(t, h, staff, handed, messages.Transition{Action: messages.ActionAccept})
	handle(t, h, staff, handed, messages.Transition{Action: messages.ActionReply, Reply: "已协调交警。"})
	admin := staffOf(t, h, access.Grant{Role: access.RoleAdmin})
	handle(t, h, admin, station, messages.Transition{Action: messages.ActionAccept})
	handle(t, h, admin, station, messages.Transition{Action: messages.ActionReply, Reply: "好。"})

	_, err := h.Messages.Rate(t.Context(), author, rated, messages.Rating{Rating: messages.RatingBasicallySatisfied})
	require.NoError(t, err)
	_, err = h.Messages.Rate(t.Context(), author, handed, messages.Rating{Rating: messages.RatingUnsatisfied})
	require.NoError(t, err)
	clk.Advance(8 * 24 * time.Hour)
	for range 2 {
		_, err = h.Messages.CloseUnrated(t.Context())
		require.NoError(t, err)
	}

	outcome := map[string]string{}
	for _, n := range noticesOfKind(t, h, "deputy_message_closed") {
		assert.Equal(t, "deputy", n.Recipient)
		_, dup := outcome[n.Subject]
		assert.False(t, dup, "once per message")
		outcome[n.Subject] = n.param(t, "outcome")
	}
	assert.Equal(t, map[string]string{
		fmt.Sprintf("message:%d", rated):   "基本满意",
		fmt.Sprintf("message:%d", handed):  "不满意",
		fmt.Sprintf("message:%d", unrated): "逾期未评价",
	}, outcome, "a message to the station tells no deputy")
}

package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// inboxItem is what the deputy's inbox tests read of a message.
type inboxItem struct {
	ID           int64    `json:"id"`
	Status       string   `json:"status"`
	Actions      []string `json:"actions"`
	Reply        *string  `json:"reply"`
	HandedOverAt *string  `json:"handed_over_at"`
	Timeline     []struct {
		Action string `json:"action"`
		Note   string `json:"note"`
	} `json:"timeline"`
}

// deputyInbox is the ids of the deputy's inbox, in order, and the items.
func deputyInbox(t *testing.T, s *wired.Service, token string) ([]int64, []inboxItem) {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/me/inbox", token, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var page listAnswer[inboxItem]
	decode(t, w, &page)
	ids := make([]int64, len(page.Items))
	for i, m := range page.Items {
		ids[i] = m.ID
	}
	return ids, page.Items
}

// writeTo writes validMessage to a deputy and returns the message's id.
func writeTo(t *testing.T, s *wired.Service, citizen string, deputy int64) int64 {
	t.Helper()
	w := toDeputy(t, s, citizen, deputy, nil, "")
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id, err := strconv.ParseInt(jsonField(t, w, "id"), 10, 64)
	require.NoError(t, err)
	return id
}

func messageOf(t *testing.T, s *wired.Service, token string, id int64) inboxItem {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/messages/"+itoa(id), token, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var m inboxItem
	decode(t, w, &m)
	return m
}

func TestTheDeputysInboxHoldsWhatWasWrittenOrAssignedToThemOnly(t *testing.T) {
	s := wired.New(t)
	st1 := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	st2 := s.Station(t, "柳州城中区联络站", testkit.AreaChengzh)
	a := s.Deputy(t, "韦建国", "13900000001", st1)
	b := s.Deputy(t, "黄丽", "13900000002", st2)
	other := s.Deputy(t, "李明", "13900000003", st1)
	aTok, _ := deputyUser(t, s, a)
	bTok, _ := deputyUser(t, s, b)
	staff1 := userToken(t, s, staffOfStations(st1))
	citizen, _, _ := s.SignIn(t)

	toA := writeTo(t, s, citizen, a)
	toB := writeTo(t, s, citizen, b)
	toOther := writeTo(t, s, citizen, other)
	toStation := submitMessage(t, s, citizen, st1, validMessage())
	assignedToA := submitMessage(t, s, citizen, st1, validMessage())
	mustMessageTransition(t, s, staff1, assignedToA, map[string]any{"action": "accept"})
	mustMessageTransition(t, s, staff1, assignedToA, map[string]any{"action": "assign", "deputy_id": a})

	ids, items := deputyInbox(t, s, aTok)
	assert.Equal(t, []int64{assignedToA, toA}, ids, "written and assigned to A, newest first; not B's, not another deputy's, not the station's")
	assert.Equal(t, []string{"reply"}, items[0].Actions, "an assigned deputy replies")
	assert.Equal(t, []string{"reply", "hand_over"}, items[1].Actions, "the addressee replies or hands over")
	ids, _ = deputyInbox(t, s, bTok)
	assert.Equal(t, []int64{toB}, ids)
	_ = toOther
	_ = toStation

	t.Run("paginated", func(t *testing.T) {
		w := s.Do(t, "GET", "/api/v1/me/inbox?limit=1", aTok, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var page listAnswer[inboxItem]
		decode(t, w, &page)
		require.Len(t, page.Items, 1)
		require.NotEmpty(t, page.NextCursor)
		w = s.Do(t, "GET", "/api/v1/me/inbox?limit=1&cursor="+page.NextCursor, aTok, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		decode(t, w, &page)
		require.Len(t, page.Items, 1)
		assert.Equal(t, toA, page.Items[0].ID)
	})
	t.Run("staff and citizens are not deputies here", func(t *testing.T) {
		for _, who := range []string{staff1, citizen} {
			w := s.Do(t, "GET", "/api/v1/me/inbox", who, nil)
			assert.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
			assert.Equal(t, "deputy_only", errorCode(t, w))
		}
		assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/me/inbox", "", nil).Code)
	})
	t.Run("the addressee reads the message, another deputy does not", func(t *testing.T) {
		assert.Equal(t, toA, messageOf(t, s, aTok, toA).ID)
		assert.Equal(t, http.StatusNotFound, s.Do(t, "GET", "/api/v1/messages/"+itoa(toA), bTok, nil).Code)
	})
}

func TestTheAddressedDeputyRepliesToANewMessageAndTheCitizenAndStaffSeeIt(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	depTok, depUser := deputyUser(t, s, dep)
	staff := userToken(t, s, staffOfStations(st))
	citizen, _, _ := s.SignIn(t)
	id := writeTo(t, s, citizen, dep)

	w := messageTransition(t, s, depTok, id, map[string]any{"action": "reply", "reply": "已联系街道，下周修好路灯。"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, `"replied"`, jsonField(t, w, "status"), "no need to wait for staff to accept it")
	assert.Equal(t, "[]", jsonField(t, w, "actions"), "answered: nothing more for the deputy")

	assert.Len(t, noticesOf(t, s, id, "message_reply"), 1, "the reply goes to the citizen as any reply")
	mine := messageOf(t, s, citizen, id)
	require.NotNil(t, mine.Reply)
	assert.Equal(t, "已联系街道，下周修好路灯。", *mine.Reply)

	seen := messageOf(t, s, staff, id)
	assert.Equal(t, "replied", seen.Status, "the station sees the reply")
	require.NotNil(t, seen.Reply)
	assert.Contains(t, seen.Actions, "close", "and handles the rest as usual")
	var actor int64
	require.NoError(t, s.DB.GetContext(t.Context(), &actor, `SELECT actor_id FROM message_events WHERE message_id = ? AND action = 'reply'`, id))
	assert.Equal(t, depUser, actor, "the timeline records the deputy as the replier")
	var accepted int
	require.NoError(t, s.DB.GetContext(t.Context(), &accepted, `SELECT COUNT(*) FROM messages WHERE id = ? AND accepted_at IS NOT NULL`, id))
	assert.Equal(t, 1, accepted, "the deputy's reply accepts the message")

	w = messageTransition(t, s, staff, id, map[string]any{"action": "reply", "reply": "再答复一次"})
	assert.Equal(t, http.StatusConflict, w.Code, "a reply by either is the reply")
	w = messageTransition(t, s, depTok, id, map[string]any{"action": "hand_over", "note": "太晚了"})
	assert.Equal(t, http.StatusConflict, w.Code, "answered: no hand-over")
	assert.Equal(t, "transition_not_allowed", errorCode(t, w))
}

func TestTheAddressedDeputyHandsOverAndStaffHandleIt(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	st2 := s.Station(t, "民生街道联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	colleague := s.Deputy(t, "李明", "13900000003", st)
	elsewhere := s.Deputy(t, "黄丽", "13900000002", st2)
	depTok, _ := deputyUser(t, s, dep)
	colleagueTok, _ := deputyUser(t, s, colleague)
	elsewhereTok, _ := deputyUser(t, s, elsewhere)
	staff := userToken(t, s, staffOfStations(st))
	citizen, _, _ := s.SignIn(t)
	id := writeTo(t, s, citizen, dep)

	t.Run("no one else hands it over", func(t *testing.T) {
		for _, who := range []string{colleagueTok, elsewhereTok} {
			w := messageTransition(t, s, who, id, map[string]any{"action": "hand_over", "note": "不是我的"})
			assert.Equal(t, http.StatusNotFound, w.Code, "a deputy it was not written to does not see it: %s", w.Body.String())
		}
		w := messageTransition(t, s, staff, id, map[string]any{"action": "hand_over"})
		assert.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
		w = messageTransition(t, s, citizen, id, map[string]any{"action": "hand_over"})
		assert.Contains(t, []int{http.StatusForbidden, http.StatusNotFound}, w.Code, w.Body.String())
	})

	w := messageTransition(t, s, depTok, id, map[string]any{"action": "hand_over", "note": "涉及拆迁，请联络站协调"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "[]", jsonField(t, w, "actions"), "handed over: staff handle it")
	assert.Equal(t, `"submitted"`, jsonField(t, w, "status"))
	assert.NotEqual(t, "null", jsonField(t, w, "handed_over_at"))

	_, items := deputyInbox(t, s, depTok)
	require.Len(t, items, 1, "it stays in the deputy's inbox, to follow")
	assert.Empty(t, items[0].Actions)

	m := messageOf(t, s, citizen, id)
	require.NotEmpty(t, m.Timeline)
	last := m.Timeline[len(m.Timeline)-1]
	assert.Equal(t, "hand_over", last.Action)
	assert.Equal(t, "代表转交联络站办理；涉及拆迁，请联络站协调", last.Note)

	w = messageTransition(t, s, depTok, id, map[string]any{"action": "hand_over", "note": "再转一次"})
	require.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	assert.Equal(t, "transition_not_allowed", errorCode(t, w))
	w = messageTransition(t, s, depTok, id, map[string]any{"action": "reply", "reply": "还是我来答复"})
	require.Equal(t, http.StatusConflict, w.Code, "handed over: the deputy no longer replies")

	// The staff inbox shows it as waiting for them: accept, reply.
	w = s.Do(t, "GET", "/api/v1/admin/messages?addressee="+itoa(dep), staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var inbox listAnswer[inboxItem]
	decode(t, w, &inbox)
	require.Len(t, inbox.Items, 1)
	assert.Contains(t, inbox.Items[0].Actions, "accept")
	assert.NotNil(t, inbox.Items[0].HandedOverAt)

	assert.Empty(t, noticesOf(t, s, id, "deputy_message_update"), "the hand-over itself tells the deputy nothing")
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "accept"})
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "reply", "reply": "联络站已协调街道办理。"})
	assert.Len(t, noticesOf(t, s, id, "message_reply"), 1)
	m = messageOf(t, s, depTok, id)
	assert.Equal(t, "replied", m.Status, "the deputy sees how it ends")
	assert.Empty(t, m.Actions)
	mustMessageTransition(t, s, staff, id, map[string]any{"action": "close"})

	// The deputy was told of each step and the outcome, by SMS (no WeChat grant).
	var told []struct {
		Type    string `db:"recipient_type"`
		ID      int64  `db:"recipient_id"`
		Channel string `db:"channel"`
		Key     string `db:"dedupe_key"`
	}
	require.NoError(t, s.DB.SelectContext(t.Context(), &told, `SELECT recipient_type, recipient_id, channel, dedupe_key FROM notifications
		WHERE subject = ? AND kind = 'deputy_message_update' ORDER BY id`, "message:"+itoa(id)))
	require.Len(t, told, 3, "accepted, replied, closed")
	for i, step := range []string{"accept", "reply", "close"} {
		assert.Equal(t, "deputy", told[i].Type)
		assert.Equal(t, dep, told[i].ID)
		assert.Equal(t, "sms", told[i].Channel)
		assert.Contains(t, told[i].Key, ":"+step+":")
	}
}

func TestADeputyWhoRepliesOrWasNotWrittenToIsNotToldOfSteps(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	dep := s.Deputy(t, "韦建国", "13900000001", st)
	depTok, _ := deputyUser(t, s, dep)
	staff := userToken(t, s, staffOfStations(st))
	citizen, _, _ := s.SignIn(t)

	answered := writeTo(t, s, citizen, dep)
	mustMessageTransition(t, s, depTok, answered, map[string]any{"action": "reply", "reply": "我来答复：已联系街道。"})
	mustMessageTransition(t, s, staff, answered, map[string]any{"action": "close"})
	station := submitMessage(t, s, citizen, st, validMessage())
	mustMessageTransition(t, s, staff, station, map[string]any{"action": "accept"})
	mustMessageTransition(t, s, staff, station, map[string]any{"action": "assign", "deputy_id": dep})
	assert.Zero(t, countRows(t, s, "SELECT COUNT(*) FROM notifications WHERE kind = 'deputy_message_update'"))
}

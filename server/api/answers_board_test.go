package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/jobs"
	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// answerBoard is a station with staff and a citizen, for the public answers board.
type answerBoard struct {
	s       *wired.Service
	station int64
	staff   string
	citizen string
}

func newAnswerBoard(t *testing.T) answerBoard {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	st := s.Station(t, "民生街道联络站", "450102001")
	citizen, _, _ := s.SignIn(t)
	return answerBoard{s: s, station: st, staff: userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}}), citizen: citizen}
}

// ask submits a citizen's message consenting to publication.
func (b answerBoard) ask(t *testing.T, content string) int64 {
	m := validMessage()
	m["content"], m["publish"] = content, true
	return submitMessage(t, b.s, b.citizen, b.station, m)
}

// answer accepts and replies to id.
func (b answerBoard) answer(t *testing.T, id int64, reply string) {
	mustMessageTransition(t, b.s, b.staff, id, map[string]any{"action": "accept"})
	mustMessageTransition(t, b.s, b.staff, id, map[string]any{"action": "reply", "reply": reply})
}

// shown lists the ids on the station's public board.
func (b answerBoard) shown(t *testing.T) []int64 {
	ids := []int64{}
	for _, a := range answersOf(t, b.s, b.station, "").Items {
		ids = append(ids, a.ID)
	}
	return ids
}

func (b answerBoard) answerCheck(t *testing.T, id int64) string {
	w := b.s.Do(t, "GET", "/api/v1/messages/"+itoa(id), b.staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var m struct {
		AnswerCheck string `json:"answer_check"`
	}
	decode(t, w, &m)
	return m.AnswerCheck
}

func TestAnAnswerWeChatFlagsNeverAppearsOnTheBoard(t *testing.T) {
	b := newAnswerBoard(t)
	b.s.WeChat.SetVerdict("某某公司骗子", "risky")
	b.s.WeChat.SetVerdict("有点可疑", "review")
	riskyReply := b.ask(t, "小区门口的路灯坏了很久，请尽快修理。")
	b.answer(t, riskyReply, "经核实，某某公司骗子所为，已报警。")
	reviewQuestion := b.ask(t, "楼下有点可疑的人经常出没，请关注。") // kept at intake, flagged for review
	b.answer(t, reviewQuestion, "已转交派出所。")
	passed := b.ask(t, "路面坑洼很多，下雨积水，请修补。")
	b.answer(t, passed, "已安排施工队本周修补。")

	assert.Equal(t, []int64{passed}, b.shown(t), "only the answer WeChat passed")
	assert.Equal(t, "risky", b.answerCheck(t, riskyReply))
	assert.Equal(t, "review", b.answerCheck(t, reviewQuestion))
	assert.Equal(t, "pass", b.answerCheck(t, passed))

	// The retry job leaves a verdict alone: flagged stays flagged.
	_, err := b.s.Messages.CheckAnswers(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int64{passed}, b.shown(t))
}

func TestAPassedAnswerAppearsWithPhonesMaskedHoweverWritten(t *testing.T) {
	b := newAnswerBoard(t)
	id := b.ask(t, "我的电话 138 1234 5678，备用 138.1234.5678，请联系。")
	b.answer(t, id, "请拨打１３８１２３４５６７８或139-1234-5678，身份证45010219800101123X已核实。")
	got := answersOf(t, b.s, b.station, "").Items
	require.Len(t, got, 1)
	a := got[0]
	assert.Equal(t, "我的电话 138******5678，备用 138******5678，请联系。", a.Content)
	assert.Equal(t, "请拨打138****5678或139******5678，身份证450***********123X已核实。", a.Reply)
	body := b.s.Do(t, "GET", "/api/v1/stations/"+itoa(b.station)+"/answers", "", nil).Body.String()
	for _, raw := range []string{"1234 5678", "1234.5678", "１２３４", "1234-5678", "19800101"} {
		assert.NotContains(t, body, raw)
	}
	// WeChat judged what is shown: the masked texts.
	checked := b.s.WeChat.Checked()
	require.GreaterOrEqual(t, len(checked), 2)
	last := checked[len(checked)-2:]
	assert.Equal(t, a.Content, last[0].Content)
	assert.Equal(t, a.Reply, last[1].Content)
}

func TestAReplyWithANumberOrANameAnswersWithAWarning(t *testing.T) {
	b := newAnswerBoard(t)
	warnings := func(reply string) []string {
		id := b.ask(t, "小区门口的路灯坏了很久，请尽快修理。")
		mustMessageTransition(t, b.s, b.staff, id, map[string]any{"action": "accept"})
		w := messageTransition(t, b.s, b.staff, id, map[string]any{"action": "reply", "reply": reply})
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var m struct {
			Warnings []string `json:"warnings"`
		}
		decode(t, w, &m)
		return m.Warnings
	}
	for _, reply := range []string{"请联系 0771-5551234 咨询。", "已请李先生上门查看。", "请找王女士。"} {
		got := warnings(reply)
		require.Len(t, got, 1, reply)
		assert.Contains(t, got[0], "答复中含有电话号码或姓名", reply)
	}
	assert.Empty(t, warnings("已于2024.03.15修好，共3处。"), "dates and short numbers are not a warning")
}

func TestAWeChatOutageKeepsTheAnswerOffTheBoardUntilTheRetryJobPassesIt(t *testing.T) {
	b := newAnswerBoard(t)
	id := b.ask(t, "小区门口的路灯坏了很久，请尽快修理。")
	b.s.WeChat.SecurityDown(true)
	b.answer(t, id, "已联系供电所，本周内修复。")
	assert.Empty(t, b.shown(t), "not checked: not shown")
	assert.Equal(t, "", b.answerCheck(t, id))

	job := periodicJob(t, jobs.Config{Messages: b.s.Messages}, "messages_answers_check")
	require.NoError(t, job(t.Context()), "an outage is not the job's failure")
	assert.Empty(t, b.shown(t), "still down")

	b.s.WeChat.SecurityDown(false)
	require.NoError(t, job(t.Context()))
	assert.Equal(t, []int64{id}, b.shown(t))
	assert.Equal(t, "pass", b.answerCheck(t, id))
}

// periodicJob is the worker's periodic job name, as the worker wires it.
func periodicJob(t *testing.T, cfg jobs.Config, name string) func(ctx context.Context) error {
	t.Helper()
	for _, j := range cfg.Periodic() {
		if j.Name == name {
			return j.Run
		}
	}
	t.Fatalf("no periodic job %s", name)
	return nil
}

func TestAWalkInsAnswerIsPublicOnlyWithTheirSeparateConsent(t *testing.T) {
	b := newAnswerBoard(t)
	walkIn := func(onBehalf map[string]any, publish bool) *httptest.ResponseRecorder {
		m := validMessage()
		m["publish"] = publish
		m["on_behalf"] = onBehalf
		return b.s.Do(t, "POST", "/api/v1/admin/stations/"+itoa(b.station)+"/messages", b.staff, m)
	}
	created := func(onBehalf map[string]any, publish bool) int64 {
		w := walkIn(onBehalf, publish)
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		var out struct {
			ID int64 `json:"id"`
		}
		decode(t, w, &out)
		return out.ID
	}
	person := func(publishConsent any) map[string]any {
		p := map[string]any{"name": "王大爷", "phone": "13700137000", "consent": true}
		if publishConsent != nil {
			p["publish_consent"] = publishConsent
		}
		return p
	}
	w := walkIn(person(nil), true)
	assert.Equal(t, http.StatusBadRequest, w.Code, "publish without the person's own consent is refused")
	assert.Contains(t, errorFields(t, w), "on_behalf.publish_consent")

	without := created(person(nil), false)
	b.answer(t, without, "已处理。")
	refused := created(person(false), false)
	b.answer(t, refused, "已处理。")
	with := created(person(true), false)
	b.answer(t, with, "已联系供电所，本周内修复。")

	assert.Equal(t, []int64{with}, b.shown(t))
	_, err := b.s.Messages.CheckAnswers(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int64{with}, b.shown(t), "the retry job publishes nothing without consent")
}

func TestStaffWithdrawAPublishedAnswer(t *testing.T) {
	b := newAnswerBoard(t)
	id := b.ask(t, "小区门口的路灯坏了很久，请尽快修理。")
	b.answer(t, id, "已联系供电所，本周内修复。")
	require.Equal(t, []int64{id}, b.shown(t))

	other := userToken(t, b.s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{b.s.Station(t, "别的联络站", "450103")}})
	w := b.s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/publish", other, map[string]any{"publish": false})
	assert.Equal(t, http.StatusNotFound, w.Code, "staff of another station")
	w = b.s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/publish", b.staff, map[string]any{"publish": true})
	assert.Equal(t, http.StatusForbidden, w.Code, "staff cannot consent for the author")

	w = b.s.Do(t, "POST", "/api/v1/messages/"+itoa(id)+"/publish", b.staff, map[string]any{"publish": false})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "false", jsonField(t, w, "publish"))
	assert.Contains(t, jsonField(t, w, "timeline"), "unpublish")
	assert.Empty(t, b.shown(t), "withdrawn at once")
	assert.Equal(t, 1, countRows(t, b.s, "SELECT COUNT(*) FROM audit_log WHERE action = 'message.unpublish' AND subject = ?", "message:"+itoa(id)))
}

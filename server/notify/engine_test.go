package notify_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/sms"
)

func TestCreatingTheSameDedupeKeyTwiceCreatesOneNotice(t *testing.T) {
	e := newEnv(t)
	to := notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}
	first := e.create(t, replyNotice("message:42:reply", to))
	second := e.create(t, replyNotice("message:42:reply", to), replyNotice("message:42:reply", to))
	assert.Len(t, first, 1)
	assert.Empty(t, second, "nothing new to enqueue")
	assert.Equal(t, 1, e.db.Count(t, "SELECT COUNT(*) FROM notifications"))
	assert.Zero(t, e.db.Count(t, "SELECT COUNT(*) FROM notifications WHERE INSTR(phone_enc, '13800138000') > 0"), "the phone is sealed")
}

func TestTheChannelIsChosenByGrantAndPhone(t *testing.T) {
	e := newEnv(t)
	granted, grantedOpenID := e.user(t)
	e.grant(t, granted, "message_reply", 1)
	plain, plainOpenID := e.user(t)
	long, longOpenID := e.user(t)
	e.rules.LongTermTemplates = []string{"activity_notice"}
	e.grant(t, long, "activity_notice", 1)

	cases := []struct {
		name    string
		notice  notify.Notice
		channel string
		status  string
		reason  string
	}{
		{"a user holding a grant is reached on WeChat", replyNotice("a", notify.Recipient{Type: notify.ToUser, ID: granted, UserID: granted, OpenID: grantedOpenID, Phone: "13800000001"}), "wechat", "pending", ""},
		{"the grant was used up by the first notice, so the next goes by SMS", replyNotice("b", notify.Recipient{Type: notify.ToUser, ID: granted, UserID: granted, OpenID: grantedOpenID, Phone: "13800000001"}), "sms", "pending", ""},
		{"a user without a grant is reached by SMS", replyNotice("c", notify.Recipient{Type: notify.ToUser, ID: plain, UserID: plain, OpenID: plainOpenID, Phone: "13800000002"}), "sms", "pending", ""},
		{"a user with neither grant nor phone is skipped with the reason", replyNotice("d", notify.Recipient{Type: notify.ToUser, ID: plain, UserID: plain, OpenID: plainOpenID}), "sms", "skipped", "未授权订阅消息且无手机号"},
		{"an employer is reached by SMS only", notify.Notice{Kind: "employer_notice", To: notify.Recipient{Type: notify.ToEmployer, ID: 7, Phone: "13800000003"}, Subject: "activity:1", DedupeKey: "e", Params: map[string]string{}}, "sms", "pending", ""},
		{"an employer without a phone is skipped", notify.Notice{Kind: "employer_notice", To: notify.Recipient{Type: notify.ToEmployer, ID: 8}, Subject: "activity:1", DedupeKey: "f", Params: map[string]string{}}, "sms", "skipped", "无手机号"},
		{"a long-term grant is not used up (1)", notify.Notice{Kind: "activity_notice", To: notify.Recipient{Type: notify.ToDeputy, ID: 1, UserID: long, OpenID: longOpenID}, Subject: "activity:1", DedupeKey: "g", Params: map[string]string{}}, "wechat", "pending", ""},
		{"a long-term grant is not used up (2)", notify.Notice{Kind: "activity_notice", To: notify.Recipient{Type: notify.ToDeputy, ID: 1, UserID: long, OpenID: longOpenID}, Subject: "activity:1", DedupeKey: "h", Params: map[string]string{}}, "wechat", "pending", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.create(t, tc.notice)
			var got struct {
				Channel   string `db:"channel"`
				Status    string `db:"status"`
				LastError string `db:"last_error"`
			}
			require.NoError(t, e.db.GetContext(t.Context(), &got, "SELECT channel, status, last_error FROM notifications WHERE dedupe_key = ?", tc.notice.DedupeKey))
			assert.Equal(t, tc.channel, got.Channel)
			assert.Equal(t, tc.status, got.Status)
			assert.Equal(t, tc.reason, got.LastError)
		})
	}
}

func TestANoticeIsSentOnceHoweverOftenItsTaskRuns(t *testing.T) {
	e := newEnv(t)
	due := e.create(t, replyNotice("k", notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}))
	e.send(t, due)
	e.send(t, due) // a duplicate task
	e.send(t, due) // a retry after success
	assert.Equal(t, 1, e.sms.Count("13800138000"))
	got := e.row(t, due[0].ID)
	assert.Equal(t, "sent", got.Status)
	assert.Equal(t, 1, got.Attempts)
	require.NotNil(t, got.Provider)
	assert.NotEmpty(t, *got.Provider, "the serial number is kept for receipts")
	sent := e.sms.Received("13800138000")
	assert.Equal(t, []string{"LX2403-7K3Q", "民生街道联络站"}, sent[0].Params)
}

func TestAWeChatNoticeIsSentWithItsFieldsWithinWeChatsLimits(t *testing.T) {
	e := newEnv(t)
	uid, openid := e.user(t)
	e.grant(t, uid, "message_reply", 1)
	n := replyNotice("w", notify.Recipient{Type: notify.ToUser, ID: uid, UserID: uid, OpenID: openid})
	n.Params["reply"] = "您反映的民生路路灯不亮问题已经协调城管部门在三个工作日内完成修复并回访"
	e.send(t, e.create(t, n))
	msgs := e.wx.SentSubscribeMessages()
	require.Len(t, msgs, 1)
	m := msgs[0]
	assert.Equal(t, openid, m.ToUser)
	assert.Equal(t, "tmpl-reply", m.TemplateID)
	assert.Equal(t, "pages/message/index?id=42", m.Page)
	assert.Equal(t, "您反映的民生路路灯不亮问题已经协调城管…", m.Data["thing3"].Value, "a thing is cut to 20 characters, not bytes")
	assert.Len(t, []rune(m.Data["thing3"].Value), 20)
	assert.Equal(t, "LX2403-7K3Q", m.Data["character_string1"].Value)
	assert.Equal(t, "2024年3月12日 10:00", m.Data["time4"].Value)
	assert.Equal(t, "sent", e.row(t, e.rowID(t, "w")).Status)
}

func TestAWeChatRefusalFallsBackToSMS(t *testing.T) {
	e := newEnv(t)
	uid, openid := e.user(t)
	e.grant(t, uid, "message_reply", 2)
	e.wx.RefuseSubscribe(openid)
	due := e.create(t, replyNotice("r", notify.Recipient{Type: notify.ToUser, ID: uid, UserID: uid, OpenID: openid, Phone: "13800138000"}))
	e.send(t, due)
	got := e.row(t, due[0].ID)
	assert.Equal(t, "sent", got.Status)
	assert.Equal(t, "sms", got.Channel)
	assert.Equal(t, 1, e.sms.Count("13800138000"))
	assert.Empty(t, e.wx.SentSubscribeMessages())
	grants, err := e.engine.Grants(t.Context(), uid)
	require.NoError(t, err)
	assert.Equal(t, 0, grants["message_reply"], "WeChat knows better than our count: the grant is dropped")

	// Without a phone the refused notice is skipped, with the reason.
	e.grant(t, uid, "message_reply", 1)
	due = e.create(t, replyNotice("r2", notify.Recipient{Type: notify.ToUser, ID: uid, UserID: uid, OpenID: openid}))
	e.send(t, due)
	got = e.row(t, due[0].ID)
	assert.Equal(t, "skipped", got.Status)
	assert.Contains(t, got.LastError, "43101")
}

func TestSMSWaitsForTheEndOfQuietHoursButWeChatDoesNot(t *testing.T) {
	e := newEnv(t)
	e.clock.Advance(13 * time.Hour) // 23:00 in Nanning
	uid, openid := e.user(t)
	e.grant(t, uid, "message_reply", 1)
	wx := e.create(t, replyNotice("q1", notify.Recipient{Type: notify.ToUser, ID: uid, UserID: uid, OpenID: openid}))
	text := e.create(t, replyNotice("q2", notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}))
	e.send(t, wx)
	e.send(t, text)
	assert.Len(t, e.wx.SentSubscribeMessages(), 1, "WeChat messages are not held")
	assert.Zero(t, e.sms.Total(), "no SMS at 23:00")
	got := e.row(t, text[0].ID)
	assert.Equal(t, "pending", got.Status)
	assert.Equal(t, time.Date(2024, 3, 13, 0, 0, 0, 0, time.UTC), got.NotBefore.UTC(), "held until 08:00 in Nanning")

	e.clock.Advance(9 * time.Hour) // 08:00
	e.send(t, text)
	assert.Equal(t, 1, e.sms.Count("13800138000"))
}

func TestTransientFailuresAreRetriedWithBackoffThenFail(t *testing.T) {
	e := newEnv(t)
	e.sms.FailNext(2, "InternalError.Timeout")
	due := e.create(t, replyNotice("t", notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}))
	e.send(t, due)
	got := e.row(t, due[0].ID)
	assert.Equal(t, "pending", got.Status)
	assert.True(t, got.NotBefore.After(e.clock.Now()), "the retry waits")
	assert.NotEmpty(t, got.LastError)
	e.send(t, due) // not due yet: nothing happens
	assert.Equal(t, 1, e.row(t, due[0].ID).Attempts)

	for i := 0; i < 2; i++ {
		e.clock.Advance(10 * time.Second)
		e.send(t, due)
	}
	got = e.row(t, due[0].ID)
	assert.Equal(t, "sent", got.Status)
	assert.Equal(t, 3, got.Attempts)
	assert.Equal(t, 1, e.sms.Count("13800138000"))

	e.sms.FailRate(1, "InternalError.Timeout")
	due = e.create(t, replyNotice("t2", notify.Recipient{Type: notify.ToPhone, Phone: "13800138001"}))
	for i := 0; i < e.rules.Retry.MaxAttempts+2; i++ {
		e.send(t, due)
		e.clock.Advance(10 * time.Second)
	}
	got = e.row(t, due[0].ID)
	assert.Equal(t, "failed", got.Status)
	assert.Equal(t, e.rules.Retry.MaxAttempts, got.Attempts)
}

func TestPermanentFailuresFailAtOnce(t *testing.T) {
	e := newEnv(t)
	due := e.create(t, replyNotice("p", notify.Recipient{Type: notify.ToPhone, Phone: "19999999999"}))
	e.sms.FailNext(1, "InvalidParameterValue.IncorrectPhoneNumber")
	e.send(t, due)
	got := e.row(t, due[0].ID)
	assert.Equal(t, "failed", got.Status)
	assert.Equal(t, 1, got.Attempts)
	assert.Contains(t, got.LastError, "IncorrectPhoneNumber")
}

func TestAnAmbiguousSendIsUnknownAndSettledByTheReceipt(t *testing.T) {
	e := newEnv(t)
	e.sms.DropAfterAccept(1)
	due := e.create(t, replyNotice("u", notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}))
	e.send(t, due)
	got := e.row(t, due[0].ID)
	assert.Equal(t, "unknown", got.Status, "not retried blindly")
	e.send(t, due)
	assert.Equal(t, 1, e.sms.Count("13800138000"), "the fake accepted it once and nothing was sent again")

	// A receipt that carries the row id as SessionContext settles it.
	sent := e.sms.Received("13800138000")
	body := e.sms.Receipt(sent[0].SerialNo)
	receipts, err := sms.ParseReceipts(body)
	require.NoError(t, err)
	n, err := e.engine.ApplyReceipts(t.Context(), receipts)
	require.NoError(t, err)
	if receipts[0].SessionContext != "" {
		assert.Equal(t, 1, n)
		assert.Equal(t, "delivered", e.row(t, due[0].ID).Status)
	}
}

func TestReceiptsMarkSentNoticesDelivered(t *testing.T) {
	e := newEnv(t)
	due := e.create(t, replyNotice("d", notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}))
	e.send(t, due)
	sent := e.sms.Received("13800138000")
	require.Len(t, sent, 1)
	receipts, err := sms.ParseReceipts(e.sms.Receipt(sent[0].SerialNo))
	require.NoError(t, err)
	n, err := e.engine.ApplyReceipts(t.Context(), append(receipts, sms.Receipt{SerialNo: "no-such-serial", Delivered: true}))
	require.NoError(t, err)
	assert.Equal(t, 1, n, "an unknown serial is ignored")
	assert.Equal(t, "delivered", e.row(t, due[0].ID).Status)
}

func TestTheSweepSendsAgainWhatAStoppedWorkerLeftSending(t *testing.T) {
	queue := &recordingQueue{}
	e := newEnv(t, func(d *notify.Deps) { d.Queue = queue })
	due := e.create(t, replyNotice("s", notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}))
	// The worker claimed the row and died before sending.
	e.db.Exec(t, "UPDATE notifications SET status = 'sending', attempts = 1, updated_at = ? WHERE id = ?", e.clock.Now(), due[0].ID)
	res, err := e.engine.Sweep(t.Context())
	require.NoError(t, err)
	assert.Zero(t, res.Recovered, "a row is not taken from a worker that may still be sending")

	e.clock.Advance(e.rules.SendingTimeout + time.Second)
	res, err = e.engine.Sweep(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, res.Recovered)
	assert.Equal(t, 1, res.Enqueued)
	assert.Equal(t, due[0].ID, queue.last().ID)
	e.send(t, due)
	assert.Equal(t, "sent", e.row(t, due[0].ID).Status)
	assert.Equal(t, 1, e.sms.Count("13800138000"))
}

func TestUnknownNoticesFailAfterTheGracePeriod(t *testing.T) {
	e := newEnv(t)
	e.sms.DropAfterAccept(1)
	due := e.create(t, replyNotice("g", notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}))
	e.send(t, due)
	require.Equal(t, "unknown", e.row(t, due[0].ID).Status)
	e.db.Exec(t, "UPDATE notifications SET updated_at = ? WHERE id = ?", e.clock.Now().Add(-e.rules.UnknownGrace-time.Minute), due[0].ID)
	res, err := e.engine.Sweep(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, res.Expired)
	got := e.row(t, due[0].ID)
	assert.Equal(t, "failed", got.Status)
	assert.Contains(t, got.LastError, "grace period")
}

func TestTheLogChannelStandsInForMissingCredentials(t *testing.T) {
	e := newEnv(t, func(d *notify.Deps) { d.WeChat, d.SMS = nil, nil })
	uid, openid := e.user(t)
	e.grant(t, uid, "message_reply", 1)
	due := e.create(t,
		replyNotice("l1", notify.Recipient{Type: notify.ToUser, ID: uid, UserID: uid, OpenID: openid}),
		replyNotice("l2", notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"}))
	e.send(t, due)
	for _, d := range due {
		got := e.row(t, d.ID)
		assert.Equal(t, "log", got.Channel)
		assert.Equal(t, "sent", got.Status)
	}
	logs := e.logs.String()
	assert.Contains(t, logs, `"as":"wechat"`)
	assert.Contains(t, logs, `"thing2":"民生街道联络站"`)
	assert.Contains(t, logs, `"as":"sms"`)
	assert.Contains(t, logs, `138****8000`)
	assert.NotContains(t, logs, "13800138000", "the log never holds a full number")
	assert.Zero(t, e.sms.Total())
	assert.Empty(t, e.wx.SentSubscribeMessages())
}

func (e *env) rowID(t *testing.T, key string) int64 {
	t.Helper()
	var id int64
	require.NoError(t, e.db.GetContext(t.Context(), &id, "SELECT id FROM notifications WHERE dedupe_key = ?", key))
	return id
}

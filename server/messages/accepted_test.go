package messages_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// acceptedNotices are the message_accepted rows of message id, by channel.
func acceptedNotices(t *testing.T, h *wired.Service, id int64) []string {
	t.Helper()
	var channels []string
	require.NoError(t, h.DB.SelectContext(t.Context(), &channels, `SELECT channel FROM notifications WHERE subject = ? AND kind = 'message_accepted'`,
		fmt.Sprintf("message:%d", id)))
	return channels
}

func TestAcceptingTellsTheAuthorWhoGrantedIt(t *testing.T) {
	h, _ := newWired(t)
	station := h.Station(t, "民生街道联络站", testkit.AreaXingning)
	staff := staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{station}})
	in := validMessage()
	in.Phone = "13800138000" // an SMS would be possible: the notice must not use it

	t.Run("an author who granted message_accepted gets one WeChat notice", func(t *testing.T) {
		token, userID, openid := h.SignIn(t)
		author := h.As(t, token)
		_, err := h.Notify.RecordGrants(t.Context(), userID, []string{wired.Templates.MessageAccepted})
		require.NoError(t, err)
		id := submit(t, h, author, station, in)
		before := len(h.SMS.Received(in.Phone))

		handle(t, h, staff, id, messages.Transition{Action: messages.ActionAccept})
		require.Equal(t, []string{"wechat"}, acceptedNotices(t, h, id), "exactly one WeChat notice, written with the transition")

		require.Equal(t, 1, h.SendPending(t, fmt.Sprintf("message:%d", id)))
		sent := h.WeChat.SentSubscribeMessages()
		require.NotEmpty(t, sent)
		last := sent[len(sent)-1]
		require.Equal(t, openid, last.ToUser)
		require.Equal(t, wired.Templates.MessageAccepted, last.TemplateID)
		require.Equal(t, fmt.Sprintf("pages/message/index?id=%d", id), last.Page)
		require.Regexp(t, `^LX\d{4}-`, last.Data["character_string1"].Value, "the 查询码")
		require.Equal(t, "民生街道联络站", last.Data["thing2"].Value)
		require.Equal(t, "2024年3月13日 10:00", last.Data["time3"].Value)
		require.Equal(t, "2024年4月3日", last.Data["date4"].Value, "the last day to reply")
		require.Len(t, h.SMS.Received(in.Phone), before, "no SMS")
		grants, err := h.Notify.Grants(t.Context(), userID)
		require.NoError(t, err)
		require.Equal(t, 0, grants["message_accepted"], "the one-time grant is used up")
	})

	t.Run("without the grant nothing is written and no SMS goes", func(t *testing.T) {
		author, _ := citizen(t, h)
		id := submit(t, h, author, station, in)
		before := len(h.SMS.Received(in.Phone))

		handle(t, h, staff, id, messages.Transition{Action: messages.ActionAccept})
		require.Empty(t, acceptedNotices(t, h, id), "no row, not even a skipped one")
		h.SendPending(t, fmt.Sprintf("message:%d", id))
		require.Len(t, h.SMS.Received(in.Phone), before, "no SMS")
	})
}

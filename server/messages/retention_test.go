package messages_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/messages"
)

func TestClosedMessagesAreAnonymisedAfterTheRetentionPeriod(t *testing.T) {
	h, clk := newWired(t)
	st := h.Station(t, "民生街道联络站", "450102001")
	staff := staffOf(t, h, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	author, authorID := citizen(t, h)
	old := validMessage()
	old.Name, old.Phone, old.ImageIDs = "李大爷", "13912345678", []int64{photo(t, h, author)}
	oldID := submit(t, h, author, st, old)
	handle(t, h, staff, oldID, messages.Transition{Action: "accept"})
	handle(t, h, staff, oldID, messages.Transition{Action: "reply", Reply: "已修好。"})
	_, err := h.Messages.Rate(t.Context(), author, oldID, messages.Rating{Rating: "satisfied"})
	require.NoError(t, err)
	subject := fmt.Sprintf("message:%d", oldID)
	require.Equal(t, 1, h.Photos(t))
	require.NotZero(t, h.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND phone_enc IS NOT NULL", subject))

	clk.Advance(3*365*24*time.Hour - time.Hour)
	recentCitizen, _ := citizen(t, h)
	open := submit(t, h, recentCitizen, st, validMessage())
	n, err := h.Messages.AnonymizeOld(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "not yet three years")

	clk.Advance(2 * time.Hour)
	n, err = h.Messages.AnonymizeOld(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the old closed message, not the open one")
	var m struct {
		UserID  *int64 `db:"user_id"`
		Name    string `db:"name"`
		Phone   []byte `db:"phone_enc"`
		Content string `db:"content"`
		Status  string `db:"status"`
		Rating  string `db:"rating"`
	}
	require.NoError(t, h.DB.GetContext(t.Context(), &m, "SELECT user_id, name, phone_enc, content, status, rating FROM messages WHERE id = ?", oldID))
	assert.Nil(t, m.UserID)
	assert.Empty(t, m.Name)
	assert.Nil(t, m.Phone)
	assert.Equal(t, old.Content, m.Content, "content stays for the statistics")
	assert.Equal(t, "closed", m.Status)
	assert.Equal(t, "satisfied", m.Rating)
	assert.Zero(t, h.Photos(t), "the photo's bytes are gone")
	assert.Zero(t, h.DB.Count(t, "SELECT COUNT(*) FROM uploads WHERE message_id = ?", oldID))
	assert.Zero(t, h.DB.Count(t, "SELECT COUNT(*) FROM message_events WHERE message_id = ? AND actor_id = ?", oldID, authorID))
	assert.Zero(t, h.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND (phone_enc IS NOT NULL OR openid IS NOT NULL OR params <> '{}')", subject))
	assert.NotZero(t, h.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE subject = ?", subject), "the notices' record stays")
	_, err = h.Messages.Get(t.Context(), author, oldID)
	assert.Equal(t, apperr.KindNotFound, kindOf(err), "no longer the author's")
	assert.Equal(t, 1, h.DB.Count(t, "SELECT COUNT(*) FROM messages WHERE id = ? AND user_id IS NOT NULL", open), "open messages are kept whole")

	n, err = h.Messages.AnonymizeOld(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "once only")
	assert.Equal(t, 1, statsOf(t, h, staff, st).Satisfied, "the statistics of that year still count it")
}

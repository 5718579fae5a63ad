package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
)

func TestClosedMessagesAreAnonymisedAfterTheRetentionPeriod(t *testing.T) {
	h := newHarness(t)
	st := h.station(t, "民生街道联络站", "450102001")
	staff := h.token(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	citizen, author := h.signIn(t)
	old := validMessage()
	old["name"], old["phone"], old["image_ids"] = "李大爷", "13912345678", []int64{h.photoID(t, citizen)}
	oldID := h.submitMessage(t, citizen, st, old)
	h.mustMessageTransition(t, staff, oldID, map[string]any{"action": "accept"})
	h.mustMessageTransition(t, staff, oldID, map[string]any{"action": "reply", "reply": "已修好。"})
	require.Equal(t, http.StatusOK, h.do(t, "POST", "/api/v1/messages/"+itoa(oldID)+"/rating", citizen, map[string]any{"rating": "satisfied"}).Code)
	require.Equal(t, 1, h.photos().Len())
	require.NotZero(t, h.countRows(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND phone_enc IS NOT NULL", "message:"+itoa(oldID)))

	h.msgClock().Advance(3*365*24*time.Hour - time.Hour)
	recentCitizen, _ := h.signIn(t)
	open := h.submitMessage(t, recentCitizen, st, validMessage())
	n, err := h.messages.AnonymizeOld(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "not yet three years")

	h.msgClock().Advance(2 * time.Hour)
	n, err = h.messages.AnonymizeOld(t.Context())
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
	require.NoError(t, h.db.GetContext(t.Context(), &m, "SELECT user_id, name, phone_enc, content, status, rating FROM messages WHERE id = ?", oldID))
	assert.Nil(t, m.UserID)
	assert.Empty(t, m.Name)
	assert.Nil(t, m.Phone)
	assert.Equal(t, old["content"], m.Content, "content stays for the statistics")
	assert.Equal(t, "closed", m.Status)
	assert.Equal(t, "satisfied", m.Rating)
	assert.Zero(t, h.photos().Len(), "the photo's bytes are gone")
	assert.Zero(t, h.countRows(t, "SELECT COUNT(*) FROM uploads WHERE message_id = ?", oldID))
	assert.Zero(t, h.countRows(t, "SELECT COUNT(*) FROM message_events WHERE message_id = ? AND actor_id = ?", oldID, author))
	assert.Zero(t, h.countRows(t, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND (phone_enc IS NOT NULL OR openid IS NOT NULL OR params <> '{}')", "message:"+itoa(oldID)))
	assert.NotZero(t, h.countRows(t, "SELECT COUNT(*) FROM notifications WHERE subject = ?", "message:"+itoa(oldID)), "the notices' record stays")
	assert.Equal(t, http.StatusNotFound, h.do(t, "GET", "/api/v1/messages/"+itoa(oldID), citizen, nil).Code, "no longer the author's")
	assert.Equal(t, 1, h.countRows(t, "SELECT COUNT(*) FROM messages WHERE id = ? AND user_id IS NOT NULL", open), "open messages are kept whole")

	n, err = h.messages.AnonymizeOld(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "once only")
	w := h.do(t, "GET", "/api/v1/admin/stats/messages?station_id="+itoa(st)+"&from=2024-01-01&to=2024-12-31", staff, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "1", jsonField(t, w, "satisfied"), "the statistics of that year still count it")
}

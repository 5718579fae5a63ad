package console_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/messages"
)

func TestAReplyToBePublishedWarnsOfNamesAndNumbersAndStaffCanWithdrawIt(t *testing.T) {
	x := newTwoStations(t)
	c, err := x.s.Messages.Submit(t.Context(), x.me, x.a, messages.Input{Category: "urban_rural", Content: "民主路路灯坏了三盏，晚上出行不便。",
		Publish: true}, messages.Origin{IP: "192.0.2.1"})
	require.NoError(t, err)
	path := "/console/messages/" + itoa(c.ID)
	require.Equal(t, http.StatusSeeOther, x.staffA.Post(t, path+"/handle", url.Values{"action": {"accept"}}).Code)
	page := x.staffA.Get(t, path).Body.String()
	assert.Contains(t, page, "答复会显示在联络站页面，电话号码会被遮盖，姓名不会", "the reply form says the reply is public")

	w := x.staffA.Post(t, path+"/handle", url.Values{"action": {"reply"}, "reply": {"已请李先生联系供电所，电话 0771-5551234。"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page = x.staffA.Get(t, path).Body.String()
	assert.Contains(t, page, "已答复群众。答复中含有电话号码或姓名", "the warning follows the reply; the reply went out")
	assert.Contains(t, page, "已通过内容安全检测，正在联络站页面公开")
	assert.Contains(t, page, `action="/console/messages/`+itoa(c.ID)+`/unpublish"`)

	w = x.staffA.Post(t, path+"/unpublish", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page = x.staffA.Get(t, path).Body.String()
	assert.Contains(t, page, "已撤下公开答复")
	assert.Contains(t, page, "工作人员撤下公开答复", "in the timeline")
	assert.NotContains(t, page, "/unpublish", "nothing left to withdraw")
	m, err := x.s.Messages.Get(t.Context(), x.me, c.ID)
	require.NoError(t, err)
	assert.False(t, m.Publish)
}

func TestAWalkInsPublishConsentIsItsOwnCheckbox(t *testing.T) {
	x := newTwoStations(t)
	form := url.Values{"station_id": {itoa(x.a)}, "category": {"health"}, "content": {"社区卫生服务站周末不开门，看病不方便。"},
		"name": {"陈大爷"}, "phone": {"13700137000"}, "consent": {"1"}}
	assert.Contains(t, x.staffA.Get(t, "/console/messages/new").Body.String(), `name="publish_consent"`)
	w := x.staffA.Post(t, "/console/messages/new", form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Contains(t, x.staffA.Get(t, w.Header().Get("Location")).Body.String(), "<dd>不公开</dd>")

	form.Set("publish_consent", "1")
	w = x.staffA.Post(t, "/console/messages/new", form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Contains(t, x.staffA.Get(t, w.Header().Get("Location")).Body.String(), "同意答复后在联络站页面公开")
}

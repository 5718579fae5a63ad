package console_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/messages"
)

func TestAMessageToADeputyIsMarkedWithTheAddresseeInTheInbox(t *testing.T) {
	x := newTwoStations(t)
	dep := x.s.Deputy(t, "韦建国", "13900000001", x.a)
	toHim, err := x.s.Messages.SubmitToDeputy(t.Context(), x.me, dep, messages.ToDeputy{Input: messages.Input{Category: "transport",
		Content: "村口的桥栏杆断了，孩子上学很危险。", Name: "李女士"}}, messages.Origin{IP: "192.0.2.1"})
	require.NoError(t, err)
	toStation := x.submit(t, x.a, "民主路路灯坏了三盏，晚上出行不便。", "urban_rural", false)

	w := x.staffA.Get(t, "/console/messages")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, toHim.Code)
	assert.Contains(t, page, toStation.Code)
	assert.Equal(t, 1, strings.Count(page, "写给韦建国代表"), "the message to the deputy only")

	w = x.staffA.Get(t, "/console/messages?addressee="+itoa(dep))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), toHim.Code)
	assert.NotContains(t, w.Body.String(), toStation.Code, "filtered by addressee")

	w = x.staffA.Get(t, "/console/messages/"+itoa(toHim.ID))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "写给韦建国代表")
	assert.Contains(t, w.Body.String(), "<dt>写给</dt><dd>韦建国代表")
	w = x.staffA.Get(t, "/console/messages/"+itoa(toStation.ID))
	assert.NotContains(t, w.Body.String(), "写给")
}

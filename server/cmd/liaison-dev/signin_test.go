package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type signedIn struct {
	Token string `json:"token"`
	User  struct {
		ID int64 `json:"id"`
	} `json:"user"`
}

// The mini program signs in by wx.login → POST /auth/wechat, also in dev
// mode, where no WeChat is there to resolve the code.
func TestDevModeAnswersMiniProgramSignInLocally(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	d := startDev(t, "--state-file", state)

	var devtools1, devtools2, citizen, citizenAgain signedIn
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/wechat", "", `{"code":"0a1B2cDevToolsCode0a1B2cDevTools"}`, &devtools1))
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/wechat", "", `{"code":"083Xyz9AbCdEfGhIjKlMnOpQrStUvWxY"}`, &devtools2))
	assert.Equal(t, devtools1.User.ID, devtools2.User.ID, "every DevTools code is one stable development user")
	assert.NotEqual(t, devtools1.Token, devtools2.Token, "each sign-in is a session of its own")

	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/wechat", "", `{"code":"dev-citizen-1"}`, &citizen))
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/wechat", "", `{"code":"dev-citizen-1"}`, &citizenAgain))
	assert.NotEqual(t, devtools1.User.ID, citizen.User.ID, "a dev- code is a user of its own")
	assert.Equal(t, citizen.User.ID, citizenAgain.User.ID)
	// The development sign-in of a name is the user of the wx.login code of that name.
	var viaDev signedIn
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/dev", "", `{"openid":"dev-citizen-1"}`, &viaDev))
	assert.Equal(t, citizen.User.ID, viaDev.User.ID)
	var m me
	require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/me", citizen.Token, "", &m))
	assert.Equal(t, citizen.User.ID, m.ID)

	// The phone button binds the DevTools user to the demo convenor.
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/phone", devtools1.Token, `{"code":"any-phone-code"}`, &m))
	require.NotNil(t, m.Deputy)
	assert.Equal(t, "韦建国", m.Deputy.Name)
	// A number nobody registered is the plain "not a deputy" answer.
	var e apiError
	assert.Equal(t, http.StatusNotFound, d.call(t, "POST", "/api/v1/auth/phone", citizen.Token, `{"code":"dev-13900139000"}`, &e))
	assert.NotEmpty(t, e.Error.Code)

	data, err := os.ReadFile(state)
	require.NoError(t, err, "the state file is written before the service serves")
	var st struct {
		BaseURL      string `json:"base_url"`
		StationID    int64  `json:"station_id"`
		StaffInvite  string `json:"staff_invite"`
		AdminInvite  string `json:"admin_invite"`
		DeputyInvite string `json:"deputy_invite"`
	}
	require.NoError(t, json.Unmarshal(data, &st))
	assert.Equal(t, d.base, st.BaseURL)
	assert.Equal(t, d.printed(t, `staff of station \d+\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})`), st.StaffInvite)
	assert.Equal(t, d.printed(t, `public card\s+\S+/api/v1/stations/(\d+)`), fmt.Sprint(st.StationID))
	assert.NotEmpty(t, st.AdminInvite)
	assert.NotEmpty(t, st.DeputyInvite)
	// The station page the codes open has something to show: the schedule
	// and the answered message whose author agreed to publish it.
	var list struct {
		Items []map[string]any `json:"items"`
	}
	require.Equal(t, http.StatusOK, d.call(t, "GET", fmt.Sprintf("/api/v1/stations/%d/schedule", st.StationID), "", "", &list))
	assert.NotEmpty(t, list.Items, "the seeded reception day")
	require.Equal(t, http.StatusOK, d.call(t, "GET", fmt.Sprintf("/api/v1/stations/%d/answers", st.StationID), "", "", &list))
	require.Len(t, list.Items, 1)
	assert.Equal(t, "已与街道协调，自下月起周末开放至18:00。", list.Items[0]["reply"])

	// The subscribe templates have placeholder ids, and a grant is recorded.
	var meta struct {
		Templates map[string]string `json:"subscribe_templates"`
	}
	require.Equal(t, http.StatusOK, d.call(t, "GET", "/api/v1/meta", "", "", &meta))
	assert.Equal(t, "dev-message_reply", meta.Templates["message_reply"])
	assert.Equal(t, "dev-activity_notice", meta.Templates["activity_notice"])
	assert.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/me/subscriptions", citizen.Token, `{"accepted":["dev-message_reply"]}`, nil))

	assert.Equal(t, 1, strings.Count(d.logs.String(), "no WeChat credentials"), "one warning says all that WeChat's absence changes")

	tok := d.signIn(t, "dev-staff")
	require.Equal(t, http.StatusOK, d.call(t, "POST", "/api/v1/auth/redeem", tok, `{"invite_code":"`+st.StaffInvite+`"}`, nil))
}

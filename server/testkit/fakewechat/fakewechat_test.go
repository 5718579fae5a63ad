package fakewechat_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit/fakewechat"
)

// answer is the union of the JSON fields the tests look at.
type answer struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	OpenID      string `json:"openid"`
	SessionKey  string `json:"session_key"`
	MsgID       int64  `json:"msgid"`
}

func call(t *testing.T, method, url, body string) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "WeChat answers 200 even for errors")
	var a answer
	require.NoError(t, json.NewDecoder(res.Body).Decode(&a))
	return a
}

func stableToken(t *testing.T, s *fakewechat.Server, secret string, force bool) answer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"grant_type": "client_credential", "appid": s.AppID(), "secret": secret, "force_refresh": force,
	})
	return call(t, http.MethodPost, s.URL()+fakewechat.PathStableToken, string(body))
}

func TestTokens(t *testing.T) {
	s := fakewechat.New(t)

	a := call(t, http.MethodGet, s.URL()+"/cgi-bin/token?grant_type=client_credential&appid=wxtestappid&secret=testsecret", "")
	require.NotEmpty(t, a.AccessToken)
	require.Equal(t, 7200, a.ExpiresIn)
	a = call(t, http.MethodGet, s.URL()+"/cgi-bin/token?grant_type=client_credential&appid=wxtestappid&secret=wrong", "")
	require.Equal(t, 40125, a.ErrCode)

	first := stableToken(t, s, s.Secret(), false)
	require.Equal(t, first.AccessToken, stableToken(t, s, s.Secret(), false).AccessToken, "normal mode keeps the token")
	forced := stableToken(t, s, s.Secret(), true)
	require.NotEqual(t, first.AccessToken, forced.AccessToken)
	require.Equal(t, 40125, stableToken(t, s, "wrong", false).ErrCode)
	require.Equal(t, 3, s.TokensIssued())

	s.AddPhone("p", "13800138000")
	phoneURL := s.URL() + fakewechat.PathPhoneNumber + "?access_token=" + forced.AccessToken
	s.ExpireTokens()
	require.Equal(t, 40001, call(t, http.MethodPost, phoneURL, `{"code":"p"}`).ErrCode)
	renewed := stableToken(t, s, s.Secret(), false)
	require.NotEqual(t, forced.AccessToken, renewed.AccessToken, "no valid token left: a new one")
}

func TestEndpointChecks(t *testing.T) {
	s := fakewechat.New(t)
	tok := stableToken(t, s, s.Secret(), false).AccessToken
	s.AddLogin("c1", "o1", "")
	s.AddPhone("p1", "13800138000")
	s.RefuseSubscribe("o2")
	login := s.URL() + "/sns/jscode2session?appid=wxtestappid&secret=testsecret&grant_type=authorization_code&js_code="
	send := s.URL() + fakewechat.PathSubscribeSend + "?access_token=" + tok
	msg := func(to string) string {
		return `{"touser":"` + to + `","template_id":"t1","data":{"thing1":{"value":"x"}}}`
	}

	for _, tc := range []struct {
		name         string
		method, url  string
		body         string
		wantCode     int
		wantOpenID   string
		wantHasMsgID bool
	}{
		{name: "a registered login code", method: "GET", url: login + "c1", wantOpenID: "o1"},
		{name: "a login code used twice", method: "GET", url: login + "c1", wantCode: 40163},
		{name: "an unknown login code", method: "GET", url: login + "nope", wantCode: 40029},
		{name: "a POST where GET is due", method: "POST", url: login + "c1", wantCode: 43001},
		{name: "a phone code without token", method: "POST", url: s.URL() + fakewechat.PathPhoneNumber, body: `{"code":"p1"}`, wantCode: 41001},
		{name: "a phone code with a bad token", method: "POST", url: s.URL() + fakewechat.PathPhoneNumber + "?access_token=x", body: `{"code":"p1"}`, wantCode: 40001},
		{name: "an unknown phone code", method: "POST", url: s.URL() + fakewechat.PathPhoneNumber + "?access_token=" + tok, body: `{"code":"p2"}`, wantCode: 40029},
		{name: "a subscribe message", method: "POST", url: send, body: msg("o1"), wantHasMsgID: true},
		{name: "a subscribe message the user refused", method: "POST", url: send, body: msg("o2"), wantCode: 43101},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, tc.method, tc.url, tc.body)
			require.Equal(t, tc.wantCode, a.ErrCode, a.ErrMsg)
			require.Equal(t, tc.wantOpenID, a.OpenID)
			require.Equal(t, tc.wantHasMsgID, a.MsgID != 0)
		})
	}
	require.Equal(t, 4, s.Calls(fakewechat.PathCode2Session))
	require.Len(t, s.SentSubscribeMessages(), 1)
	require.Equal(t, "x", s.SentSubscribeMessages()[0].Data["thing1"].Value)
}

func TestLatencyDelaysAnswersAndACallerWhoHangsUpHasStillSent(t *testing.T) {
	s := fakewechat.New(t)
	s.Latency(100 * time.Millisecond)
	start := time.Now()
	tok := stableToken(t, s, s.Secret(), false)
	require.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	body := `{"touser":"o1","template_id":"t","data":{"thing1":{"value":"x"}}}`
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+fakewechat.PathSubscribeSend+"?access_token="+tok.AccessToken, strings.NewReader(body))
	_, err := http.DefaultClient.Do(req)
	require.Error(t, err)
	time.Sleep(150 * time.Millisecond)
	require.Len(t, s.SentSubscribeMessages(), 1, "the caller hung up before the answer, but the message had arrived")
	require.Zero(t, call(t, http.MethodPost, s.URL()+fakewechat.PathSubscribeSend+"?access_token="+tok.AccessToken, body).ErrCode)
	require.Len(t, s.SentSubscribeMessages(), 2)
}

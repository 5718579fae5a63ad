package api_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

var shanghaiTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$`)

func TestWeChatSignIn(t *testing.T) {
	s := wired.New(t)
	s.WeChat.AddLogin("code-a", "openid-a", "union-a")
	w := s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": "code-a"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var out struct {
		Token     string `json:"token"`
		ExpiresAt string `json:"expires_at"`
		User      struct {
			ID    int64    `json:"id"`
			Roles []string `json:"roles"`
		} `json:"user"`
	}
	decode(t, w, &out)
	assert.Len(t, out.Token, 43)
	assert.Regexp(t, shanghaiTime, out.ExpiresAt)
	assert.Equal(t, []string{}, out.User.Roles)

	sessionKey := s.WeChat.SessionKey("openid-a")
	require.NotEmpty(t, sessionKey)
	assert.NotContains(t, w.Body.String(), sessionKey, "the session key never leaves the server")
	assert.NotContains(t, s.Logs.String(), sessionKey, "nor reaches the logs")
	assert.NotContains(t, s.Logs.String(), out.Token, "tokens are not logged")
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", out.Token), "the token is stored hashed")

	me := s.Do(t, "GET", "/api/v1/me", out.Token, nil)
	require.Equal(t, http.StatusOK, me.Code, me.Body.String())
	assert.JSONEq(t, `{"id":`+itoa(out.User.ID)+`,"roles":[],"deputy":null}`, me.Body.String())

	s.WeChat.AddLogin("code-b", "openid-a", "union-a")
	again := s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": "code-b"})
	require.Equal(t, http.StatusOK, again.Code)
	var second struct {
		User struct{ ID int64 } `json:"user"`
	}
	decode(t, again, &second)
	assert.Equal(t, out.User.ID, second.User.ID, "the same WeChat user signs in as the same user")
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM users"))
}

func TestWeChatSignInRefusals(t *testing.T) {
	s := wired.New(t)
	s.WeChat.AddLogin("used", "openid-u", "")
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": "used"}).Code)

	cases := []struct {
		name   string
		setup  func()
		body   any
		status int
		code   string
	}{
		{"a code WeChat does not know is refused", nil, map[string]string{"code": "nope"}, 400, "wechat_code_invalid"},
		{"a code used before is refused", nil, map[string]string{"code": "used"}, 400, "wechat_code_invalid"},
		{"a missing code is refused", nil, map[string]string{}, 400, "invalid_input"},
		{"malformed JSON is refused", nil, "{", 400, "invalid_json"},
		{"WeChat's rate limit becomes 429", func() { s.WeChat.AddLogin("c-rl", "o-rl", ""); s.WeChat.RateLimitNext(1) }, map[string]string{"code": "c-rl"}, 429, "wechat_rate_limited"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			before := s.DB.Count(t, "SELECT COUNT(*) FROM sessions")
			w := s.Do(t, "POST", "/api/v1/auth/wechat", "", tc.body)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.code, errorCode(t, w))
			if tc.status == http.StatusTooManyRequests {
				assert.Equal(t, "10", w.Header().Get("Retry-After"))
			}
			assert.Equal(t, before, s.DB.Count(t, "SELECT COUNT(*) FROM sessions"), "a refused sign-in makes no session")
		})
	}
}

func TestTokens(t *testing.T) {
	s := wired.New(t)
	tok, userID, _ := s.SignIn(t)

	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/me", "", nil).Code, "no token")
	w := s.Do(t, "GET", "/api/v1/me", "not-a-token", nil)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Equal(t, "token_invalid", errorCode(t, w))

	s.DB.Exec(t, "UPDATE sessions SET expires_at = ? WHERE user_id = ?", time.Now().Add(-time.Minute).UTC(), userID)
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/me", tok, nil).Code, "an expired token")

	tok2, _, _ := s.SignIn(t)
	require.Equal(t, http.StatusOK, s.Do(t, "GET", "/api/v1/me", tok2, nil).Code)
	require.Equal(t, http.StatusNoContent, s.Do(t, "POST", "/api/v1/auth/logout", tok2, nil).Code)
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/me", tok2, nil).Code, "a revoked token")
}

func TestDevLoginIsOffByDefault(t *testing.T) {
	s := wired.New(t)
	w := s.Do(t, "POST", "/api/v1/auth/dev", "", map[string]string{"openid": "x"})
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM users"))
}

func TestBootstrapAdminInvite(t *testing.T) {
	s := wired.New(t)
	// What `liaison admin invite --role admin` does: an invite made by no one.
	inv, err := s.Identity.CreateInvite(t.Context(), nil, identity.InviteInput{Role: access.RoleAdmin})
	require.NoError(t, err)
	assert.Regexp(t, `^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$`, inv.InviteCode)
	assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM invites WHERE code_hash = ?", inv.InviteCode), "only a hash of the code is kept")

	tok, _, _ := s.SignIn(t)
	w := s.Do(t, "POST", "/api/v1/auth/redeem", tok, map[string]string{"invite_code": inv.InviteCode})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.JSONEq(t, `[{"role":"admin"}]`, jsonField(t, w, "roles"))

	other, _, _ := s.SignIn(t)
	w = s.Do(t, "POST", "/api/v1/auth/redeem", other, map[string]string{"invite_code": inv.InviteCode})
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Equal(t, "invite_used", errorCode(t, w))
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM user_roles"), "a used invite grants nothing")

	w = s.Do(t, "POST", "/api/v1/auth/redeem", other, map[string]string{"invite_code": "ABCD-EFGH-JKMN"})
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, "invite_not_found", errorCode(t, w))
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "POST", "/api/v1/auth/redeem", "", map[string]string{"invite_code": inv.InviteCode}).Code)

	expired, err := s.Identity.CreateInvite(t.Context(), nil, identity.InviteInput{Role: access.RoleAdmin})
	require.NoError(t, err)
	s.DB.Exec(t, "UPDATE invites SET expires_at = ? WHERE redeemed_at IS NULL", time.Now().Add(-time.Hour).UTC())
	w = s.Do(t, "POST", "/api/v1/auth/redeem", other, map[string]string{"invite_code": expired.InviteCode})
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Equal(t, "invite_expired", errorCode(t, w))
}

func TestStaffInvitesStayInScope(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "兴宁区民生街道联络站", testkit.AreaMinsheng)
	b := s.Station(t, "城中区联络站", testkit.AreaChengzh)
	depA := s.Deputy(t, "黄医生", "13800000001", a)
	depB := s.Deputy(t, "韦老师", "13800000002", b)
	admin := adminToken(t, s)
	staffA := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	deputyOnly := userToken(t, s, access.Grant{Role: access.RoleDeputy, DeputyID: depA})

	// The admin invites a staff member for station A; it is redeemed.
	w := s.Do(t, "POST", "/api/v1/admin/invites", admin, map[string]any{"role": "staff", "station_ids": []int64{a}})
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	code := jsonString(t, w, "invite_code")
	newStaff, _, _ := s.SignIn(t)
	w = s.Do(t, "POST", "/api/v1/auth/redeem", newStaff, map[string]string{"invite_code": code})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.JSONEq(t, `[{"role":"staff","station_ids":[`+itoa(a)+`]}]`, jsonField(t, w, "roles"))

	// Staff of A invite a deputy of A.
	w = s.Do(t, "POST", "/api/v1/admin/invites", staffA, map[string]any{"role": "deputy", "deputy_id": depA})
	assert.Equal(t, http.StatusCreated, w.Code, w.Body.String())

	cases := []struct {
		name   string
		token  string
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{"staff cannot invite for another station", staffA, map[string]any{"role": "staff", "station_ids": []int64{b}}, 400, "invalid_input", "station_ids"},
		{"staff cannot invite a deputy of another station", staffA, map[string]any{"role": "deputy", "deputy_id": depB}, 400, "invalid_input", "deputy_id"},
		{"staff cannot invite an admin", staffA, map[string]any{"role": "admin"}, 403, "invite_forbidden", ""},
		{"staff cannot invite for the whole city", staffA, map[string]any{"role": "staff", "area_code": testkit.AreaNanning}, 403, "out_of_scope", ""},
		{"a deputy cannot invite", deputyOnly, map[string]any{"role": "deputy", "deputy_id": depA}, 403, "staff_only", ""},
		{"nobody signed in cannot invite", "", map[string]any{"role": "admin"}, 401, "unauthorized", ""},
		{"an unknown role is refused", admin, map[string]any{"role": "mayor"}, 400, "invalid_input", "role"},
		{"a staff invite needs a scope", admin, map[string]any{"role": "staff"}, 400, "invalid_input", "station_ids"},
		{"an unknown area is refused", admin, map[string]any{"role": "staff", "area_code": "990000"}, 400, "invalid_input", "area_code"},
		{"an unknown station is refused", admin, map[string]any{"role": "staff", "station_ids": []int64{999999}}, 400, "invalid_input", "station_ids"},
		{"an unknown deputy is refused", admin, map[string]any{"role": "deputy", "deputy_id": 999999}, 400, "invalid_input", "deputy_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := s.DB.Count(t, "SELECT COUNT(*) FROM invites")
			w := s.Do(t, "POST", "/api/v1/admin/invites", tc.token, tc.body)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.code, errorCode(t, w))
			if tc.field != "" {
				assert.Contains(t, errorFields(t, w), tc.field)
			}
			assert.Equal(t, before, s.DB.Count(t, "SELECT COUNT(*) FROM invites"), "a refused invite is not stored")
		})
	}
}

func TestCityStaffInviteCoversTheirCity(t *testing.T) {
	s := wired.New(t)
	a := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	city := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})
	w := s.Do(t, "POST", "/api/v1/admin/invites", city, map[string]any{"role": "staff", "area_code": testkit.AreaXingning})
	assert.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	w = s.Do(t, "POST", "/api/v1/admin/invites", city, map[string]any{"role": "staff", "station_ids": []int64{a}})
	assert.Equal(t, http.StatusCreated, w.Code, w.Body.String())
}

func TestBindDeputyByPhone(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	dep := s.Deputy(t, "黄医生", "13800138000", st)
	s.WeChat.AddPhone("phone-1", "13800138000")

	tok, _, _ := s.SignIn(t)
	w := s.Do(t, "POST", "/api/v1/auth/phone", tok, map[string]string{"code": "phone-1"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.JSONEq(t, `[{"role":"deputy","deputy_id":`+itoa(dep)+`}]`, jsonField(t, w, "roles"))
	assert.JSONEq(t, `{"id":`+itoa(dep)+`,"name":"黄医生","levels":["county"],"grassroots":false,"phone":"138****8000","station_ids":[`+itoa(st)+`]}`, jsonField(t, w, "deputy"))
	assert.NotContains(t, s.Logs.String(), "13800138000", "the phone number is not logged")

	// GET /me now says the same.
	me := s.Do(t, "GET", "/api/v1/me", tok, nil)
	assert.JSONEq(t, jsonField(t, w, "deputy"), jsonField(t, me, "deputy"))

	// Binding again is harmless; the role is not doubled.
	s.WeChat.AddPhone("phone-1b", "13800138000")
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/auth/phone", tok, map[string]string{"code": "phone-1b"}).Code)
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM user_roles WHERE role = 'deputy'"))

	cases := []struct {
		name   string
		phone  string
		code   string
		status int
		want   string
	}{
		{"another WeChat user cannot take a bound deputy", "13800138000", "phone-2", 409, "deputy_already_bound"},
		{"a number that is no deputy's is refused", "13900000000", "phone-3", 404, "deputy_not_found"},
		{"a code WeChat does not know is refused", "", "phone-unknown", 400, "wechat_code_invalid"},
	}
	other, otherID, _ := s.SignIn(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.phone != "" {
				s.WeChat.AddPhone(tc.code, tc.phone)
			}
			w := s.Do(t, "POST", "/api/v1/auth/phone", other, map[string]string{"code": tc.code})
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, tc.want, errorCode(t, w))
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM users WHERE id = ? AND deputy_id IS NOT NULL", otherID))
			assert.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM user_roles WHERE user_id = ?", otherID))
		})
	}
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "POST", "/api/v1/auth/phone", "", map[string]string{"code": "x"}).Code)
}

func TestDeputyInviteBindsTheDeputy(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	dep := s.Deputy(t, "黄医生", "13800138000", st)
	inv, err := s.Identity.CreateInvite(t.Context(), nil, identity.InviteInput{Role: access.RoleDeputy, DeputyID: dep})
	require.NoError(t, err)
	tok, _, _ := s.SignIn(t)
	w := s.Do(t, "POST", "/api/v1/auth/redeem", tok, map[string]string{"invite_code": inv.InviteCode})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "黄医生", jsonString(t, w, "deputy.name"))
}

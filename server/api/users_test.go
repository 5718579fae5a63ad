package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

type userPage struct {
	Items []struct {
		ID    int64          `json:"id"`
		Roles []access.Grant `json:"roles"`
	} `json:"items"`
}

func TestAdminsListUsersAndRevokeADepartedStaffMemberAtOnce(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	other := s.Station(t, "青秀区联络站", "450103")
	dep := s.Deputy(t, "覃海燕", "13800138001", st)
	admin := adminToken(t, s)
	leaver := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	second := signInAgain(t, s, leaver) // the same person on a second phone
	userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{other}})
	deputy, deputyUser := deputyUser(t, s, dep)
	s.SignIn(t) // a citizen: no role, not listed

	var all userPage
	w := s.Do(t, "GET", "/api/v1/admin/users", admin, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &all)
	assert.Len(t, all.Items, 4, "the admin, two staff and the deputy")

	var atStation userPage
	decode(t, s.Do(t, "GET", "/api/v1/admin/users?station_id="+itoa(st), admin, nil), &atStation)
	require.Len(t, atStation.Items, 1)
	leaverID := atStation.Items[0].ID
	assert.Equal(t, []int64{st}, atStation.Items[0].Roles[0].StationIDs)
	var deputies userPage
	decode(t, s.Do(t, "GET", "/api/v1/admin/users?role=deputy", admin, nil), &deputies)
	require.Len(t, deputies.Items, 1)
	assert.Equal(t, deputyUser, deputies.Items[0].ID)
	assert.Equal(t, http.StatusBadRequest, s.Do(t, "GET", "/api/v1/admin/users?role=boss", admin, nil).Code)
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/users", leaver, nil).Code, "staff cannot list users")
	assert.Equal(t, http.StatusForbidden, s.Do(t, "POST", "/api/v1/admin/users/"+itoa(deputyUser)+"/revoke", leaver, nil).Code)

	w = s.Do(t, "POST", "/api/v1/admin/users/"+itoa(leaverID)+"/revoke", admin, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.JSONEq(t, `{"user_id":`+itoa(leaverID)+`,"roles":1,"sessions":2,"invites":0}`, w.Body.String())
	for _, tok := range []string{leaver, second} {
		assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/admin/messages", tok, nil).Code, "every session ends at once")
	}
	decode(t, s.Do(t, "GET", "/api/v1/admin/users?station_id="+itoa(st), admin, nil), &atStation)
	assert.Empty(t, atStation.Items)

	// A deputy who leaves loses the binding too.
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/admin/users/"+itoa(deputyUser)+"/revoke", admin, nil).Code)
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/me", deputy, nil).Code)
	assert.Equal(t, 0, countRows(t, s, "SELECT COUNT(*) FROM users WHERE deputy_id IS NOT NULL"))

	w = s.Do(t, "POST", "/api/v1/admin/users/999999/revoke", admin, nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	var adminID int64
	require.NoError(t, s.DB.GetContext(t.Context(), &adminID, "SELECT user_id FROM user_roles WHERE role = 'admin'"))
	w = s.Do(t, "POST", "/api/v1/admin/users/"+itoa(adminID)+"/revoke", admin, nil)
	assert.Equal(t, http.StatusConflict, w.Code, "no admin locks themselves out")
	assert.Equal(t, "revoke_self", errorCode(t, w))
}

// signInAgain signs the user of token in once more (a second phone) and
// returns the new session's token.
func signInAgain(t *testing.T, s *wired.Service, token string) string {
	t.Helper()
	w := s.Do(t, "GET", "/api/v1/me", token, nil)
	require.Equal(t, http.StatusOK, w.Code)
	var openid string
	require.NoError(t, s.DB.GetContext(t.Context(), &openid, "SELECT openid FROM users WHERE id = ?", jsonField(t, w, "id")))
	code := "again-" + openid
	s.WeChat.AddLogin(code, openid, "")
	w = s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": code})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	return jsonString(t, w, "token")
}

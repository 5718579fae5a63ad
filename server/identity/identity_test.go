package identity_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestSignInAuthenticatesUntilSignOut(t *testing.T) {
	s := wired.New(t)
	s.WeChat.AddLogin("code-1", "openid-1", "")
	in, err := s.Identity.SignInWeChat(t.Context(), "code-1")
	require.NoError(t, err)
	p, err := s.Identity.Authenticate(t.Context(), in.Token)
	require.NoError(t, err)
	assert.Equal(t, in.User.ID, p.UserID)

	s.WeChat.AddLogin("code-2", "openid-1", "")
	again, err := s.Identity.SignInWeChat(t.Context(), "code-2")
	require.NoError(t, err)
	assert.Equal(t, in.User.ID, again.User.ID, "one user per openid")

	require.NoError(t, s.Identity.SignOut(t.Context(), in.Token))
	_, err = s.Identity.Authenticate(t.Context(), in.Token)
	require.Error(t, err)
	_, err = s.Identity.Authenticate(t.Context(), again.Token)
	require.NoError(t, err, "signing out ends that session only")
}

func TestStaffCoveringAStation(t *testing.T) {
	s := wired.New(t)
	qingxiu := s.Station(t, "青秀站", testkit.AreaQingxiu)
	liuzhou := s.Station(t, "柳州站", testkit.AreaChengzh)
	_, nanning := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})
	_, byStation := s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{liuzhou}})
	_, both := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning},
		access.Grant{Role: access.RoleStaff, StationIDs: []int64{qingxiu}})
	s.User(t, access.Grant{Role: access.RoleAdmin}) // not staff
	s.User(t)                                       // no role

	ids := func(staff []identity.Staff) []int64 {
		var out []int64
		for _, u := range staff {
			require.NotEmpty(t, u.OpenID)
			out = append(out, u.UserID)
		}
		return out
	}
	for _, c := range []struct {
		name    string
		station int64
		area    string
		want    []int64
	}{
		{"an area role covers the stations under it, a station role its station", qingxiu, testkit.AreaQingxiu, []int64{nanning, both}},
		{"a station role covers its station outside the area", liuzhou, testkit.AreaChengzh, []int64{byStation}},
		{"roles of one user add up", 9999, testkit.AreaXingning, []int64{nanning, both}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Identity.StaffCovering(t.Context(), c.station, c.area)
			require.NoError(t, err)
			assert.Equal(t, c.want, ids(got))
		})
	}
}

func TestUsersOfOpenIDsAndDeputies(t *testing.T) {
	s := wired.New(t)
	station := s.Station(t, "青秀站", testkit.AreaQingxiu)
	deputy := s.Deputy(t, "李代表", "13800000001", station)
	unbound := s.Deputy(t, "王代表", "13800000002", station)
	_, userID := s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: deputy})

	openid, err := s.Identity.OpenID(t.Context(), s.DB, userID)
	require.NoError(t, err)
	assert.NotEmpty(t, openid)
	none, err := s.Identity.OpenID(t.Context(), s.DB, 0)
	require.NoError(t, err)
	assert.Empty(t, none)

	id, ok, err := s.Identity.UserByOpenID(t.Context(), openid)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, userID, id)
	_, ok, err = s.Identity.UserByOpenID(t.Context(), "nobody")
	require.NoError(t, err)
	assert.False(t, ok)

	users, err := s.Identity.DeputyUsers(t.Context(), s.DB, []int64{deputy, unbound})
	require.NoError(t, err)
	assert.Equal(t, map[int64]identity.DeputyUser{deputy: {DeputyID: deputy, UserID: userID, OpenID: openid}}, users)
}

func TestMeShowsRolesAndTheDeputy(t *testing.T) {
	s := wired.New(t)
	station := s.Station(t, "青秀站", testkit.AreaQingxiu)
	deputy := s.Deputy(t, "李代表", "13800000001", station)
	_, userID := s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: deputy})
	me, err := s.Identity.Me(t.Context(), userID)
	require.NoError(t, err)
	require.NotNil(t, me.Deputy)
	assert.Equal(t, "李代表", me.Deputy.Name)
	assert.Equal(t, "138****0001", me.Deputy.Phone)
	require.Len(t, me.Roles, 1)
	assert.Equal(t, access.RoleDeputy, me.Roles[0].Role)
}

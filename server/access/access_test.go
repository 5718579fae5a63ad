package access

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAreaPrefix(t *testing.T) {
	cases := map[string]string{
		"450000":    "45",
		"450100":    "4501",
		"450102":    "450102",
		"450102001": "450102001",
	}
	for code, want := range cases {
		assert.Equal(t, want, AreaPrefix(code), code)
	}
}

func TestScopeOfRoles(t *testing.T) {
	admin := &Principal{Grants: []Grant{{Role: RoleStaff, StationIDs: []int64{1}}, {Role: RoleAdmin}}}
	assert.True(t, admin.Scope().All)

	nanning := &Principal{Grants: []Grant{{Role: RoleStaff, AreaCode: "450100"}, {Role: RoleStaff, StationIDs: []int64{9}}}}
	s := nanning.Scope()
	assert.True(t, s.CoversStation(1, "450102001"), "a township of Nanning is under Nanning")
	assert.False(t, s.CoversStation(2, "450205"), "Liuzhou is not under Nanning")
	assert.True(t, s.CoversStation(9, "450205"), "a station granted by id is covered wherever it is")
	assert.True(t, s.CoversArea("450102"))
	assert.False(t, s.CoversArea("450000"), "staff of a city do not cover the region")

	deputy := &Principal{Grants: []Grant{{Role: RoleDeputy, DeputyID: 3}}}
	assert.True(t, deputy.Scope().Empty())
	assert.Error(t, deputy.RequireStaff())
	assert.NoError(t, nanning.RequireStaff())
	assert.Error(t, nanning.RequireAdmin())
	var anonymous *Principal
	assert.Error(t, anonymous.RequireStaff())
}

func TestStationSQL(t *testing.T) {
	sql, args := Scope{StationIDs: []int64{4, 5}, AreaPrefixes: []string{"4501"}}.StationSQL("s.id", "s.area_code")
	assert.Equal(t, "(s.id IN (?,?) OR s.area_code LIKE ?)", sql)
	assert.Equal(t, []any{int64(4), int64(5), "4501%"}, args)
	sql, _ = Scope{}.StationSQL("s.id", "s.area_code")
	assert.Equal(t, "1=0", sql, "an empty scope keeps nothing")
	sql, _ = Scope{All: true}.StationSQL("s.id", "s.area_code")
	assert.Equal(t, "1=1", sql)
}

package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestAStationIsMarkedALegislativeContactPointAndItsCardSaysSo(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})

	r := s.Do(t, "GET", "/api/v1/stations/"+itoa(st), "", nil)
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.Equal(t, "false", jsonField(t, r, "legislative_contact_point"))

	r = s.Do(t, "PATCH", "/api/v1/admin/stations/"+itoa(st), staff, map[string]any{"legislative_contact_point": true})
	require.Equal(t, http.StatusOK, r.Code, r.Body.String())
	assert.Equal(t, "true", jsonField(t, r, "legislative_contact_point"))
	assert.Equal(t, `"民生街道联络站"`, jsonField(t, r, "name"), "other fields are kept")

	r = s.Do(t, "GET", "/api/v1/stations/"+itoa(st), "", nil)
	assert.Equal(t, "true", jsonField(t, r, "legislative_contact_point"))

	// Another county's staff cannot mark it.
	other := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaChengzh})
	r = s.Do(t, "PATCH", "/api/v1/admin/stations/"+itoa(st), other, map[string]any{"legislative_contact_point": false})
	assert.Equal(t, http.StatusNotFound, r.Code)
	r = s.Do(t, "GET", "/api/v1/stations/"+itoa(st), "", nil)
	assert.Equal(t, "true", jsonField(t, r, "legislative_contact_point"))
}

package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// The employer's page, the printed letter and the SMS name the office of the
// activity's area and give its telephone, not one sign for the whole
// deployment (issue #19 item 5).
func TestTheEmployerNoticeNamesTheOfficeOfTheActivitysAreaWithItsPhone(t *testing.T) {
	s := wired.New(t, noQuietHours)
	s.Activities.Rules.Offices = map[string]activities.Office{
		"450000": {Name: "自治区人大常委会代表工作委员会", Phone: "0771-0000000"},
		"450102": {Name: "南宁市兴宁区人大常委会", Phone: "0771-5550102"},
	}
	st := s.Station(t, "民生街道联络站", "450102001")
	d := s.Deputy(t, "李明", "13800000041", st)
	setEmployer(t, s, d, "南宁市某中学", "13900000041")
	byLandline := s.Deputy(t, "覃海燕", "13800000042", st)
	setEmployer(t, s, byLandline, "自治区人民医院", "0771-5551234")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	w := s.Do(t, "POST", "/api/v1/admin/activities", staff, draftBody(st, time.Now().Add(24*time.Hour), map[string]any{"deputy_ids": []int64{d, byLandline}}))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id := jsonField(t, w, "id")
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/admin/activities/"+id+"/publish", staff, nil).Code)
	s.SendPending(t, "activity:"+id)

	sent := s.SMS.Received("13900000041")
	require.Len(t, sent, 1)
	params := sent[0].Params
	assert.Equal(t, "南宁市兴宁区人大常委会", params[len(params)-1], "the SMS names the county's office")
	code := params[len(params)-2]

	w = getFrom(t, s, "203.0.113.9", "/n?code="+code)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `id="office">南宁市兴宁区人大常委会<`)
	assert.Contains(t, w.Body.String(), "联系电话：0771-5550102")
	assert.NotContains(t, w.Body.String(), ">人大常委会代表联络站<", "not the deployment's sign")

	aid, err := strconv.ParseInt(id, 10, 64)
	require.NoError(t, err)
	p := &access.Principal{Grants: []access.Grant{{Role: access.RoleStaff, StationIDs: []int64{st}}}}
	letters, err := s.Activities.EmployerLetters(t.Context(), p, aid)
	require.NoError(t, err)
	require.Len(t, letters, 1, "the landline's employer gets a letter")
	assert.Equal(t, "南宁市兴宁区人大常委会", letters[0].IssuingOffice)
	assert.Equal(t, "联系电话：0771-5550102", letters[0].ContactLine())
}

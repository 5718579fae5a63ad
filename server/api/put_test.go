package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// wx.request cannot send PATCH: PUT is the same partial update.
func TestPUTChangesWhatPATCHChanges(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", "450102001")
	s.Deputy(t, "覃海燕", "13800138001", st)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	w := s.Do(t, "POST", "/api/v1/admin/activities", staff, draftBody(st, time.Now().Add(48*time.Hour).Truncate(time.Minute), map[string]any{"station_id": st}))
	require.Equal(t, http.StatusCreated, w.Code)
	id := jsonField(t, w, "id")
	w = s.Do(t, "PUT", "/api/v1/admin/activities/"+id, staff, map[string]any{"venue": "民生街道办事处三楼会议室"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "民生街道办事处三楼会议室", jsonString(t, w, "venue"))
	assert.Equal(t, "代表接待日", jsonString(t, w, "title"), "what is not given stays")

	w = s.Do(t, "PUT", "/api/v1/admin/stations/"+itoa(st), staff, map[string]any{"open_hours": "周一至周五 9:00-17:00"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "民生街道联络站", jsonString(t, w, "name"))
}

package console_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestAdminsSeeWhoHoldsWhichRoleInWordsAndRevokeFromTheConsole(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	d := s.Deputy(t, "韦建国", "13800700001", st)
	b, _, adminID := s.ConsoleUser(t, admin)
	staffBrowser, _, staffID := s.ConsoleUser(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	_, stationStaffID := s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	_, deputyUserID := s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: d})

	page := b.Get(t, "/console/users").Body.String()
	assert.Contains(t, page, "工作人员（兴宁区）")
	assert.Contains(t, page, "工作人员（民生街道联络站）")
	assert.Contains(t, page, "代表（韦建国）")
	assert.Contains(t, page, "管理员（全区）")
	assert.Contains(t, page, "（您本人）", "no revoke button for oneself")
	assert.NotContains(t, page, `/console/users/`+strconv.FormatInt(adminID, 10)+`/revoke`)
	for _, id := range []int64{staffID, stationStaffID, deputyUserID} {
		assert.Contains(t, page, `/console/users/`+strconv.FormatInt(id, 10)+`/revoke`)
	}

	staffPage := b.Get(t, "/console/users?role=staff").Body.String()
	assert.Contains(t, staffPage, "工作人员（兴宁区）")
	assert.NotContains(t, staffPage, "代表（韦建国）")

	// Staff have no users page, and cannot revoke: the same page as a wrong address.
	assert.Equal(t, http.StatusNotFound, staffBrowser.Get(t, "/console/users").Code)
	assert.Equal(t, http.StatusNotFound, staffBrowser.Post(t, "/console/users/"+strconv.FormatInt(deputyUserID, 10)+"/revoke", nil).Code)
	assert.NotContains(t, staffBrowser.Get(t, "/console/").Body.String(), "操作日志", "the admins' menu is not shown to staff")

	w := b.Post(t, "/console/users/"+strconv.FormatInt(staffID, 10)+"/revoke", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	page = b.Get(t, "/console/users").Body.String()
	assert.Contains(t, page, "已撤销用户 "+strconv.FormatInt(staffID, 10))
	assert.NotContains(t, page, "工作人员（兴宁区）")
	assert.Equal(t, http.StatusSeeOther, staffBrowser.Get(t, "/console/").Code, "the revoked staff member's console session ended")
}

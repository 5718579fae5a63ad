package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// An anonymous caller of a staff list is told to sign in (401) whatever its
// query says: the query is read only for a caller who may see the list. An
// admin with the same bad query is told which parameter is wrong, in the
// one wording of its kind.
func TestAdminListsAskForSignInBeforeReadingTheQuery(t *testing.T) {
	s := wired.New(t)
	admin, _ := s.User(t, access.Grant{Role: access.RoleAdmin})
	const positive, yesNo, date, perPage = "应为正整数", "应为是或否", "日期格式应为 2024-01-31", "每页数量应为 1 到 100"
	for _, tc := range []struct {
		path, field, message string
	}{
		{"/api/v1/admin/activities?station_id=x", "station_id", positive},
		{"/api/v1/admin/activities?from=yesterday", "from", date},
		{"/api/v1/admin/users?station_id=0", "station_id", positive},
		{"/api/v1/admin/audit?actor=x", "actor", positive},
		{"/api/v1/admin/audit/export?to=tomorrow", "to", date},
		{"/api/v1/admin/stations?limit=0", "limit", perPage},
		{"/api/v1/admin/deputies?station_id=x", "station_id", positive},
		{"/api/v1/admin/groups?limit=101", "limit", perPage},
		{"/api/v1/admin/units?limit=x", "limit", perPage},
		{"/api/v1/admin/invites?limit=0", "limit", perPage},
		{"/api/v1/admin/messages?overdue=maybe", "overdue", yesNo},
		{"/api/v1/admin/messages?station_id=-3", "station_id", positive},
		{"/api/v1/admin/messages/export?unit_id=x", "unit_id", positive},
		{"/api/v1/admin/stats/messages?station_id=x", "station_id", positive},
		{"/api/v1/admin/notifications?limit=0", "limit", perPage},
		{"/api/v1/admin/records?station_id=x", "station_id", positive},
		{"/api/v1/admin/compliance?limit=0", "limit", perPage},
	} {
		t.Run(tc.path, func(t *testing.T) {
			w := s.Do(t, http.MethodGet, tc.path, "", nil)
			assert.Equal(t, http.StatusUnauthorized, w.Code, "anonymous: %s", w.Body)
			assert.Equal(t, "unauthorized", listErrorOf(t, w.Body.Bytes()).Code)

			w = s.Do(t, http.MethodGet, tc.path, admin, nil)
			require.Equal(t, http.StatusBadRequest, w.Code, "admin: %s", w.Body)
			assert.Equal(t, map[string]string{tc.field: tc.message}, listErrorOf(t, w.Body.Bytes()).Fields)
		})
	}
}

type listError struct {
	Code   string            `json:"code"`
	Fields map[string]string `json:"fields"`
}

func listErrorOf(t *testing.T, body []byte) listError {
	t.Helper()
	var b struct {
		Error listError `json:"error"`
	}
	require.NoError(t, json.Unmarshal(body, &b), "%s", body)
	return b.Error
}

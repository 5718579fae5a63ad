package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// httptest's requests come from this address (no proxy is trusted, so an
// X-Forwarded-For header changes nothing).
const testClientIP = "192.0.2.1"

type auditRow struct {
	ID       int64   `db:"id"`
	Actor    *int64  `db:"actor_user_id"`
	ClientIP string  `db:"client_ip"`
	Action   string  `db:"action"`
	Subject  string  `db:"subject"`
	Summary  string  `db:"summary"`
	Name     *string `db:"actor_name"`
}

func auditRows(t *testing.T, s *wired.Service, where string, args ...any) []auditRow {
	t.Helper()
	var rows []auditRow
	require.NoError(t, s.DB.SelectContext(context.Background(), &rows,
		`SELECT id, actor_user_id, client_ip, action, subject, summary, actor_name FROM audit_log WHERE `+where+` ORDER BY at, id`, args...))
	return rows
}

// doForwarded is s.Do with an X-Forwarded-For header.
func doForwarded(t *testing.T, s *wired.Service, method, path, token string, body any, forwardedFor string) *httptest.ResponseRecorder {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Forwarded-For", forwardedFor)
	return s.Serve(t, req)
}

type auditPage struct {
	Items []struct {
		ID    int64  `json:"id"`
		At    string `json:"at"`
		Actor *struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"actor"`
		Action   string `json:"action"`
		Label    string `json:"label"`
		Subject  string `json:"subject"`
		ClientIP string `json:"client_ip"`
		Summary  string `json:"summary"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func TestAStaffChangeWritesOneAuditRowInItsTransactionAndARefusedOneNone(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	staff, staffID := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})
	before := len(auditRows(t, s, "1=1"))

	body := validDeputy(st)
	body["phone"] = "13807710001"
	req := s.Do(t, "POST", "/api/v1/admin/deputies", staff, body)
	require.Equal(t, http.StatusCreated, req.Code, req.Body.String())
	deputyID := jsonField(t, req, "id")

	rows := auditRows(t, s, "1=1")
	require.Len(t, rows, before+1, "one change, one row")
	r := rows[len(rows)-1]
	require.NotNil(t, r.Actor)
	assert.Equal(t, staffID, *r.Actor)
	assert.Equal(t, testClientIP, r.ClientIP)
	assert.Equal(t, "deputy.create", r.Action)
	assert.Equal(t, "deputy:"+deputyID, r.Subject)
	assert.Contains(t, r.Summary, "韦小红")
	assert.Contains(t, r.Summary, "138****0001", "the phone is masked")
	assert.NotContains(t, r.Summary, "13807710001")

	// Refused changes write nothing: a validation error, a station out of scope.
	bad := validDeputy(st)
	bad["name"] = ""
	require.Equal(t, http.StatusBadRequest, s.Do(t, "POST", "/api/v1/admin/deputies", staff, bad).Code)
	require.Equal(t, http.StatusBadRequest, s.Do(t, "PATCH", "/api/v1/admin/stations/"+itoa(st), staff, map[string]any{"checkin_radius_m": 1}).Code)
	other := s.Station(t, "柳州联络站", testkit.AreaChengzh)
	require.Equal(t, http.StatusNotFound, s.Do(t, "PATCH", "/api/v1/admin/stations/"+itoa(other), staff, map[string]any{"name": "改名"}).Code)
	assert.Len(t, auditRows(t, s, "1=1"), before+1, "a refused change writes no row")

	// A change says what changed; an address from X-Forwarded-For is not believed without a trusted proxy.
	w := doForwarded(t, s, "PATCH", "/api/v1/admin/stations/"+itoa(st), staff, map[string]any{"name": "兴宁区人大代表联络站", "address": "朝阳路 1 号"}, "203.0.113.7")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	rows = auditRows(t, s, "action = 'station.update'")
	require.Len(t, rows, 1)
	assert.Equal(t, testClientIP, rows[0].ClientIP)
	assert.Equal(t, "station:"+itoa(st), rows[0].Subject)
	assert.Contains(t, rows[0].Summary, "名称：兴宁区联络站 → 兴宁区人大代表联络站")
	assert.Contains(t, rows[0].Summary, "地址：空 → 朝阳路 1 号")
}

func TestTheClientAddressComesFromATrustedProxyOnly(t *testing.T) {
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.TrustedProxies = testClientIP }))
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	w := doForwarded(t, s, "PATCH", "/api/v1/admin/stations/"+itoa(st), staff, map[string]any{"open_hours": "工作日 9:00-17:00"}, "203.0.113.7")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	rows := auditRows(t, s, "action = 'station.update'")
	require.Len(t, rows, 1)
	assert.Equal(t, "203.0.113.7", rows[0].ClientIP, "the proxy's X-Forwarded-For is believed")
}

func TestOnlyAdminsReadTheAuditLogFilteredAndPaged(t *testing.T) {
	s := wired.New(t)
	st := s.Station(t, "兴宁区联络站", testkit.AreaXingning)
	admin, adminID := s.User(t, access.Grant{Role: access.RoleAdmin})
	staff, staffID := s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})

	for _, path := range []string{"/api/v1/admin/audit", "/api/v1/admin/audit/export"} {
		assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", path, staff, nil).Code, "staff may not read %s", path)
		assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", path, "", nil).Code)
	}

	for i := range 3 {
		w := s.Do(t, "PATCH", "/api/v1/admin/stations/"+itoa(st), staff, map[string]any{"open_hours": fmt.Sprintf("周%d", i+1)})
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	}
	w := s.Do(t, "POST", "/api/v1/admin/stations", admin, map[string]any{"name": "青秀区联络站", "kind": "community", "area_code": testkit.AreaQingxiu})
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	created := jsonField(t, w, "id")

	list := func(query string) auditPage {
		t.Helper()
		w := s.Do(t, "GET", "/api/v1/admin/audit"+query, admin, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		var p auditPage
		decode(t, w, &p)
		return p
	}
	all := list("")
	require.Len(t, all.Items, 4)
	newest := all.Items[0]
	assert.Equal(t, "station.create", newest.Action, "newest first")
	assert.Equal(t, "新建联络站", newest.Label)
	assert.Equal(t, "station:"+created, newest.Subject)
	require.NotNil(t, newest.Actor)
	assert.Equal(t, adminID, newest.Actor.ID)
	assert.Equal(t, fmt.Sprintf("用户 %d", adminID), newest.Actor.Name)
	assert.Equal(t, testClientIP, newest.ClientIP)
	assert.Regexp(t, shanghaiTime, newest.At)

	byStaff := list("?actor=" + itoa(staffID))
	assert.Len(t, byStaff.Items, 3)
	for _, it := range byStaff.Items {
		assert.Equal(t, staffID, it.Actor.ID)
	}
	assert.Len(t, list("?action=station.update").Items, 3)
	assert.Len(t, list("?action=station.").Items, 4, "a kind of action ends in a dot")
	assert.Len(t, list("?subject=station:"+itoa(st)).Items, 3)
	assert.Len(t, list("?subject=station:"+itoa(st)+"&action=station.create").Items, 0)
	today := time.Now().In(clock.Shanghai).Format("2006-01-02")
	assert.Len(t, list("?from="+today+"&to="+today).Items, 4)
	assert.Empty(t, list("?to=2020-01-01").Items)
	assert.Equal(t, http.StatusBadRequest, s.Do(t, "GET", "/api/v1/admin/audit?from=yesterday", admin, nil).Code)
	assert.Equal(t, http.StatusBadRequest, s.Do(t, "GET", "/api/v1/admin/audit?actor=x", admin, nil).Code)

	// Pages of two walk the same rows, newest first, each once.
	var seen []int64
	page := list("?limit=2")
	for {
		for _, it := range page.Items {
			seen = append(seen, it.ID)
		}
		if page.NextCursor == "" {
			break
		}
		page = list("?limit=2&cursor=" + url.QueryEscape(page.NextCursor))
	}
	var want []int64
	for _, it := range all.Items {
		want = append(want, it.ID)
	}
	assert.Equal(t, want, seen)

	// The export of a filter is a workbook of its rows, and is audited itself.
	w = s.Do(t, "GET", "/api/v1/admin/audit/export?action=station.update", admin, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	sheetRows, err := x.GetRows("操作日志")
	require.NoError(t, err)
	require.Len(t, sheetRows, 4, "the header and three rows")
	assert.Equal(t, "操作", sheetRows[0][5])
	assert.Equal(t, "修改联络站", sheetRows[1][5])
	assert.Equal(t, testClientIP, sheetRows[1][4])
	exports := auditRows(t, s, "action = 'audit.export'")
	require.Len(t, exports, 1)
	assert.Equal(t, adminID, *exports[0].Actor)
}

func TestAdminsListAndCancelInvitesAndRevokingCancelsTheRevokedUsersInvites(t *testing.T) {
	s := wired.New(t)
	admin, _ := s.User(t, access.Grant{Role: access.RoleAdmin})
	leaving, leavingID := s.User(t, access.Grant{Role: access.RoleAdmin})
	staff, _ := s.User(t, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaXingning})

	invite := func(token string, body map[string]any) string {
		t.Helper()
		w := s.Do(t, "POST", "/api/v1/admin/invites", token, body)
		require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		return jsonString(t, w, "invite_code")
	}
	// The leaving admin made an admin invite for later; the other admin a staff invite.
	oldCode := invite(leaving, map[string]any{"role": "admin"})
	keptCode := invite(admin, map[string]any{"role": "staff", "area_code": testkit.AreaXingning})

	var open struct {
		Items []struct {
			ID        int64  `json:"id"`
			Role      string `json:"role"`
			CreatedBy *int64 `json:"created_by"`
			Scope     struct {
				AreaCode string `json:"area_code"`
			} `json:"scope"`
			CreatedAt string `json:"created_at"`
			ExpiresAt string `json:"expires_at"`
		} `json:"items"`
	}
	w := s.Do(t, "GET", "/api/v1/admin/invites", admin, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	decode(t, w, &open)
	require.Len(t, open.Items, 2)
	assert.Equal(t, "staff", open.Items[0].Role, "newest first")
	assert.Equal(t, testkit.AreaXingning, open.Items[0].Scope.AreaCode)
	assert.Equal(t, "admin", open.Items[1].Role)
	assert.Equal(t, leavingID, *open.Items[1].CreatedBy)
	assert.Regexp(t, shanghaiTime, open.Items[1].ExpiresAt)
	assert.NotContains(t, w.Body.String(), oldCode, "codes are never shown again")
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/invites", staff, nil).Code)

	w = s.Do(t, "POST", "/api/v1/admin/users/"+itoa(leavingID)+"/revoke", admin, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "1", jsonField(t, w, "invites"), "the revoked admin's open invite is cancelled with the revocation")

	// The code made before the revocation no longer gives the role back.
	comeback, _, _ := s.SignIn(t)
	w = s.Do(t, "POST", "/api/v1/auth/redeem", comeback, map[string]string{"invite_code": oldCode})
	assert.Equal(t, http.StatusConflict, w.Code, w.Body.String())
	assert.Equal(t, "invite_cancelled", errorCode(t, w))
	assert.Equal(t, "[]", jsonField(t, s.Do(t, "GET", "/api/v1/me", comeback, nil), "roles"))

	decode(t, s.Do(t, "GET", "/api/v1/admin/invites", admin, nil), &open)
	require.Len(t, open.Items, 1)
	kept := open.Items[0].ID

	// An admin cancels an invite: its code then fails; cancelling again is harmless.
	assert.Equal(t, http.StatusForbidden, s.Do(t, "DELETE", "/api/v1/admin/invites/"+itoa(kept), staff, nil).Code)
	assert.Equal(t, http.StatusNotFound, s.Do(t, "DELETE", "/api/v1/admin/invites/999999", admin, nil).Code)
	assert.Equal(t, http.StatusNotFound, s.Do(t, "DELETE", "/api/v1/admin/invites/x", admin, nil).Code)
	require.Equal(t, http.StatusNoContent, s.Do(t, "DELETE", "/api/v1/admin/invites/"+itoa(kept), admin, nil).Code)
	require.Equal(t, http.StatusNoContent, s.Do(t, "DELETE", "/api/v1/admin/invites/"+itoa(kept), admin, nil).Code)
	newcomer, _, _ := s.SignIn(t)
	w = s.Do(t, "POST", "/api/v1/auth/redeem", newcomer, map[string]string{"invite_code": keptCode})
	assert.Equal(t, "invite_cancelled", errorCode(t, w))
	decode(t, s.Do(t, "GET", "/api/v1/admin/invites", admin, nil), &open)
	assert.Empty(t, open.Items)

	// A redeemed invite cannot be cancelled.
	code := invite(admin, map[string]any{"role": "staff", "area_code": testkit.AreaXingning})
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/auth/redeem", newcomer, map[string]string{"invite_code": code}).Code)
	var redeemedID int64
	require.NoError(t, s.DB.GetContext(context.Background(), &redeemedID, `SELECT id FROM invites WHERE redeemed_at IS NOT NULL`))
	assert.Equal(t, http.StatusConflict, s.Do(t, "DELETE", "/api/v1/admin/invites/"+itoa(redeemedID), admin, nil).Code)

	for action, n := range map[string]int{"invite.create": 3, "user.revoke": 1, "invite.cancel": 1, "invite.redeem": 1} {
		assert.Len(t, auditRows(t, s, "action = ?", action), n, action)
	}
	revoked := auditRows(t, s, "action = 'user.revoke'")[0]
	assert.Equal(t, "user:"+itoa(leavingID), revoked.Subject)
	assert.Contains(t, revoked.Summary, "作废邀请码 1 个")
}

func TestSignInsOfUsersWithARoleAndFailedSignInsAreAudited(t *testing.T) {
	s := wired.New(t)
	w := s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": "nobody-knows-this"})
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	failed := auditRows(t, s, "action = 'signin.failed'")
	require.Len(t, failed, 1)
	assert.Nil(t, failed[0].Actor, "no one is known")
	assert.Equal(t, testClientIP, failed[0].ClientIP)
	assert.Contains(t, failed[0].Summary, "登录凭证无效")

	_, citizenID, _ := s.SignIn(t)
	assert.Empty(t, auditRows(t, s, "action = 'signin.ok'"), "a citizen's sign-in is not audited")

	s.DB.Exec(t, "INSERT INTO user_roles (user_id, role, area_code, created_at) VALUES (?, 'staff', ?, NOW(3))", citizenID, testkit.AreaXingning)
	var openid string
	require.NoError(t, s.DB.GetContext(context.Background(), &openid, "SELECT openid FROM users WHERE id = ?", citizenID))
	s.WeChat.AddLogin("staff-again", openid, "")
	require.Equal(t, http.StatusOK, s.Do(t, "POST", "/api/v1/auth/wechat", "", map[string]string{"code": "staff-again"}).Code)
	ok := auditRows(t, s, "action = 'signin.ok'")
	require.Len(t, ok, 1)
	assert.Equal(t, citizenID, *ok[0].Actor)
	assert.Equal(t, testClientIP, ok[0].ClientIP)
	assert.Equal(t, "user:"+itoa(citizenID), ok[0].Subject)
	assert.Contains(t, ok[0].Summary, "工作人员")
}

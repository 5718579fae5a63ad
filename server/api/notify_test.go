package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// notices creates SMS notices about subject for a station, and sends them.
func notices(t *testing.T, s *wired.Service, station int64, subject string, phones ...string) []int64 {
	t.Helper()
	var due []notify.Due
	require.NoError(t, s.DB.Tx(t.Context(), func(tx *sqlx.Tx) error {
		var ns []notify.Notice
		for i, p := range phones {
			ns = append(ns, notify.Notice{Kind: "message_code", To: notify.Recipient{Type: notify.ToPhone, Phone: p}, Subject: subject,
				StationID: station, DedupeKey: fmt.Sprintf("%s:%d:%s", subject, i, p), Params: map[string]string{"code": "LX2403-7K3Q", "station_name": "联络站"}})
		}
		var err error
		due, err = s.Notify.Create(t.Context(), tx, ns...)
		return err
	}))
	ids := make([]int64, len(due))
	for i, d := range due {
		require.NoError(t, s.Notify.Send(t.Context(), d.ID))
		ids[i] = d.ID
	}
	return ids
}

func TestSubscriptionsRecordWhatTheUserGranted(t *testing.T) {
	s := wired.New(t)
	tok, _, _ := s.SignIn(t)
	w := s.Do(t, "POST", "/api/v1/me/subscriptions", tok, map[string]any{"accepted": []string{"tmpl-reply", "tmpl-notice"}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	w = s.Do(t, "POST", "/api/v1/me/subscriptions", tok, map[string]any{"accepted": []string{"tmpl-reply"}})
	require.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `{"message_reply":2,"activity_notice":1}`, jsonField(t, w, "grants"), "each one-time grant allows one more send")

	before := s.DB.Count(t, "SELECT COALESCE(SUM(remaining), 0) FROM subscription_grants")
	w = s.Do(t, "POST", "/api/v1/me/subscriptions", tok, map[string]any{"accepted": []string{"tmpl-reply", "someone-elses-template"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, errorFields(t, w), "accepted")
	assert.Equal(t, before, s.DB.Count(t, "SELECT COALESCE(SUM(remaining), 0) FROM subscription_grants"), "a refused request records nothing")
	assert.Equal(t, http.StatusBadRequest, s.Do(t, "POST", "/api/v1/me/subscriptions", tok, map[string]any{"accepted": []string{}}).Code)
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "POST", "/api/v1/me/subscriptions", "", map[string]any{"accepted": []string{"tmpl-reply"}}).Code)
}

func TestStaffSeeTheNoticesOfTheirStationsOnly(t *testing.T) {
	s := wired.New(t, noQuietHours)
	a := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	b := s.Station(t, "城中区联络站", testkit.AreaChengzh)
	notices(t, s, a, "message:1", "13800000001", "13800000002")
	notices(t, s, b, "message:2", "13800000003")
	staffA := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})

	w := s.Do(t, "GET", "/api/v1/admin/notifications?subject=message:1", staffA, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var list struct {
		Items []struct {
			ID        int64  `json:"id"`
			Kind      string `json:"kind"`
			Channel   string `json:"channel"`
			Status    string `json:"status"`
			SentAt    string `json:"sent_at"`
			Recipient struct {
				Type  string `json:"type"`
				Phone string `json:"phone"`
			} `json:"recipient"`
		} `json:"items"`
	}
	decode(t, w, &list)
	require.Len(t, list.Items, 2)
	assert.Equal(t, "sent", list.Items[0].Status)
	assert.Equal(t, "sms", list.Items[0].Channel)
	assert.Regexp(t, shanghaiTime, list.Items[0].SentAt)
	assert.Equal(t, "138****0002", list.Items[0].Recipient.Phone, "phones are masked, newest first")
	assert.NotContains(t, w.Body.String(), "13800000001")

	w = s.Do(t, "GET", "/api/v1/admin/notifications?subject=message:2", staffA, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `[]`, jsonField(t, w, "items"), "another station's notices are not listed")
	w = s.Do(t, "GET", "/api/v1/admin/notifications", adminToken(t, s), nil)
	assert.Len(t, strings.Split(jsonField(t, w, "items"), `"kind"`), 4, "an admin sees all three")

	assert.Equal(t, http.StatusBadRequest, s.Do(t, "GET", "/api/v1/admin/notifications?subject=drop+table", staffA, nil).Code)
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/api/v1/admin/notifications", userToken(t, s, access.Grant{Role: access.RoleDeputy, DeputyID: s.Deputy(t, "黄医生", "13900000009", a)}), nil).Code)
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/api/v1/admin/notifications", "", nil).Code)
}

func TestAFailedNoticeCanBeResentByItsStationsStaff(t *testing.T) {
	s := wired.New(t, noQuietHours)
	a := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	b := s.Station(t, "城中区联络站", testkit.AreaChengzh)
	s.SMS.FailNext(1, "InvalidParameterValue.IncorrectPhoneNumber")
	failed := notices(t, s, a, "message:1", "13800000001")[0]
	sent := notices(t, s, a, "message:1", "13800000002")[0]
	staffA := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{a}})
	staffB := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{b}})
	require.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE id = ? AND status = 'failed'", failed))

	w := s.Do(t, "POST", fmt.Sprintf("/api/v1/admin/notifications/%d/resend", failed), staffB, nil)
	assert.Equal(t, http.StatusNotFound, w.Code, "another station's staff")
	w = s.Do(t, "POST", fmt.Sprintf("/api/v1/admin/notifications/%d/resend", sent), staffA, nil)
	assert.Equal(t, http.StatusConflict, w.Code, "a sent notice is not resent")
	assert.Equal(t, "notification_not_resendable", errorCode(t, w))
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE id = ? AND status = 'failed'", failed), "the refusals changed nothing")

	w = s.Do(t, "POST", fmt.Sprintf("/api/v1/admin/notifications/%d/resend", failed), staffA, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "pending", jsonString(t, w, "status"))
	require.NoError(t, s.Notify.Send(t.Context(), failed))
	assert.Equal(t, 1, s.SMS.Count("13800000001"))
}

func TestSMSReceiptsAreTakenOnTheSecretPathOnly(t *testing.T) {
	s := wired.New(t, noQuietHours)
	a := s.Station(t, "民生街道联络站", testkit.AreaMinsheng)
	id := notices(t, s, a, "message:1", "13800000001")[0]
	serial := s.SMS.Received("13800000001")[0].SerialNo
	post := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", path, strings.NewReader(string(s.SMS.Receipt(serial))))
		req.Header.Set("Content-Type", "application/json")
		return s.Serve(t, req)
	}
	assert.Equal(t, http.StatusNotFound, post("/webhooks/sms/tencent/wrong-secret-0123456789").Code)
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE id = ? AND status = 'sent'", id))
	w := post("/webhooks/sms/tencent/" + s.Config.SMS.ReceiptSecret)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.JSONEq(t, `{"result":0,"errmsg":"OK"}`, w.Body.String())
	assert.Equal(t, 1, s.DB.Count(t, "SELECT COUNT(*) FROM notifications WHERE id = ? AND status = 'delivered' AND delivered_at IS NOT NULL", id))
}

func TestTheQueueDashboardIsForAdminsOnly(t *testing.T) {
	s := wired.New(t)
	assert.Equal(t, http.StatusUnauthorized, s.Do(t, "GET", "/admin/queues", "", nil).Code)
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})
	assert.Equal(t, http.StatusForbidden, s.Do(t, "GET", "/admin/queues", staff, nil).Code)
	admin := adminToken(t, s)
	w := s.Do(t, "GET", "/admin/queues?token="+admin, "", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, "the token moves into a cookie")
	assert.Equal(t, "/admin/queues", w.Header().Get("Location"))
	cookie := w.Result().Cookies()[0]
	assert.True(t, cookie.HttpOnly)
	assert.Equal(t, "/admin/queues", cookie.Path)
	assert.NotEqual(t, admin, cookie.Value, "the cookie holds a dashboard session, not the admin's token")
	assert.NotContains(t, cookie.Value, admin)
	assert.Equal(t, 3600, cookie.MaxAge, "within the hour")
	assert.False(t, cookie.Secure, "plain http in this test")
	req := httptest.NewRequest("GET", "/admin/queues/api/queues", nil)
	req.AddCookie(cookie)
	w = s.Serve(t, req)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"queues"`, "asynqmon's list of queues")
	assert.Equal(t, "frame-ancestors 'none'", w.Header().Get("Content-Security-Policy"))

	// Behind https (the public base URL) the cookie is Secure.
	behindNginx := wired.New(t, wired.Database(s.DB), wired.Configure(func(c *config.Config) { c.PublicBaseURL = "https://liaison.example.gov.cn" }))
	w = behindNginx.Do(t, "GET", "/admin/queues?token="+admin, "", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.True(t, w.Result().Cookies()[0].Secure)

	// Revoking the admin ends the dashboard session as well.
	var adminID int64
	require.NoError(t, s.DB.GetContext(t.Context(), &adminID, "SELECT user_id FROM user_roles WHERE role = 'admin'"))
	s.DB.Exec(t, "UPDATE sessions SET revoked_at = NOW(3) WHERE user_id = ?", adminID)
	req = httptest.NewRequest("GET", "/admin/queues/api/queues", nil)
	req.AddCookie(cookie)
	w = s.Serve(t, req)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
}

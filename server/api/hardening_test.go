package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// receiptFrom posts a delivery receipt from the TCP peer remote, claiming
// forwardedFor in X-Forwarded-For.
func receiptFrom(t *testing.T, s *wired.Service, secret, remote, forwardedFor string) int {
	req := httptest.NewRequest("POST", "/webhooks/sms/tencent/"+secret, strings.NewReader(`[]`))
	req.RemoteAddr = remote + ":40000"
	req.Header.Set("Content-Type", "application/json")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	w := s.Serve(t, req)
	return w.Code
}

func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	tencent := func(c *config.Config) { c.SMS.ReceiptAllowIPs = "203.0.113.7" } // Tencent's address, say
	untrusting := wired.New(t, wired.Configure(tencent))
	secret := untrusting.Config.SMS.ReceiptSecret
	assert.Equal(t, http.StatusNotFound, receiptFrom(t, untrusting, secret, "198.51.100.9", "203.0.113.7"),
		"anyone can write X-Forwarded-For: without trusted proxies the TCP peer is the client")
	assert.Equal(t, http.StatusOK, receiptFrom(t, untrusting, secret, "203.0.113.7", ""))

	behindNginx := wired.New(t, wired.Database(untrusting.DB), wired.Configure(tencent),
		wired.Configure(func(c *config.Config) { c.TrustedProxies = "10.0.0.0/8, 127.0.0.1" }))
	assert.Equal(t, http.StatusOK, receiptFrom(t, behindNginx, secret, "127.0.0.1", "203.0.113.7"), "nginx forwards Tencent's address")
	assert.Equal(t, http.StatusNotFound, receiptFrom(t, behindNginx, secret, "127.0.0.1", "198.51.100.9"))
	assert.Equal(t, http.StatusNotFound, receiptFrom(t, behindNginx, secret, "198.51.100.9", "203.0.113.7"),
		"a peer that is not a trusted proxy is not believed")
}

func TestPerIPMessageLimitCannotBeDodgedWithForwardedFor(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	st := s.Station(t, "民生街道联络站", "450102001")
	limited := 0
	for i := range 70 { // the per-IP limit is 60 an hour
		tok, _, _ := s.SignIn(t)
		body := `{"category":"transport","content":"小区门口的红绿灯经常坏，希望尽快修好。"}`
		req := httptest.NewRequest("POST", "/api/v1/stations/"+itoa(st)+"/messages", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("X-Forwarded-For", "10.1.2."+itoa(int64(i%250)))
		w := s.Serve(t, req)
		if w.Code == http.StatusTooManyRequests {
			limited++
		} else {
			require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
		}
	}
	assert.Equal(t, 10, limited, "one address (the TCP peer) past 60 an hour, whatever the header says")
}

func TestLargeJSONBodiesAre413BeforeBeingRead(t *testing.T) {
	s := wired.New(t)
	big := `{"code":"` + strings.Repeat("a", 2<<20) + `"}`
	for _, chunked := range []bool{false, true} {
		req := httptest.NewRequest("POST", "/api/v1/auth/wechat", strings.NewReader(big))
		req.Header.Set("Content-Type", "application/json")
		if chunked {
			req.ContentLength = -1 // length unknown: stopped while reading
		}
		rec := s.Serve(t, req)
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code, "chunked=%v", chunked)
		assert.Equal(t, "body_too_large", errorCode(t, rec))
		assert.Contains(t, rec.Body.String(), "1 MB")
	}
	assert.Equal(t, 0, countRows(t, s, "SELECT COUNT(*) FROM users"), "nothing was done")
}

func TestEveryAnswerForbidsSniffingAndFraming(t *testing.T) {
	s := wired.New(t)
	for _, path := range []string{"/healthz", "/api/v1/meta", "/api/v1/nope", "/n/unknown-token"} {
		w := s.Do(t, "GET", path, "", nil)
		assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"), path)
		assert.Equal(t, "DENY", w.Header().Get("X-Frame-Options"), path)
	}
	w := s.Do(t, "GET", "/n/unknown-token", "", nil)
	assert.Contains(t, w.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'")
	assert.Contains(t, w.Header().Get("Content-Security-Policy"), "default-src 'none'")
}

func TestSecretsInPathsStayOutOfTheAccessLog(t *testing.T) {
	s := wired.New(t)
	s.Do(t, "GET", "/n/SECRET-EMPLOYER-TOKEN-123", "", nil)
	s.Do(t, "POST", "/webhooks/sms/tencent/"+s.Config.SMS.ReceiptSecret, "", []any{})
	logs := s.Logs.String()
	assert.Contains(t, logs, `"route":"/n/:token"`)
	assert.NotContains(t, logs, "SECRET-EMPLOYER-TOKEN-123")
	assert.NotContains(t, logs, s.Config.SMS.ReceiptSecret)
}

func TestControlCharactersAndDirectionOverridesAreNotStored(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	st := s.Station(t, "民生街道联络站", "450102001")
	citizen, _, _ := s.SignIn(t)
	id := submitMessage(t, s, citizen, st, map[string]any{"category": "transport",
		"content": "红绿灯\x00坏了\r\n请\u202e尽快\u2066修好\x1b[0m。", "name": "李\u202e四"})
	var content, name string
	require.NoError(t, s.DB.QueryRowContext(t.Context(), "SELECT content, name FROM messages WHERE id = ?", id).Scan(&content, &name))
	assert.Equal(t, "红绿灯坏了\n请尽快修好[0m。", content, "the line stays, the rest goes")
	assert.Equal(t, "李四", name)
}

func TestOperatorsAreWarnedFromDecemberOfAMissingHolidayCalendar(t *testing.T) {
	s := wired.New(t, wired.Clock(clock.NewFixed(messagesStart)))
	assert.Equal(t, "[]", jsonField(t, s.Do(t, "GET", "/readyz", "", nil), "warnings"), "March 2024: the shipped calendars cover it")

	december := wired.New(t, wired.Database(s.DB), wired.Clock(clock.NewFixed(time.Date(2030, 12, 1, 9, 0, 0, 0, clock.Shanghai))))
	for _, path := range []string{"/readyz", "/api/v1/meta"} {
		w := december.Do(t, "GET", path, "", nil)
		require.Equal(t, http.StatusOK, w.Code, "a warning does not make the service unready")
		var body struct {
			Warnings []string `json:"warnings"`
		}
		decode(t, w, &body)
		require.Len(t, body.Warnings, 2, path)
		assert.Contains(t, body.Warnings[0], "2030 年的节假日安排")
		assert.Contains(t, body.Warnings[1], "configs/holidays/2031.yaml")
	}
}

func TestEmployerLinksAreSealedAtRest(t *testing.T) {
	s := wired.New(t, noQuietHours)
	st := s.Station(t, "民生街道联络站", "450102001")
	d := s.Deputy(t, "覃海燕", "13800138001", st)
	setEmployer(t, s, d, "自治区人民医院", "13800138101")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	id := publishActivity(t, s, staff, st, "visit", time.Now().Add(48*time.Hour).Truncate(time.Minute), map[string]any{"station_id": st})

	var stored []string
	require.NoError(t, s.DB.SelectContext(t.Context(), &stored, "SELECT params FROM notifications WHERE subject = ?", "activity:"+id))
	require.NotEmpty(t, stored)
	for _, p := range stored {
		assert.NotContains(t, p, "/n/", "no link to the employer's page in clear")
		assert.NotContains(t, p, "覃海燕", "no name in clear")
		assert.True(t, strings.HasPrefix(p, "sealed:"))
	}
	s.SendPending(t, "activity:"+id)
	sent := s.SMS.Received("13800138101")
	require.Len(t, sent, 1, "the employer still gets the notice code")
	noticeCodeOf(t, sent[0].Params)
}

func TestLandlineEmployersAreNotSentSMSButListedToPhone(t *testing.T) {
	s := wired.New(t, noQuietHours)
	st := s.Station(t, "民生街道联络站", "450102001")
	byLandline := s.Deputy(t, "覃海燕", "13800138001", st)
	byMobile := s.Deputy(t, "黄秀兰", "13800138002", st)
	setEmployer(t, s, byLandline, "自治区人民医院", "0771-5551234")
	setEmployer(t, s, byMobile, "南宁市第二中学", "13800138102")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})

	w := s.Do(t, "GET", "/api/v1/admin/deputies/"+itoa(byLandline), staff, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "landline", jsonString(t, w, "employer.contact_phone_kind"), "classified at entry")

	id := publishActivity(t, s, staff, st, "visit", time.Now().Add(48*time.Hour).Truncate(time.Minute), map[string]any{"station_id": st})
	s.SendPending(t, "activity:"+id)
	assert.Equal(t, 1, s.SMS.Count("13800138102"), "the mobile employer gets the SMS")
	assert.Equal(t, 0, s.SMS.Total()-s.SMS.Count("13800138102")-s.SMS.Count("13800138001")-s.SMS.Count("13800138002"), "no SMS to the landline")
	assert.Equal(t, 1, countNotices(t, s, "subject = ? AND kind = 'employer_notice' AND status = 'skipped' AND last_error = '座机无法接收短信，请电话通知'", "activity:"+id))

	w = s.Do(t, "GET", "/api/v1/admin/activities/"+id, staff, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "座机无法接收短信，请电话通知", "the activity's notice view says whom to phone")
	var detail struct {
		Invitees []struct {
			DeputyID int64 `json:"deputy_id"`
			Employer struct {
				Name         string `json:"name"`
				ContactName  string `json:"contact_name"`
				ContactPhone string `json:"contact_phone"`
				Kind         string `json:"contact_phone_kind"`
				ToPhone      bool   `json:"to_phone"`
			} `json:"employer"`
		} `json:"invitee_status"`
	}
	decode(t, w, &detail)
	toPhone := map[int64]string{}
	for _, v := range detail.Invitees {
		if v.Employer.ToPhone {
			toPhone[v.DeputyID] = v.Employer.Name + " " + v.Employer.ContactName + " " + v.Employer.ContactPhone + " " + v.Employer.Kind
		}
	}
	assert.Equal(t, map[int64]string{byLandline: "自治区人民医院 人事处 0771-5551234 landline"}, toPhone,
		"whom to phone: the landline employer with its contact and whole number")
}

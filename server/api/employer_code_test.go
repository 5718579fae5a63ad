package api_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// formFrom sends a form POST from the TCP peer ip; getFrom a GET.
func formFrom(t *testing.T, s *wired.Service, ip, path string, v url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
	req.RemoteAddr = ip + ":50000"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.Serve(t, req)
}

func getFrom(t *testing.T, s *wired.Service, ip, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.RemoteAddr = ip + ":50000"
	return s.Serve(t, req)
}

// The employer's SMS carries a notice code and the template the constant
// link /n (issue #19 item 1): /n asks for it, opens the same page and takes
// the acknowledgement; a wrong or expired code says so; /n/<token> still works.
func TestEmployerOpensTheNoticeByItsCode(t *testing.T) {
	s := wired.New(t, noQuietHours)
	st := s.Station(t, "民生街道联络站", "450102001")
	d := s.Deputy(t, "李明", "13800000021", st)
	setEmployer(t, s, d, "南宁市某中学", "13900000021")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	id, code := publishWithEmployer(t, s, staff, st, d, "13900000021")
	require.Regexp(t, `^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$`, code)
	for _, p := range s.SMS.Received("13900000021")[0].Params {
		assert.NotContains(t, p, "http", "no link in any variable")
		assert.NotContains(t, p, "/n", "no link in any variable")
	}
	ip := "203.0.113.5"

	w := getFrom(t, s, ip, "/n")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `name="code"`, "a form asks for the code")

	typed := strings.ToLower(code[:4]) + " " + code[4:]
	w = getFrom(t, s, ip, "/n?code="+url.QueryEscape(typed))
	require.Equal(t, http.StatusOK, w.Code, "case and spaces do not matter")
	for _, want := range []string{"李明", "南宁市某中学", "代表接待日", "第三十三条", "确认收到"} {
		assert.Contains(t, w.Body.String(), want)
	}
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))

	w = getFrom(t, s, ip, "/n?code=22222222")
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), "通知码不正确", "a wrong code says so")
	assert.Contains(t, getFrom(t, s, ip, "/n?code=not-a-code").Body.String(), "通知码不正确")

	w = formFrom(t, s, ip, "/n", url.Values{"code": {typed}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/n?code="+code, w.Header().Get("Location"))
	assert.Contains(t, getFrom(t, s, ip, "/n?code="+code).Body.String(), "已确认收到")
	assert.NotNil(t, staffEmployerView(t, s, staff, id).AcknowledgedAt)

	// The link of before the code still opens the page.
	w = s.Do(t, "GET", "/n/"+employerToken(t, s, id, d), "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "已确认收到")

	// A code is valid until a week after its activity.
	s.DB.Exec(t, `UPDATE activities SET start_at = ?, end_at = ? WHERE id = ?`,
		time.Now().Add(-8*24*time.Hour), time.Now().Add(-8*24*time.Hour+2*time.Hour), id)
	w = getFrom(t, s, ip, "/n?code="+code)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), "已过期")
	s.DB.Exec(t, `UPDATE activities SET end_at = ? WHERE id = ?`, time.Now().Add(-6*24*time.Hour), id)
	assert.Equal(t, http.StatusOK, getFrom(t, s, ip, "/n?code="+code).Code, "six days after, it still opens")
}

// Guesses of a notice code are limited per address and per code.
func TestNoticeCodeGuessesAreLimited(t *testing.T) {
	s := wired.New(t, noQuietHours, wired.Configure(func(c *config.Config) {
		c.RateLimits.NoticeCodePerIP = config.Rate{Count: 3, Per: time.Hour}
		c.RateLimits.NoticeCodePerCode = config.Rate{Count: 4, Per: time.Hour}
	}))
	st := s.Station(t, "民生街道联络站", "450102001")
	d := s.Deputy(t, "李明", "13800000031", st)
	setEmployer(t, s, d, "南宁市某中学", "13900000031")
	staff := userToken(t, s, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	_, code := publishWithEmployer(t, s, staff, st, d, "13900000031")

	for _, guess := range []string{"22222222", "33333333", "44444444"} {
		require.Equal(t, http.StatusNotFound, getFrom(t, s, "198.51.100.40", "/n?code="+guess).Code)
	}
	w := getFrom(t, s, "198.51.100.40", "/n?code="+code)
	assert.Equal(t, http.StatusTooManyRequests, w.Code, "the fourth guess from one address")
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "尝试次数过多")
	assert.Equal(t, http.StatusOK, getFrom(t, s, "198.51.100.40", "/n").Code, "the empty form is not a guess")

	// One code from many addresses.
	for i, ip := range []string{"198.51.100.41", "198.51.100.42", "198.51.100.43", "198.51.100.44"} {
		require.Equal(t, http.StatusOK, getFrom(t, s, ip, "/n?code="+code).Code, "guess %d", i)
	}
	assert.Equal(t, http.StatusTooManyRequests, getFrom(t, s, "198.51.100.45", "/n?code="+code).Code, "the code's fifth look")
}

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
	"github.com/liaison-stations/liaison/server/api"
	"github.com/liaison-stations/liaison/server/config"
)

// formFrom sends a form POST from the TCP peer ip; getFrom a GET.
func formFrom(srv http.Handler, ip, path string, v url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
	req.RemoteAddr = ip + ":50000"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

func getFrom(srv http.Handler, ip, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.RemoteAddr = ip + ":50000"
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

// The employer's SMS carries a notice code and the template the constant
// link /n (issue #19 item 1): /n asks for it, opens the same page and takes
// the acknowledgement; a wrong or expired code says so; /n/<token> still works.
func TestEmployerOpensTheNoticeByItsCode(t *testing.T) {
	h := newHarness(t)
	st := h.station(t, "民生街道联络站", "450102001")
	d := h.deputy(t, "李明", "13800000021", st)
	h.setEmployer(t, d, "南宁市某中学", "13900000021")
	staff := h.token(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	id, code := publishWithEmployer(t, h, staff, st, d, "13900000021")
	require.Regexp(t, `^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$`, code)
	for _, p := range h.sms.Received("13900000021")[0].Params {
		assert.NotContains(t, p, "http", "no link in any variable")
		assert.NotContains(t, p, "/n", "no link in any variable")
	}
	ip := "203.0.113.5"

	w := getFrom(h.srv, ip, "/n")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `name="code"`, "a form asks for the code")

	typed := strings.ToLower(code[:4]) + " " + code[4:]
	w = getFrom(h.srv, ip, "/n?code="+url.QueryEscape(typed))
	require.Equal(t, http.StatusOK, w.Code, "case and spaces do not matter")
	for _, want := range []string{"李明", "南宁市某中学", "代表接待日", "第三十三条", "确认收到"} {
		assert.Contains(t, w.Body.String(), want)
	}
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))

	w = getFrom(h.srv, ip, "/n?code=22222222")
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), "通知码不正确", "a wrong code says so")
	assert.Contains(t, getFrom(h.srv, ip, "/n?code=not-a-code").Body.String(), "通知码不正确")

	w = formFrom(h.srv, ip, "/n", url.Values{"code": {typed}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/n?code="+code, w.Header().Get("Location"))
	assert.Contains(t, getFrom(h.srv, ip, "/n?code="+code).Body.String(), "已确认收到")
	assert.NotNil(t, staffEmployerView(t, h, staff, id).AcknowledgedAt)

	// The link of before the code still opens the page.
	w = h.do(t, "GET", "/n/"+employerToken(t, h, id, d), "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "已确认收到")

	// A code is valid until a week after its activity.
	h.db.Exec(t, `UPDATE activities SET start_at = ?, end_at = ? WHERE id = ?`,
		time.Now().Add(-8*24*time.Hour), time.Now().Add(-8*24*time.Hour+2*time.Hour), id)
	w = getFrom(h.srv, ip, "/n?code="+code)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), "已过期")
	h.db.Exec(t, `UPDATE activities SET end_at = ? WHERE id = ?`, time.Now().Add(-6*24*time.Hour), id)
	assert.Equal(t, http.StatusOK, getFrom(h.srv, ip, "/n?code="+code).Code, "six days after, it still opens")
}

// Guesses of a notice code are limited per address and per code.
func TestNoticeCodeGuessesAreLimited(t *testing.T) {
	h := newHarness(t)
	st := h.station(t, "民生街道联络站", "450102001")
	d := h.deputy(t, "李明", "13800000031", st)
	h.setEmployer(t, d, "南宁市某中学", "13900000031")
	staff := h.token(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	_, code := publishWithEmployer(t, h, staff, st, d, "13900000031")

	cfg := h.cfg
	cfg.RateLimits.NoticeCodePerIP = config.Rate{Count: 3, Per: time.Hour}
	cfg.RateLimits.NoticeCodePerCode = config.Rate{Count: 4, Per: time.Hour}
	srv := api.New(api.Deps{Config: cfg, DB: h.db.DB, Redis: h.redis.Client, Logger: h.logger, Identity: h.identity,
		Registry: h.registry, Notify: h.notify, Messages: h.messages, Activities: h.activities})

	for _, guess := range []string{"22222222", "33333333", "44444444"} {
		require.Equal(t, http.StatusNotFound, getFrom(srv, "198.51.100.40", "/n?code="+guess).Code)
	}
	w := getFrom(srv, "198.51.100.40", "/n?code="+code)
	assert.Equal(t, http.StatusTooManyRequests, w.Code, "the fourth guess from one address")
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "尝试次数过多")
	assert.Equal(t, http.StatusOK, getFrom(srv, "198.51.100.40", "/n").Code, "the empty form is not a guess")

	// One code from many addresses.
	for i, ip := range []string{"198.51.100.41", "198.51.100.42", "198.51.100.43", "198.51.100.44"} {
		require.Equal(t, http.StatusOK, getFrom(srv, ip, "/n?code="+code).Code, "guess %d", i)
	}
	assert.Equal(t, http.StatusTooManyRequests, getFrom(srv, "198.51.100.45", "/n?code="+code).Code, "the code's fifth look")
}

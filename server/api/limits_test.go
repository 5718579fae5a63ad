package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// postFrom sends a JSON POST from the TCP peer ip.
func postFrom(t *testing.T, s *wired.Service, ip, path, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.RemoteAddr = ip + ":50000"
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.Serve(t, req)
}

func TestSevenHundredDeputiesBehindOneNATCanAllSignIn(t *testing.T) {
	s := wired.New(t)
	for i := range 700 {
		code := fmt.Sprintf("venue-%d", i)
		s.WeChat.AddLogin(code, "venue-openid-"+code, "")
		w := postFrom(t, s, "198.51.100.20", "/api/v1/auth/wechat", "", `{"code":"`+code+`"}`)
		require.Equal(t, http.StatusOK, w.Code, "deputy %d: %s", i, w.Body.String())
	}
}

func TestSignInRedeemAndUploadsAreLimited(t *testing.T) {
	s := wired.New(t, wired.Configure(func(c *config.Config) {
		c.RateLimits = config.RateLimits{
			SignInPerIP:   config.Rate{Count: 3, Per: time.Hour},
			RedeemPerUser: config.Rate{Count: 2, Per: time.Hour},
			RedeemPerIP:   config.Rate{Count: 100, Per: time.Hour},
			UploadPerUser: config.Rate{Count: 2, Per: time.Hour},
			UploadPerIP:   config.Rate{Count: 100, Per: time.Hour},
		}
	}))
	signIn := func(ip string, n int) *httptest.ResponseRecorder {
		code := fmt.Sprintf("lim-%s-%d", ip, n)
		s.WeChat.AddLogin(code, "openid-"+code, "")
		return postFrom(t, s, ip, "/api/v1/auth/wechat", "", `{"code":"`+code+`"}`)
	}
	var token string
	for n := range 3 {
		w := signIn("198.51.100.30", n)
		require.Equal(t, http.StatusOK, w.Code)
		token = jsonString(t, w, "token")
	}
	w := signIn("198.51.100.30", 3)
	require.Equal(t, http.StatusTooManyRequests, w.Code)
	assert.Equal(t, "too_many_requests", errorCode(t, w))
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Equal(t, http.StatusOK, signIn("198.51.100.31", 0).Code, "another address is not held back")

	// Guessing invite codes: the user's bucket runs out whatever the codes.
	for range 2 {
		w := postFrom(t, s, "198.51.100.30", "/api/v1/auth/redeem", token, `{"invite_code":"AAAA-BBBB-CCCC"}`)
		require.NotEqual(t, http.StatusTooManyRequests, w.Code)
	}
	w = postFrom(t, s, "198.51.100.30", "/api/v1/auth/redeem", token, `{"invite_code":"AAAA-BBBB-CCCC"}`)
	assert.Equal(t, http.StatusTooManyRequests, w.Code)

	for i := range 3 {
		req := uploadRequest(t, "/api/v1/uploads", token, "现场.jpg", messagePhoto(t))
		req.RemoteAddr = "198.51.100.30:50000"
		rec := s.Serve(t, req)
		if i < 2 {
			assert.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		} else {
			assert.Equal(t, http.StatusTooManyRequests, rec.Code, "a third photo within the hour")
		}
	}
}

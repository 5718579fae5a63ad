package api_test

import (
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ptr[T any](v T) *T { return &v }

// messagesStart is the time of the tests that look at messages' dates: a
// Wednesday in Shanghai, far from holidays. They run the service on a
// clock.Fixed at it (wired.Clock).
var messagesStart = time.Date(2024, 3, 13, 10, 0, 0, 0, clock.Shanghai)

// userToken is the token of a new user holding grants (s.User).
func userToken(t *testing.T, s *wired.Service, grants ...access.Grant) string {
	t.Helper()
	token, _ := s.User(t, grants...)
	return token
}

// adminToken is the token of a new admin.
func adminToken(t *testing.T, s *wired.Service) string {
	t.Helper()
	return userToken(t, s, access.Grant{Role: access.RoleAdmin})
}

func decode(t *testing.T, w *httptest.ResponseRecorder, dst any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), dst), w.Body.String())
}

// errorCode returns the error code of an error answer.
func errorCode(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var e struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	decode(t, w, &e)
	require.NotEmpty(t, e.Error.Message, "an error answer carries a message for people")
	return e.Error.Code
}

// errorFields returns the fields at fault of a 400 answer.
func errorFields(t *testing.T, w *httptest.ResponseRecorder) map[string]string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	decode(t, w, &e)
	return e.Error.Fields
}

// jsonField returns the raw JSON at a dotted path of the answer.
func jsonField(t *testing.T, w *httptest.ResponseRecorder, path string) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &v), w.Body.String())
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		require.True(t, ok, "no %s in %s", path, w.Body.String())
		v, ok = m[k]
		require.True(t, ok, "no %s in %s", path, w.Body.String())
	}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// jsonString returns the string at a dotted path of the answer.
func jsonString(t *testing.T, w *httptest.ResponseRecorder, path string) string {
	t.Helper()
	var s string
	require.NoError(t, json.Unmarshal([]byte(jsonField(t, w, path)), &s))
	return s
}

// jsonUnmarshal decodes raw JSON text (an answer, or a field of it from jsonField).
func jsonUnmarshal(raw string, dst any) error { return json.Unmarshal([]byte(raw), dst) }

// noQuietHours turns the quiet hours (22:00–08:00, in which an SMS waits for
// the morning) off, for the tests on the system clock that count the SMS
// they send: they would otherwise pass or fail by the hour they run at.
var noQuietHours = wired.Configure(func(c *config.Config) { c.QuietHours = "" })

package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestReadinessFollowsMySQLAndRedis(t *testing.T) {
	// The service reaches MySQL and Redis through proxies the test can cut.
	var mysqlProxy, redisProxy *testkit.Proxy
	s := wired.New(t, wired.Configure(func(c *config.Config) {
		dsn, err := mysql.ParseDSN(c.MySQLDSN)
		require.NoError(t, err)
		mysqlProxy = testkit.NewProxy(t, dsn.Addr)
		dsn.Addr = mysqlProxy.Addr()
		c.MySQLDSN = dsn.FormatDSN()
		redisProxy = testkit.NewProxy(t, c.RedisAddr)
		c.RedisAddr = redisProxy.Addr()
	}))
	ready := func() (int, string) {
		w := s.Do(t, "GET", "/readyz", "", nil)
		return w.Code, w.Body.String()
	}

	code, _ := ready()
	require.Equal(t, http.StatusOK, code)

	mysqlProxy.Cut()
	code, body := ready()
	assert.Equal(t, http.StatusServiceUnavailable, code, "MySQL down")
	assert.Contains(t, body, `"mysql":"unreachable"`)
	assert.Contains(t, body, `"code":"not_ready"`)
	mysqlProxy.Restore()
	assert.Eventually(t, func() bool { c, _ := ready(); return c == http.StatusOK }, 10*time.Second, 100*time.Millisecond, "ready again when MySQL is back")

	redisProxy.Cut()
	code, body = ready()
	assert.Equal(t, http.StatusServiceUnavailable, code, "Redis down")
	assert.Contains(t, body, `"redis":"unreachable"`)
	redisProxy.Restore()
	assert.Eventually(t, func() bool { c, _ := ready(); return c == http.StatusOK }, 10*time.Second, 100*time.Millisecond, "ready again when Redis is back")

	w := s.Do(t, "GET", "/healthz", "", nil)
	assert.Equal(t, http.StatusOK, w.Code, "liveness does not depend on MySQL or Redis")
}

func TestRequestIDIsOnTheAnswerAndTheLogLine(t *testing.T) {
	s := wired.New(t)
	w := s.Do(t, "GET", "/api/v1/meta", "", nil)
	id := w.Header().Get("X-Request-ID")
	require.Len(t, id, 16)
	assert.Contains(t, s.Logs.String(), `"request_id":"`+id+`"`)

	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-ID", "gateway-abc-123")
	w = s.Serve(t, req)
	assert.Equal(t, "gateway-abc-123", w.Header().Get("X-Request-ID"), "a proxy's request id is kept")

	req = httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-ID", "bad id\nwith newline")
	w = s.Serve(t, req)
	// (not NotContains "bad": b, a and d are hex digits, and a random id may hold them)
	assert.Regexp(t, `^[0-9a-f]{16}$`, w.Header().Get("X-Request-ID"), "a malformed request id is replaced")
}

func TestMetricsCountRequestsByRouteAndStatus(t *testing.T) {
	s := wired.New(t)
	s.Do(t, "GET", "/api/v1/meta", "", nil)
	s.Do(t, "GET", "/api/v1/me", "", nil)
	w := s.Do(t, "GET", "/metrics", "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `liaison_http_requests_total{method="GET",route="/api/v1/meta",status="200"} 1`)
	assert.Contains(t, body, `liaison_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1`)
	assert.Contains(t, body, `liaison_http_request_duration_seconds_bucket{method="GET",route="/api/v1/meta",status="200"`)
}

func TestMetaTellsTheClientItsTemplatesAndCatalogues(t *testing.T) {
	s := wired.New(t)
	w := s.Do(t, "GET", "/api/v1/meta", "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	var meta struct {
		Templates  map[string]string `json:"subscribe_templates"`
		Categories []struct {
			Code, Name string
		} `json:"categories"`
		Kinds []struct {
			Code, Name string
		} `json:"activity_kinds"`
	}
	decode(t, w, &meta)
	assert.ElementsMatch(t, []string{"message_reply", "message_followup", "message_accepted", "activity_notice", "activity_reminder", "activity_changed", "staff_reminder", "opinion_outcome"}, mapKeys(meta.Templates))
	assert.Len(t, meta.Categories, 11)
	assert.Equal(t, "urban_rural", meta.Categories[0].Code)
	assert.Equal(t, "城乡建设", meta.Categories[0].Name)
	assert.Equal(t, "reception_day", meta.Kinds[0].Code)
}

func TestMetaCarriesTheConfiguredTemplateIDs(t *testing.T) {
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.Templates.MessageReply = "tmpl-reply-123" }))
	w := s.Do(t, "GET", "/api/v1/meta", "", nil)
	assert.Contains(t, w.Body.String(), `"message_reply":"tmpl-reply-123"`)
}

func TestMetaCarriesTheConfiguredOperator(t *testing.T) {
	s := wired.New(t)
	w := s.Do(t, "GET", "/api/v1/meta", "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	var meta struct {
		Operator map[string]string `json:"operator"`
	}
	decode(t, w, &meta)
	assert.Equal(t, map[string]string{"name": config.PlaceholderOperatorName, "phone": "", "email": "", "privacy_contact": ""}, meta.Operator,
		"the shipped placeholder: a name that says it is not set, and no made-up phone")

	configured := wired.New(t, wired.Database(s.DB), wired.Configure(func(c *config.Config) {
		c.Operator = config.Operator{Name: "南宁市兴宁区人大常委会办公室", Phone: "0771-5612345", Email: "xnrd@example.gov.cn", PrivacyContact: "办公室 黄主任 0771-5612345"}
	}))
	w = configured.Do(t, "GET", "/api/v1/meta", "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	decode(t, w, &meta)
	assert.Equal(t, map[string]string{"name": "南宁市兴宁区人大常委会办公室", "phone": "0771-5612345", "email": "xnrd@example.gov.cn", "privacy_contact": "办公室 黄主任 0771-5612345"}, meta.Operator)
}

func TestUnknownRoutesAnswerInTheContractsFormat(t *testing.T) {
	s := wired.New(t)
	w := s.Do(t, "GET", "/api/v1/nothing-here", "", nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, "not_found", errorCode(t, w))
	w = s.Do(t, "DELETE", "/api/v1/meta", "", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assert.True(t, strings.HasPrefix(w.Header().Get("Content-Type"), "application/json"))
}

func mapKeys(m map[string]string) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	return out
}

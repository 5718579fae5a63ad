package app_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func TestTheRootAnswersAPlainPagePointingAtTheConsoleReadinessAndTheContract(t *testing.T) {
	s := wired.New(t)

	w := s.Do(t, "GET", "/", "", nil)
	require.Equal(t, http.StatusOK, w.Code, "/ is a page, not a 404")
	assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
	assert.Contains(t, w.Header().Get("Content-Security-Policy"), "default-src 'none'")
	assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
	page := w.Body.String()
	for _, link := range []string{`href="/console/"`, `href="/readyz"`, `href="/api/v1/openapi.yaml"`} {
		assert.Contains(t, page, link)
	}
	assert.Contains(t, page, "管理后台", "in Chinese")
	assert.Contains(t, page, "console", "and in English")
	assert.NotContains(t, page, "<script", "no script")

	head := s.Do(t, "HEAD", "/", "", nil)
	assert.Equal(t, http.StatusOK, head.Code)

	w = s.Do(t, "GET", "/nothing-here", "", nil)
	assert.Equal(t, http.StatusNotFound, w.Code, "other unknown paths are still the API's 404")
	assert.Contains(t, w.Body.String(), `"not_found"`)
	w = s.Do(t, "POST", "/", "", nil)
	assert.NotEqual(t, http.StatusOK, w.Code, "the page is for reading only")
}

package api_test

import (
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

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

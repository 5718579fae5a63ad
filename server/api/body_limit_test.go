package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// countingBody is a request body of size bytes that counts what was read of it.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func newCountingBody(prefix string, size int) *countingBody {
	filler := strings.NewReader(strings.Repeat("a", size-len(prefix)))
	return &countingBody{r: io.MultiReader(strings.NewReader(prefix), filler)}
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read.Add(int64(n))
	return n, err
}

// A body labelled multipart is capped like any other on a route that takes
// no upload: announced too large it is refused unread, and sent without a
// length it is read no further than the cap. The answer is 413 in the
// contract's format either way.
func TestMultipartBodiesAreCappedOutsideTheUploadRoutes(t *testing.T) {
	s := wired.New(t)
	const size = 5 << 20 // five times the 1 MB cap
	for _, tc := range []struct {
		name     string
		announce bool
	}{
		{"a body announced larger than the cap is refused without reading it", true},
		{"a body of unknown length stops being read at the cap", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// JSON inside, so that only the cap can stop the reading.
			body := newCountingBody(`{"code":"`, size)
			req := httptest.NewRequest("POST", "/api/v1/auth/wechat", body)
			req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			req.ContentLength = -1
			if tc.announce {
				req.ContentLength = size
			}
			w := s.Serve(t, req)
			require.Equal(t, http.StatusRequestEntityTooLarge, w.Code, w.Body.String())
			require.Equal(t, "body_too_large", errorCode(t, w))
			require.LessOrEqual(t, body.read.Load(), int64(s.Config.MaxBodyBytes+64<<10), "read beyond the cap")
		})
	}
}

package console_test

import (
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// countingBody is a request body that counts what was read of it.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read.Add(int64(n))
	return n, err
}

// multipartBody is a form of one field, openid, of size bytes.
func multipartBody(t *testing.T, size int) (*countingBody, string) {
	var head strings.Builder
	mw := multipart.NewWriter(&head)
	_, err := mw.CreateFormField("openid")
	require.NoError(t, err)
	tail := "\r\n--" + mw.Boundary() + "--\r\n"
	filler := strings.NewReader(strings.Repeat("a", size))
	return &countingBody{r: io.MultiReader(strings.NewReader(head.String()), filler, strings.NewReader(tail))}, mw.FormDataContentType()
}

// Only the deputies' import upload takes a large multipart body: a console
// POST anywhere else is capped like the API's bodies. Announced too large
// it is refused unread with 413; sent without a length it is read no
// further than the cap.
func TestConsolePostsAreCappedWhateverTheirContentType(t *testing.T) {
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.DevLogin = true }))
	const size = 5 << 20
	max := config.Defaults().MaxBodyBytes

	body, kind := multipartBody(t, size)
	req, _ := http.NewRequest(http.MethodPost, wired.ConsoleOrigin+"/console/login/dev", body)
	req.Header.Set("Content-Type", kind)
	req.ContentLength = size
	w := s.Browser(t).Send(t, req, "same-origin")
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	assert.Contains(t, w.Body.String(), "提交的内容过大")
	assert.Zero(t, body.read.Load(), "an announced length over the cap is refused unread")

	body, kind = multipartBody(t, size)
	req, _ = http.NewRequest(http.MethodPost, wired.ConsoleOrigin+"/console/login/dev", body)
	req.Header.Set("Content-Type", kind)
	req.ContentLength = -1
	w = s.Browser(t).Send(t, req, "same-origin")
	assert.GreaterOrEqual(t, w.Code, 400)
	assert.LessOrEqual(t, body.read.Load(), max+64<<10, "read beyond the cap")
}

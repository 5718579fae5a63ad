package api_test

import (
	"context"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/wired"
	"github.com/liaison-stations/liaison/server/uploads"
)

// hugePNG is the start of a PNG that claims 7070×7070 16-bit RGBA pixels
// (400 MB decoded) in a few dozen bytes.
func hugePNG() []byte {
	chunk := func(kind string, data []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		b = append(append(b, kind...), data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(kind), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 7070), 7070)
	ihdr = append(ihdr, 16, 6, 0, 0, 0)
	b := append([]byte("\x89PNG\r\n\x1a\n"), chunk("IHDR", ihdr)...)
	b = append(b, chunk("IDAT", []byte{0x78, 0x9c, 0, 0, 0, 0})...)
	return append(b, chunk("IEND", nil)...)
}

// A photo too large once decoded is refused with 413 from its header; with
// every decode busy an upload waits its turn briefly, then is answered 503
// with Retry-After, in the contract's format; once a decode is free it
// goes through.
func TestPhotoDecodingIsBoundedByMemoryAndByDecodesAtOnce(t *testing.T) {
	s := wired.New(t)
	token, _, _ := s.SignIn(t)

	w := upload(t, s, "/api/v1/uploads", token, "huge.png", hugePNG())
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code, w.Body.String())
	require.Equal(t, "image_too_large", errorCode(t, w))

	decoder := uploads.NewDecoder(uploads.DecodeLimits{MaxBytes: 200 << 20, AtOnce: 1, Wait: 50 * time.Millisecond})
	s.Messages.Decoder = decoder
	done, err := decoder.Begin(context.Background(), 1) // another upload's decode
	require.NoError(t, err)
	w = upload(t, s, "/api/v1/uploads", token, "photo.jpg", messagePhoto(t))
	require.Equal(t, http.StatusServiceUnavailable, w.Code, w.Body.String())
	require.Equal(t, "upload_busy", errorCode(t, w))
	require.Equal(t, "5", w.Header().Get("Retry-After"))

	done()
	w = upload(t, s, "/api/v1/uploads", token, "photo.jpg", messagePhoto(t))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
}

// An import whose shared strings unzip past the limit is refused before it
// is unzipped: 413 in the contract's format, with a plain Chinese message.
func TestAnImportThatUnzipsPastTheLimitIsRefused(t *testing.T) {
	s := wired.New(t, wired.Configure(func(c *config.Config) { c.ImportLimits.SharedStringsMaxBytes = 1 << 20 }))
	admin := adminToken(t, s)
	file := testkit.PadSharedStrings(t, sheet(t, [][]any{{"姓名", "手机号"}, {"张三", "13800000001"}}), 3<<20)
	w := uploadField(t, s, "/api/v1/admin/deputies/import", admin, "file", file)
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code, w.Body.String())
	require.Equal(t, "file_unzipped_too_large", errorCode(t, w))
	require.Contains(t, jsonString(t, w, "error.message"), "解压后超过 1 MB")
	require.Zero(t, s.DB.Count(t, "SELECT COUNT(*) FROM deputies"))
}

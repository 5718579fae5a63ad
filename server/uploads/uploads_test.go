package uploads_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/uploads"
)

func jpegWithExif(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	img.Set(3, 3, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, img, nil))
	b := buf.Bytes()
	exif := []byte("Exif\x00\x00GPSLatitude 22.817 GPSLongitude 108.366")
	seg := append([]byte{0xFF, 0xE1, 0, byte(len(exif) + 2)}, exif...)
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

func TestClean(t *testing.T) {
	var pngBuf bytes.Buffer
	require.NoError(t, png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 4, 4))))
	webp, err := os.ReadFile("testdata/gopher.webp")
	require.NoError(t, err)
	withExif := jpegWithExif(t)
	require.Contains(t, string(withExif), "GPSLatitude")

	for _, tc := range []struct {
		name string
		in   []byte
		kind string
		err  error
	}{
		{"a JPEG comes out as JPEG without its EXIF", withExif, "image/jpeg", nil},
		{"a PNG stays PNG", pngBuf.Bytes(), "image/png", nil},
		{"a WebP comes out as JPEG", webp, "image/jpeg", nil},
		{"text is not an image, whatever its name", []byte("hello, this is not a picture at all"), "", uploads.ErrNotImage},
		{"a truncated JPEG is not an image", withExif[:len(withExif)/2], "", uploads.ErrNotImage},
		{"a GIF is not accepted", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "", uploads.ErrNotImage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, kind, err := uploads.NewDecoder(uploads.DefaultDecodeLimits()).Clean(t.Context(), tc.in)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.kind, kind)
			require.NotContains(t, string(out), "Exif")
			require.NotContains(t, string(out), "GPS")
			_, format, err := image.Decode(bytes.NewReader(out))
			require.NoError(t, err)
			require.Equal(t, tc.kind, "image/"+format)
		})
	}
}

func TestDir(t *testing.T) {
	d := uploads.NewDir(filepath.Join(t.TempDir(), "photos"))
	require.NoError(t, d.Check(), "the directory is made")
	ctx := t.Context()
	require.NoError(t, d.Put(ctx, "202403/abc", []byte("x")))
	got, err := d.Get(ctx, "202403/abc")
	require.NoError(t, err)
	require.Equal(t, []byte("x"), got)
	require.NoError(t, d.Delete(ctx, "202403/abc"))
	_, err = d.Get(ctx, "202403/abc")
	require.ErrorIs(t, err, uploads.ErrNotFound)
	require.Error(t, d.Put(ctx, "../escape", []byte("x")), "keys stay inside the directory")
}

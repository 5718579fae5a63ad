package uploads

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"

	"golang.org/x/image/webp"
	"golang.org/x/sync/semaphore"
)

// ErrNotImage is content that is not a JPEG, PNG or WebP image.
var ErrNotImage = errors.New("uploads: not a JPEG, PNG or WebP image")

// maxPixels bounds a decoded image (a small file can claim huge dimensions).
const maxPixels = 50_000_000

// decoding bounds the pixels being decoded at once in this process: a
// decoded image costs about 4 bytes a pixel, whatever its file size (a
// 143 KB PNG of 7000×7000 pixels is about 190 MB decoded). The budget is one
// largest image, or several phone photos (12 megapixels each) side by side;
// further uploads wait their turn instead of exhausting memory.
var decoding = semaphore.NewWeighted(maxPixels)

// Clean is CleanContext without a deadline.
func Clean(data []byte) ([]byte, string, error) { return CleanContext(context.Background(), data) }

// CleanContext checks data by its content (not its name), decodes it and
// encodes it again: what comes out carries no EXIF, GPS or other metadata.
// JPEG and WebP come out as JPEG, PNG as PNG. It returns the new bytes and
// their type. While other decodes hold the pixel budget it waits, until ctx
// is done.
func CleanContext(ctx context.Context, data []byte) ([]byte, string, error) {
	kind := http.DetectContentType(data)
	var decode func([]byte) (image.Image, error)
	var config func([]byte) (image.Config, error)
	switch kind {
	case "image/jpeg":
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	case "image/png":
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	case "image/webp":
		decode = func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
	default:
		return nil, "", ErrNotImage
	}
	cfg, err := config(data)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, "", ErrNotImage
	}
	pixels := int64(cfg.Width) * int64(cfg.Height)
	if err := decoding.Acquire(ctx, pixels); err != nil {
		return nil, "", err
	}
	defer decoding.Release(pixels)
	img, err := decode(data)
	if err != nil {
		return nil, "", ErrNotImage
	}
	var out bytes.Buffer
	if kind == "image/png" {
		if err := png.Encode(&out, img); err != nil {
			return nil, "", err
		}
		return out.Bytes(), "image/png", nil
	}
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 85}); err != nil {
		return nil, "", err
	}
	return out.Bytes(), "image/jpeg", nil
}

package uploads

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"time"

	"golang.org/x/image/webp"
	"golang.org/x/sync/semaphore"
)

// ErrNotImage is content that is not a JPEG, PNG or WebP image.
var ErrNotImage = errors.New("uploads: not a JPEG, PNG or WebP image")

// ErrTooManyPixels is an image whose decoded pixels would take more memory
// than DecodeLimits.MaxBytes, told from its header before decoding.
var ErrTooManyPixels = errors.New("uploads: the image is too large once decoded")

// ErrBusy is an upload that waited DecodeLimits.Wait for its turn in vain.
var ErrBusy = errors.New("uploads: too many images being decoded")

// maxPixels bounds a decoded image (a small file can claim huge dimensions).
const maxPixels = 50_000_000

// DecodeLimits bound what decoding uploaded images may cost the process.
type DecodeLimits struct {
	// MaxBytes is the memory of the largest decoded image (pixels × bytes a
	// pixel), and the budget of all the decodes running at once.
	MaxBytes int64
	// AtOnce is how many images are decoded at once.
	AtOnce int
	// Wait is how long an upload waits for its turn before ErrBusy.
	Wait time.Duration
}

// DefaultDecodeLimits are one 50-megapixel image of 4 bytes a pixel, two
// decodes at once, three seconds of waiting.
func DefaultDecodeLimits() DecodeLimits {
	return DecodeLimits{MaxBytes: 200 << 20, AtOnce: 2, Wait: 3 * time.Second}
}

// Decoder decodes uploaded images within its limits: a small file can claim
// huge dimensions (a 388 KB PNG of 7070×7070 16-bit pixels is 400 MB
// decoded), so an image is priced from its header before it is decoded,
// refused when it alone is over the budget, and otherwise waits until the
// images being decoded leave room for it and a slot is free.
type Decoder struct {
	limits DecodeLimits
	bytes  *semaphore.Weighted
	slots  *semaphore.Weighted
}

// NewDecoder makes a decoder; zero limits take DefaultDecodeLimits'.
func NewDecoder(l DecodeLimits) *Decoder {
	def := DefaultDecodeLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = def.MaxBytes
	}
	if l.AtOnce <= 0 {
		l.AtOnce = def.AtOnce
	}
	if l.Wait <= 0 {
		l.Wait = def.Wait
	}
	return &Decoder{limits: l, bytes: semaphore.NewWeighted(l.MaxBytes), slots: semaphore.NewWeighted(int64(l.AtOnce))}
}

// Limits are the decoder's limits.
func (d *Decoder) Limits() DecodeLimits { return d.limits }

// Begin takes a decode slot and cost bytes of the budget, waiting at most
// the limits' Wait (ErrBusy after it) or until ctx is done; done gives them
// back. Clean calls it; a test holds a slot with it.
func (d *Decoder) Begin(ctx context.Context, cost int64) (done func(), err error) {
	if cost > d.limits.MaxBytes {
		return nil, ErrTooManyPixels
	}
	wait, cancel := context.WithTimeout(ctx, d.limits.Wait)
	defer cancel()
	busy := func() error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return ErrBusy
	}
	if err := d.slots.Acquire(wait, 1); err != nil {
		return nil, busy()
	}
	if err := d.bytes.Acquire(wait, cost); err != nil {
		d.slots.Release(1)
		return nil, busy()
	}
	return func() { d.bytes.Release(cost); d.slots.Release(1) }, nil
}

// Clean checks data by its content (not its name), decodes it and encodes
// it again: what comes out carries no EXIF, GPS or other metadata. JPEG and
// WebP come out as JPEG, PNG as PNG. It returns the new bytes and their
// type.
func (d *Decoder) Clean(ctx context.Context, data []byte) ([]byte, string, error) {
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
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, "", ErrNotImage
	}
	pixels := int64(cfg.Width) * int64(cfg.Height)
	if pixels > maxPixels {
		return nil, "", ErrTooManyPixels
	}
	perPixel := bytesPerPixel(cfg.ColorModel)
	if kind == "image/jpeg" && progressiveJPEG(data) {
		// A progressive JPEG keeps every coefficient until the last scan:
		// 4 bytes a pixel for each of its components, besides the image.
		perPixel += 4 * 3
	}
	done, err := d.Begin(ctx, pixels*perPixel)
	if err != nil {
		return nil, "", err
	}
	defer done()
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

// bytesPerPixel is the memory of one decoded pixel of a colour model:
// 16-bit colour is 8 bytes, 16-bit grey 2, and so on. A model not known
// here is priced as the dearest.
func bytesPerPixel(m color.Model) int64 {
	if _, ok := m.(color.Palette); ok { // a slice: not comparable below
		return 1
	}
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		return 4
	default:
		return 8
	}
}

// progressiveJPEG reports whether a JPEG's frame header is progressive
// (SOF2, SOF6, SOF10, SOF14), walking its segments up to the first scan.
func progressiveJPEG(b []byte) bool {
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return false
		}
		marker := b[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE:
			return true
		case marker == 0xDA: // start of scan: the frame header came before
			return false
		}
		i += 2 + int(b[i+2])<<8 + int(b[i+3])
	}
	return false
}

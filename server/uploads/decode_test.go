package uploads

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"runtime"
	"testing"
	"time"
)

func smallPNG(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 64, 64))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader is the start of a PNG file that claims width×height pixels of
// the given bit depth and colour type, with a few bytes of image data.
func pngHeader(width, height uint32, depth, colorType byte) []byte {
	chunk := func(kind string, data []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		b = append(b, kind...)
		b = append(b, data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(kind), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, width)
	ihdr = binary.BigEndian.AppendUint32(ihdr, height)
	ihdr = append(ihdr, depth, colorType, 0, 0, 0)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, chunk("IHDR", ihdr)...)
	b = append(b, chunk("IDAT", []byte{0x78, 0x9c, 0, 0, 0, 0})...)
	return append(b, chunk("IEND", nil)...)
}

// A PNG of 7070×7070 16-bit RGBA pixels is under the pixel limit but 400 MB
// once decoded: it is refused from its header, at once and without
// allocating its pixels.
func TestAHugeSixteenBitPNGIsRefusedBeforeDecoding(t *testing.T) {
	d := NewDecoder(DefaultDecodeLimits())
	data := pngHeader(7070, 7070, 16, 6)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, _, err := d.Clean(context.Background(), data)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("got %v, want ErrTooManyPixels", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("allocated %d MB to refuse it", grew>>20)
	}
	if took > time.Second {
		t.Errorf("took %v to refuse it", took)
	}
}

// An image is priced by the memory of its decoded pixels, told by the
// colour model of its header.
func TestPixelsArePricedByTheirColourModel(t *testing.T) {
	for _, tc := range []struct {
		name  string
		model color.Model
		want  int64
	}{
		{"16-bit colour is 8 bytes a pixel", color.NRGBA64Model, 8},
		{"16-bit colour with premultiplied alpha too", color.RGBA64Model, 8},
		{"16-bit grey is 2", color.Gray16Model, 2},
		{"8-bit colour is 4", color.NRGBAModel, 4},
		{"a JPEG's YCbCr is 3", color.YCbCrModel, 3},
		{"8-bit grey is 1", color.GrayModel, 1},
		{"a palette is 1", color.Palette{color.Black, color.White}, 1},
		{"a model not known is priced as the dearest", color.ModelFunc(func(c color.Color) color.Color { return c }), 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := bytesPerPixel(tc.model); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

// With one decode at a time and it taken, another upload waits its turn
// for a while and then is told the decoder is busy; a request that ends
// meanwhile stops waiting; once the decode is done the upload goes through.
func TestDecodesWaitTheirTurnThenAreBusy(t *testing.T) {
	d := NewDecoder(DecodeLimits{MaxBytes: 200 << 20, AtOnce: 1, Wait: 50 * time.Millisecond})
	done, err := d.Begin(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, _, err := d.Clean(context.Background(), smallPNG(t)); !errors.Is(err, ErrBusy) {
		t.Fatalf("with the one decode taken: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("gave up after %v, before its wait", waited)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := d.Clean(ctx, smallPNG(t)); !errors.Is(err, context.Canceled) {
		t.Fatalf("with the request gone: %v, want its end", err)
	}
	done()
	if _, kind, err := d.Clean(context.Background(), smallPNG(t)); err != nil || kind != "image/png" {
		t.Fatalf("with the decode free: %q, %v", kind, err)
	}
}

// While other decodes hold the memory budget an image waits, though a
// slot is free.
func TestDecodesWaitForTheMemoryBudget(t *testing.T) {
	d := NewDecoder(DecodeLimits{MaxBytes: 1 << 20, AtOnce: 4, Wait: 50 * time.Millisecond})
	done, err := d.Begin(context.Background(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Clean(context.Background(), smallPNG(t)); !errors.Is(err, ErrBusy) {
		t.Fatalf("with the budget taken: %v, want ErrBusy", err)
	}
	done()
	if _, _, err := d.Clean(context.Background(), smallPNG(t)); err != nil {
		t.Fatalf("with the budget free: %v", err)
	}
}

// A progressive JPEG keeps all its coefficients while decoding: it is
// told from its frame header, which comes before the first scan.
func TestProgressiveJPEGsAreToldFromTheirFrameHeader(t *testing.T) {
	segment := func(marker byte, n int) []byte {
		return append([]byte{0xFF, marker, 0, byte(n + 2)}, make([]byte, n)...)
	}
	join := func(parts ...[]byte) []byte { return bytes.Join(append([][]byte{{0xFF, 0xD8}}, parts...), nil) }
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"a baseline frame (SOF0) is not progressive", join(segment(0xE0, 14), segment(0xC0, 15), segment(0xDA, 10)), false},
		{"a progressive frame (SOF2) is", join(segment(0xE0, 14), segment(0xDB, 65), segment(0xC2, 15), segment(0xDA, 10)), true},
		{"a frame header after the first scan does not count", join(segment(0xDA, 10), segment(0xC2, 15)), false},
		{"a truncated file is not", join(segment(0xE0, 14))[:10], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := progressiveJPEG(tc.data); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

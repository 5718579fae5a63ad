package uploads

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
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

// While other decodes hold the whole pixel budget an upload waits, and
// gives up with its request; once the budget is free it goes through.
func TestDecodesWaitForThePixelBudget(t *testing.T) {
	if err := decoding.Acquire(context.Background(), maxPixels); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := CleanContext(ctx, smallPNG(t))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("with the budget taken: %v, want the request's deadline", err)
	}
	decoding.Release(maxPixels)
	if _, kind, err := CleanContext(context.Background(), smallPNG(t)); err != nil || kind != "image/png" {
		t.Fatalf("with the budget free: %q, %v", kind, err)
	}
}

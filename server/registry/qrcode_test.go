package registry

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"
)

func TestStationCodeImagesAreTakenAsJPEGOrPNGByTheirBytes(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	var j, p bytes.Buffer
	if err := jpeg.Encode(&j, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&p, img); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"the JPEG WeChat answers", j.Bytes(), "image/jpeg"},
		{"a PNG (transparent background)", p.Bytes(), "image/png"},
		{"a JSON error body", []byte(`{"errcode":45009,"errmsg":"reach max api daily quota limit"}`), ""},
		{"nothing", nil, ""},
		{"a cut-off answer", j.Bytes()[:2], ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := imageType(tc.data); got != tc.want {
				t.Errorf("imageType = %q, want %q", got, tc.want)
			}
		})
	}
}

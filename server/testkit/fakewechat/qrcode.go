package fakewechat

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"sync"
)

// qrState records the mini program code requests.
type qrState struct {
	qrRequests []QRCodeRequest
	qrFailCode int
}

// QRCodeRequest is one body the fake received on getwxacodeunlimit.
type QRCodeRequest struct {
	Scene      string `json:"scene"`
	Page       string `json:"page"`
	CheckPath  *bool  `json:"check_path"`
	EnvVersion string `json:"env_version"`
	Width      int    `json:"width"`
	IsHyaline  bool   `json:"is_hyaline"`
}

// QRCodeRequests returns the getwxacodeunlimit bodies received so far that carried a valid token.
func (s *Server) QRCodeRequests() []QRCodeRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]QRCodeRequest(nil), s.qrRequests...)
}

// FailQRCode makes getwxacodeunlimit answer JSON with errcode from now on
// (e.g. 45009 quota, 41030 invalid page); 0 makes it answer images again.
func (s *Server) FailQRCode(errcode int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.qrFailCode = errcode
}

// sceneChars are the characters WeChat accepts in a scene besides letters and digits.
const sceneChars = "!#$&'()*+,/:;=?@-._~"

// qrCodeUnlimit is POST /wxa/getwxacodeunlimit: the image, or a JSON error.
// WeChat answers a JPEG (bytes FF D8 FF E0 … JFIF, labelled image/jpeg), as
// reported against its SDKs (node-easywechat issue 92, WxJava issue 3117:
// "this interface returns jpg"); with is_hyaline, a transparent background,
// which only a PNG carries.
func (s *Server) qrCodeUnlimit(r *http.Request) any {
	var in QRCodeRequest
	if !decodeBody(r, &in) {
		return s.fail(40169, "invalid length for scene, or the data is not json string")
	}
	s.qrRequests = append(s.qrRequests, in)
	switch {
	case s.qrFailCode != 0:
		return s.fail(s.qrFailCode, "fake failure")
	case in.Scene == "" || len(in.Scene) > 32:
		return s.fail(40169, "invalid length for scene, or the data is not json string")
	case strings.IndexFunc(in.Scene, badSceneRune) >= 0:
		return s.fail(40129, "invalid scene")
	case strings.HasPrefix(in.Page, "/") || strings.Contains(in.Page, "?"):
		return s.fail(41030, "invalid page")
	}
	if in.IsHyaline {
		return imageBody(codeImage().png)
	}
	return imageBody(codeImage().jpeg)
}

func badSceneRune(r rune) bool {
	isAlnum := r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	return !isAlnum && !strings.ContainsRune(sceneChars, r)
}

// codeImage is a small black-and-white picture standing in for a mini
// program code, encoded both ways.
var codeImage = sync.OnceValue(func() struct{ jpeg, png []byte } {
	img := image.NewGray(image.Rect(0, 0, 43, 43))
	for y := range 43 {
		for x := range 43 {
			if (x/5+y/5)%2 == 0 {
				img.SetGray(x, y, color.Gray{Y: 255})
			}
		}
	}
	var j, p bytes.Buffer
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	if err := png.Encode(&p, img); err != nil {
		panic(err)
	}
	return struct{ jpeg, png []byte }{j.Bytes(), p.Bytes()}
})

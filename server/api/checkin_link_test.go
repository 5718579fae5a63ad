package api_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// venue is one published activity at a station (22.817, 108.366), its
// check-in window open, with a staff member and invited deputies signed in.
type venue struct {
	s        *wired.Service
	clk      *clock.Fixed
	activity int64
	staff    string
	deputies []string
}

const venueHost = "https://lianluo.example.cn"

func newVenue(t *testing.T, deputies int, opts ...wired.Option) *venue {
	t.Helper()
	start := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	clk := clock.NewFixed(start.Add(-2 * time.Hour))
	opts = append([]wired.Option{wired.Clock(clk), wired.Configure(func(c *config.Config) { c.PublicBaseURL = venueHost })}, opts...)
	s := wired.New(t, opts...)
	st := s.Station(t, "民生街道联络站", "450102001")
	v := &venue{s: s, clk: clk}
	for i := range deputies {
		d := s.Deputy(t, fmt.Sprintf("代表%d", i+1), fmt.Sprintf("138007000%02d", i+1), st)
		token, _ := s.User(t, access.Grant{Role: access.RoleDeputy, DeputyID: d})
		v.deputies = append(v.deputies, token)
	}
	v.staff, _ = s.User(t, access.Grant{Role: access.RoleStaff, StationIDs: []int64{st}})
	v.activity = wired.PublishAt(t, s.Activities, st, "reception_day", start).ID
	clk.Advance(90 * time.Minute) // half an hour before the start: check-in is open
	return v
}

type venueCode struct {
	Code, URL, PNG string
	ExpiresAt      time.Time `json:"expires_at"`
}

// code is what the venue screen shows now.
func (v *venue) code(t *testing.T) venueCode {
	t.Helper()
	w := v.s.Do(t, "GET", fmt.Sprintf("/api/v1/admin/activities/%d/checkin-code", v.activity), v.staff, nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var c venueCode
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &c))
	return c
}

// checkIn sends a deputy's check-in from the venue's position.
func (v *venue) checkIn(t *testing.T, deputy int, code string) *httptest.ResponseRecorder {
	t.Helper()
	return v.s.Do(t, "POST", fmt.Sprintf("/api/v1/activities/%d/checkin", v.activity), v.deputies[deputy],
		map[string]any{"code": code, "latitude": 22.8171, "longitude": 108.3661})
}

func errorCodeOf(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var body struct{ Error struct{ Code string } }
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body), w.Body.String())
	return body.Error.Code
}

// decodeQR reads the QR of a base64 PNG as a phone's scanner would.
func decodeQR(t *testing.T, b64 string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(raw))
	require.NoError(t, err)
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	require.NoError(t, err)
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	require.NoError(t, err, "the venue's QR can be read")
	return res.GetText()
}

func TestTheVenueQRHoldsTheLinkThatWeChatsScannerOpens(t *testing.T) {
	v := newVenue(t, 1)
	c := v.code(t)
	assert.Regexp(t, `^[0-9]{6}$`, c.Code, "six digits to type")
	want := fmt.Sprintf("%s/c/%d/%s", venueHost, v.activity, c.Code)
	assert.Equal(t, want, c.URL)
	assert.Equal(t, want, decodeQR(t, c.PNG), "the QR holds the link, for 扫普通链接二维码打开小程序")
	assert.False(t, c.ExpiresAt.IsZero())

	v.clk.Advance(30 * time.Second)
	next := v.code(t)
	assert.NotEqual(t, c.Code, next.Code, "the code turns every 30 seconds")
	assert.Equal(t, next.URL, decodeQR(t, next.PNG))
}

func TestADeputyChecksInWithTheCodeTypedOrTheScannedLink(t *testing.T) {
	v := newVenue(t, 3)
	c := v.code(t)
	cases := []struct {
		name   string
		deputy int
		code   string
	}{
		{"the six digits typed, with a space", 0, c.Code[:3] + " " + c.Code[3:]},
		{"the link the QR holds (a scanner's text, or the page's q)", 1, c.URL},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := v.checkIn(t, tc.deputy, tc.code)
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			assert.Contains(t, w.Body.String(), `"method":"code"`)
		})
	}

	// A minute later the code shown then is refused; the screen's new one works.
	v.clk.Advance(61 * time.Second)
	w := v.checkIn(t, 2, c.Code)
	require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
	assert.Equal(t, "invalid_code", errorCodeOf(t, w))
	assert.Equal(t, http.StatusOK, v.checkIn(t, 2, v.code(t).Code).Code)
}

func TestWrongTypedCodesAreRefusedAndThenLimited(t *testing.T) {
	v := newVenue(t, 2)
	right := v.code(t).Code
	wrong := fmt.Sprintf("%06d", (atoi(t, right)+500_000)%1_000_000)
	for i := range 10 {
		w := v.checkIn(t, 0, wrong)
		require.Equal(t, http.StatusBadRequest, w.Code, "try %d: %s", i+1, w.Body.String())
		assert.Equal(t, "invalid_code", errorCodeOf(t, w))
	}
	w := v.checkIn(t, 0, right)
	require.Equal(t, http.StatusTooManyRequests, w.Code, "past ten tries even the right code waits: %s", w.Body.String())
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "工作人员", "the refusal says staff can check the deputy in")

	assert.Equal(t, http.StatusOK, v.checkIn(t, 1, right).Code, "another deputy's tries are their own")
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	_, err := fmt.Sscanf(s, "%d", &n)
	require.NoError(t, err)
	return n
}

func TestTheVenueLinkOutsideWeChatSaysToScanWithWeChat(t *testing.T) {
	v := newVenue(t, 1)
	c := v.code(t)
	w := v.s.Do(t, "GET", strings.TrimPrefix(c.URL, venueHost), "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	page := w.Body.String()
	assert.Contains(t, page, "请用微信“扫一扫”扫描此码签到")
	assert.Regexp(t, regexp.MustCompile(`id="code">`+c.Code+`<`), page, "the code to type")
	assert.Contains(t, page, "工作人员")

	w = v.s.Do(t, "GET", fmt.Sprintf("/c/%d/%s", v.activity, "%3Cscript%3E"), "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), "<script", "what is not a code is not shown")
	assert.NotContains(t, w.Body.String(), `id="code"`)

	w = v.s.Do(t, "GET", "/c/abc/123456", "", nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
}

func TestTheLinkVerificationFileIsServedWhenConfigured(t *testing.T) {
	v := newVenue(t, 1, wired.Configure(func(c *config.Config) {
		c.WeChat.LinkVerifyFile, c.WeChat.LinkVerifyContent = "Xk3v9QpL2a.txt", "5c0f1e2d3b4a69788796a5b4c3d2e1f0"
	}))
	for _, path := range []string{"/Xk3v9QpL2a.txt", "/c/Xk3v9QpL2a.txt"} {
		w := v.s.Do(t, "GET", path, "", nil)
		require.Equal(t, http.StatusOK, w.Code, path)
		assert.Equal(t, "5c0f1e2d3b4a69788796a5b4c3d2e1f0", w.Body.String(), path)
		assert.True(t, strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain"), path)
	}
	assert.Equal(t, http.StatusNotFound, v.s.Do(t, "GET", "/Other.txt", "", nil).Code)

	none := wired.New(t)
	assert.Equal(t, http.StatusNotFound, none.Do(t, "GET", "/Xk3v9QpL2a.txt", "", nil).Code, "without the setting there is no file")
}

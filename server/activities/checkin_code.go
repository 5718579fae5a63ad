package activities

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
)

// The venue's check-in code.
//
// The venue shows a QR of a link, https://<host>/c/<activity>/<code>, and the
// code in large digits under it. WeChat's own 扫一扫 opens the link in the
// mini program's check-in page (扫普通链接二维码打开小程序: the prefix
// https://<host>/c/ is registered in the mini program's admin; the page gets
// the link as its q option), so a deputy needs no menu to find the scanner.
// A deputy whose camera cannot read the screen types the six digits instead.
// Outside WeChat the link opens a page of server/api that says to scan with
// WeChat and shows the digits.
//
// The code is HMAC(activity's secret, 30 s slot) cut to six digits. The
// current and the previous slot are accepted, so a photo of the screen sent
// to someone at home is of no use a minute later; six digits are 1 in 10⁶ a
// guess, and the guesses of a deputy at an activity are limited (server/api,
// rate_limits.checkin_code_per_deputy); a guess must also come from an invited
// deputy within the check-in window and inside the venue's radius.
//
// The ten-character code of before (HMAC as base32, in QRs of text
// liaison:checkin:<activity>:<code>) is accepted too, for a phone still on the
// mini program's previous release.

// CheckinCode is the rotating code shown at the venue.
type CheckinCode struct {
	// Code is what a deputy types: six digits.
	Code string `json:"code"`
	// URL is what the QR holds: https://<host>/c/<activity>/<code>.
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
	// PNG is the QR of URL, base64.
	PNG string `json:"png"`
}

// CheckinLinkPath is the path prefix of the venue's link; the mini program's
// admin registers PublicBaseURL + CheckinLinkPath as the rule that opens the
// check-in page.
const CheckinLinkPath = "/c/"

// typedCodeLen is the length of the code a deputy types.
const typedCodeLen = 6

// typedCode is HMAC(secret, "typed", slot) as six digits, taken as HOTP takes
// its digits (RFC 4226 §5.3, dynamic truncation).
func typedCode(secret []byte, slot int64) string {
	m := hmac.New(sha256.New, secret)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(slot))
	m.Write([]byte("typed:"))
	m.Write(b[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", typedCodeLen, v%1_000_000)
}

// legacyCode is the code of before: HMAC(secret, slot) as 10 characters.
func legacyCode(secret []byte, slot int64) string {
	m := hmac.New(sha256.New, secret)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(slot))
	m.Write(b[:])
	return strings.ToUpper(base32NoPad(m.Sum(nil))[:10])
}

func base32NoPad(b []byte) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no I, O, 0, 1
	var out strings.Builder
	var acc uint64
	bits := 0
	for _, c := range b {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out.WriteByte(alphabet[(acc>>bits)&31])
		}
	}
	return out.String()
}

// NormalizeTypedCode is a typed check-in code as six ASCII digits: spaces,
// dashes and dots are dropped and full-width digits (a Chinese keyboard's)
// read as digits. It is "" when what is left is not six digits.
func NormalizeTypedCode(typed string) string {
	var b strings.Builder
	for _, r := range typed {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == ' ' || r == '\u3000' || r == '-' || r == '.' || r == '\t':
		default:
			return ""
		}
	}
	if b.Len() != typedCodeLen {
		return ""
	}
	return b.String()
}

// ParseCheckinLink reads a venue link, http(s)://<host>/c/<activity>/<code>,
// whatever its host: the activity and the code are what is checked.
func ParseCheckinLink(link string) (activityID int64, code string, ok bool) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return 0, "", false
	}
	i := strings.LastIndex(u.Path, CheckinLinkPath)
	if i < 0 {
		return 0, "", false
	}
	id, c, found := strings.Cut(strings.TrimSuffix(u.Path[i+len(CheckinLinkPath):], "/"), "/")
	n, err := strconv.ParseInt(id, 10, 64)
	if !found || err != nil || n <= 0 || c == "" || strings.Contains(c, "/") {
		return 0, "", false
	}
	return n, c, true
}

// CheckinLink is the venue link of an activity's code.
func (s *Service) CheckinLink(activityID int64, code string) string {
	return fmt.Sprintf("%s%s%d/%s", s.PublicBaseURL, CheckinLinkPath, activityID, code)
}

func (s *Service) slot(t time.Time) int64 { return t.UnixNano() / int64(s.Rules.CheckinCodeSlot) }

// CheckinCode returns the current code of a published activity, its link and
// the link's QR as a base64 PNG.
func (s *Service) CheckinCode(ctx context.Context, p *access.Principal, id int64) (*CheckinCode, error) {
	a, err := s.activityInScope(ctx, s.DB, p, id, false)
	if err != nil {
		return nil, err
	}
	if a.Status != StatusPublished {
		return nil, apperr.Conflict("activity_not_published", "活动未发布或已取消")
	}
	now := s.Clock.Now()
	slot := s.slot(now)
	c := typedCode(a.Secret, slot)
	link := s.CheckinLink(a.ID, c)
	png, err := qrcode.Encode(link, qrcode.Medium, 320)
	if err != nil {
		return nil, fmt.Errorf("activities: qr: %w", err)
	}
	expires := time.Unix(0, (slot+1)*int64(s.Rules.CheckinCodeSlot)).In(clock.Shanghai)
	return &CheckinCode{Code: c, URL: link, ExpiresAt: expires, PNG: base64.StdEncoding.EncodeToString(png)}, nil
}

// validCode accepts the code of the current and of the previous slot, as
// typed (six digits), as the venue link, or as the code of before (ten
// characters, bare or in its QR's text liaison:checkin:<activity>:<code>).
// A link or a QR text of another activity is refused.
func (s *Service) validCode(secret []byte, activityID int64, given string, now time.Time) bool {
	given = strings.TrimSpace(given)
	if id, c, ok := ParseCheckinLink(given); ok {
		if id != activityID {
			return false
		}
		given = c
	} else if upper := strings.ToUpper(given); strings.HasPrefix(upper, "LIAISON:CHECKIN:") {
		if !strings.HasPrefix(upper, fmt.Sprintf("LIAISON:CHECKIN:%d:", activityID)) {
			return false
		}
		given = given[strings.LastIndexByte(given, ':')+1:]
	}
	want := func(slot int64) string { return legacyCode(secret, slot) }
	if typed := NormalizeTypedCode(given); typed != "" {
		given = typed
		want = func(slot int64) string { return typedCode(secret, slot) }
	} else {
		given = strings.ToUpper(given)
	}
	slot := s.slot(now)
	ok := false
	for _, sl := range []int64{slot, slot - 1} {
		if subtle.ConstantTimeCompare([]byte(want(sl)), []byte(given)) == 1 {
			ok = true
		}
	}
	return ok
}

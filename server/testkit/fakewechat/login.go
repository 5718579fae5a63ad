package fakewechat

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"
)

// loginState holds the codes a test has registered for wx.login and for
// the phone number button, and the codes already spent.
type loginState struct {
	logins      map[string]login  // js_code → user
	phones      map[string]string // phone code → mainland number
	used        map[string]bool
	sessionKeys map[string]string // openid → last session_key issued
}

type login struct{ openID, unionID string }

func (ls *loginState) init() {
	ls.logins = map[string]login{}
	ls.phones = map[string]string{}
	ls.used = map[string]bool{}
	ls.sessionKeys = map[string]string{}
}

// AddLogin registers a wx.login code that jscode2session accepts once.
// unionID may be empty, as for a mini program not bound to an open platform account.
func (s *Server) AddLogin(code, openID, unionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logins[code] = login{openID, unionID}
}

// AddPhone registers a phone number code (from the getPhoneNumber button)
// that getuserphonenumber accepts once; phone is a mainland number like "13800138000".
func (s *Server) AddPhone(code, phone string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.phones[code] = phone
}

// SessionKey is the last session_key jscode2session gave openID, "" if none.
func (s *Server) SessionKey(openID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessionKeys[openID]
}

type sessionAnswer struct {
	OpenID     string `json:"openid"`
	SessionKey string `json:"session_key"`
	UnionID    string `json:"unionid,omitempty"`
}

// code2Session is GET /sns/jscode2session.
func (s *Server) code2Session(r *http.Request) any {
	q := r.URL.Query()
	if e := s.checkApp(q.Get("appid"), q.Get("secret")); e != nil {
		return e
	}
	if q.Get("grant_type") != "authorization_code" {
		return s.fail(40002, "invalid grant_type")
	}
	code := q.Get("js_code")
	if code == "" {
		return s.fail(41008, "missing code")
	}
	if s.used[code] {
		return s.fail(40163, "code been used")
	}
	u, ok := s.logins[code]
	if !ok {
		return s.fail(40029, "invalid code")
	}
	s.used[code] = true
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	s.sessionKeys[u.openID] = base64.StdEncoding.EncodeToString(key)
	return sessionAnswer{OpenID: u.openID, SessionKey: s.sessionKeys[u.openID], UnionID: u.unionID}
}

type phoneAnswer struct {
	apiError
	PhoneInfo phoneInfo `json:"phone_info"`
}

type phoneInfo struct {
	PhoneNumber     string    `json:"phoneNumber"`
	PurePhoneNumber string    `json:"purePhoneNumber"`
	CountryCode     string    `json:"countryCode"`
	Watermark       watermark `json:"watermark"`
}

type watermark struct {
	Timestamp int64  `json:"timestamp"`
	AppID     string `json:"appid"`
}

// phoneNumber is POST /wxa/business/getuserphonenumber with {"code": ...}.
// A spent or unknown code answers 40029, as WeChat does.
func (s *Server) phoneNumber(r *http.Request) any {
	var in struct {
		Code string `json:"code"`
	}
	if !decodeBody(r, &in) {
		return s.fail(47001, "data format error")
	}
	phone, ok := s.phones[in.Code]
	if !ok || s.used["phone:"+in.Code] {
		return s.fail(40029, "invalid code")
	}
	s.used["phone:"+in.Code] = true
	return phoneAnswer{
		apiError: apiError{ErrMsg: "ok"},
		PhoneInfo: phoneInfo{
			PhoneNumber:     phone,
			PurePhoneNumber: phone,
			CountryCode:     "86",
			Watermark:       watermark{Timestamp: time.Now().Unix(), AppID: s.appID},
		},
	}
}

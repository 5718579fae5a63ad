// Package fakewechat is a fake WeChat API server for tests. It answers the
// mini program endpoints liaison uses the way api.weixin.qq.com does: JSON
// bodies with errcode/errmsg, HTTP 200 even for errors, access tokens that
// can be expired on demand, single-use login and phone codes.
//
// Point wechat.Config.APIBase (LIAISON_WECHAT_API_BASE) at Server.URL().
// The wechat adapter routes a whole process to one WeChat origin, so tests
// that use different fakes must not run in parallel with each other.
package fakewechat

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison-stations/liaison/server/testkit/latency"
)

// Default credentials of the fake mini program.
const (
	DefaultAppID  = "wxtestappid"
	DefaultSecret = "testsecret"
)

// Paths of the endpoints the fake answers.
const (
	PathToken          = "/cgi-bin/token"
	PathStableToken    = "/cgi-bin/stable_token"
	PathCode2Session   = "/sns/jscode2session"
	PathPhoneNumber    = "/wxa/business/getuserphonenumber"
	PathQRCodeUnlimit  = "/wxa/getwxacodeunlimit"
	PathSubscribeSend  = "/cgi-bin/message/subscribe/send"
	tokenExpiresInSecs = 7200
)

// Server is a running fake WeChat API. Its methods are safe for concurrent use.
type Server struct {
	srv    *httptest.Server
	appID  string
	secret string
	routes map[string]route
	// latency delays every answer (Latency).
	latency atomic.Int64

	mu          sync.Mutex
	rid         int
	calls       map[string]int
	rateLimited int // next n API calls answer 45011
	tokenState
	loginState
	qrState
	subscribeState
	securityState
}

// route is one endpoint: its HTTP method, whether it needs an access_token,
// and the handler that runs with s.mu held.
type route struct {
	method     string
	needsToken bool
	handle     func(s *Server, r *http.Request) any
}

// Option configures a Server.
type Option func(*Server)

// WithApp sets the AppID and secret the fake accepts (defaults DefaultAppID, DefaultSecret).
func WithApp(appID, secret string) Option {
	return func(s *Server) { s.appID, s.secret = appID, secret }
}

// New starts a fake WeChat server, closed when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		appID:  DefaultAppID,
		secret: DefaultSecret,
		calls:  map[string]int{},
		routes: map[string]route{
			PathToken:         {http.MethodGet, false, (*Server).token},
			PathStableToken:   {http.MethodPost, false, (*Server).stableToken},
			PathCode2Session:  {http.MethodGet, false, (*Server).code2Session},
			PathPhoneNumber:   {http.MethodPost, true, (*Server).phoneNumber},
			PathQRCodeUnlimit: {http.MethodPost, true, (*Server).qrCodeUnlimit},
			PathSubscribeSend: {http.MethodPost, true, (*Server).subscribeSend},
			PathMsgSecCheck:   {http.MethodPost, true, (*Server).msgSecCheck},
		},
	}
	for _, o := range opts {
		o(s)
	}
	s.tokenState.init()
	s.loginState.init()
	s.subscribeState.init()
	s.securityState.init()
	s.srv = httptest.NewServer(s)
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the origin of the fake, e.g. "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.srv.URL }

// AppID is the AppID the fake accepts.
func (s *Server) AppID() string { return s.appID }

// Secret is the app secret the fake accepts.
func (s *Server) Secret() string { return s.secret }

// Calls reports how many requests reached path (e.g. PathPhoneNumber), whatever their outcome.
func (s *Server) Calls(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[path]
}

// RateLimitNext makes the next n calls to any endpoint other than the token
// endpoints answer 45011 (api minute-quota reach limit).
func (s *Server) RateLimitNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimited = n
}

// Latency delays every answer by d, as a distant server would. The request
// is handled when it arrives: a caller that hangs up meanwhile (a timeout, a
// killed worker) has still sent its message and does not know it, as with
// WeChat, which does not undo a subscribe message whose answer was lost.
func (s *Server) Latency(d time.Duration) { s.latency.Store(int64(d)) }

// ServeHTTP dispatches to the route table, holding the answer back by the latency.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	latency.Serve(w, r, time.Duration(s.latency.Load()), s.serve)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[r.URL.Path]++
	rt, ok := s.routes[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	var answer any
	switch {
	case r.Method != rt.method && rt.method == http.MethodGet:
		answer = s.fail(43001, "require GET method")
	case r.Method != rt.method:
		answer = s.fail(43002, "require POST method")
	case rt.needsToken && r.URL.Query().Get("access_token") == "":
		answer = s.fail(41001, "access_token missing")
	case rt.needsToken && !s.validToken(r.URL.Query().Get("access_token")):
		answer = s.fail(40001, "invalid credential, access_token is invalid or not latest")
	case s.rateLimited > 0 && r.URL.Path != PathToken && r.URL.Path != PathStableToken:
		s.rateLimited--
		answer = s.fail(45011, "api minute-quota reach limit  mustslower  retry next minute")
	default:
		answer = rt.handle(s, r)
	}
	if _, ok := answer.(badGateway); ok {
		http.Error(w, "bad gateway", http.StatusBadGateway)
		return
	}
	if img, ok := answer.(imageBody); ok {
		// WeChat labels its code images image/jpeg, and silenceper accepts
		// nothing else, whatever the bytes are.
		w.Header().Set("Content-Type", "image/jpeg")
		_, _ = w.Write(img)
		return
	}
	writeJSON(w, answer)
}

// imageBody is a handler answer sent as raw image bytes instead of JSON.
type imageBody []byte

// apiError is WeChat's error body.
type apiError struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// fail builds an error body, with a request id appended as WeChat does.
func (s *Server) fail(code int, msg string) apiError {
	s.rid++
	return apiError{ErrCode: code, ErrMsg: fmt.Sprintf("%s rid: %08x-%08x", msg, s.rid, code)}
}

// decodeBody reads a JSON request body into v; false when it is not JSON.
func decodeBody(r *http.Request, v any) bool {
	return json.NewDecoder(r.Body).Decode(v) == nil
}

func writeJSON(w http.ResponseWriter, v any) {
	// WeChat's own, odd, content type for JSON answers.
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

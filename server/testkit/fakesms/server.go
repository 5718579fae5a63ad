// Package fakesms is a fake Tencent Cloud SMS API (sms/v20210111 SendSms)
// for tests and benchmarks. It answers as sms.tencentcloudapi.com does:
// HTTP 200 with {"Response": …}, a top-level Response.Error for a refused
// request, and a Code per number in SendStatusSet ("Ok", or a per-number
// error such as LimitExceeded.PhoneNumberThirtySecondLimit).
//
// It checks that the request is TC3-HMAC-SHA256-signed with its SecretId
// (the signature itself is not recomputed), applies Tencent's default rule
// of the same content once per 30 s per number, refuses numbers that are
// not +86 mainland mobiles, and records what it accepted per phone. Tests
// make it fail on demand: FailNext, FailRate, DropAfterAccept, Latency.
//
// Point sms.Config.Endpoint (LIAISON_SMS_ENDPOINT) at Server.URL().
package fakesms

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison-stations/liaison/server/clock"
)

// Default credentials and application of the fake account.
const (
	DefaultSecretID  = "AKIDfakesms0000000000000000000000000"
	DefaultSecretKey = "fakesmssecretkey0000000000000000"
	DefaultSDKAppID  = "1400000001"
	DefaultSign      = "联络站测试"
)

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	srv      *httptest.Server
	secretID string
	appID    string
	sign     string
	clock    clock.Clock

	latency atomic.Int64 // time.Duration before each answer

	mu           sync.Mutex
	requests     int
	serial       uint64
	rid          uint64
	sent         []Sent
	byPhone      map[string][]int     // 11-digit phone → indexes into sent
	bySerial     map[string]int       // SerialNo → index into sent
	lastContent  map[string]time.Time // phone + content → last accepted
	thirtySecond bool
	templates    map[string]int // template id → number of parameters; empty: any
	failNext     int
	failNextCode string
	failRate     float64
	failRateCode string
	drop         int
}

// Option configures a Server.
type Option func(*Server)

// WithAccount sets the SecretId, SmsSdkAppId and signature the fake accepts
// (defaults DefaultSecretID, DefaultSDKAppID, DefaultSign).
func WithAccount(secretID, sdkAppID, sign string) Option {
	return func(s *Server) { s.secretID, s.appID, s.sign = secretID, sdkAppID, sign }
}

// WithClock sets the clock of the 30-second rule and of receipts (default: the system clock).
func WithClock(c clock.Clock) Option { return func(s *Server) { s.clock = c } }

// New starts a fake, closed when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		secretID:     DefaultSecretID,
		appID:        DefaultSDKAppID,
		sign:         DefaultSign,
		clock:        clock.System{},
		byPhone:      map[string][]int{},
		bySerial:     map[string]int{},
		lastContent:  map[string]time.Time{},
		thirtySecond: true,
		templates:    map[string]int{},
	}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(s)
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the origin of the fake, e.g. "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.srv.URL }

// SecretID is the SecretId the fake accepts.
func (s *Server) SecretID() string { return s.secretID }

// SecretKey is a key to configure clients with; the fake does not check it.
func (s *Server) SecretKey() string { return DefaultSecretKey }

// SDKAppID is the SmsSdkAppId the fake accepts.
func (s *Server) SDKAppID() string { return s.appID }

// Sign is the signature the fake accepts.
func (s *Server) Sign() string { return s.sign }

// Sent is one message the fake accepted.
type Sent struct {
	PhoneNumber    string // as received, e.g. +8613800138000
	TemplateID     string
	Params         []string
	Sign           string
	SessionContext string
	SerialNo       string
	At             time.Time
}

// Received returns the messages accepted for phone (11 digits, or with +86), oldest first.
func (s *Server) Received(phone string) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := s.byPhone[bare(phone)]
	out := make([]Sent, len(idx))
	for i, j := range idx {
		out[i] = s.sent[j]
		out[i].Params = append([]string(nil), s.sent[j].Params...)
	}
	return out
}

// Count is how many messages were accepted for phone.
func (s *Server) Count(phone string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byPhone[bare(phone)])
}

// Total is how many messages were accepted, for all phones.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// Requests is how many SendSms calls arrived, whatever their outcome.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// FailNext makes the next n calls fail with code before anything is
// accepted. code is a Tencent error code — "InternalError.Timeout",
// "LimitExceeded.PhoneNumberDailyLimit" … answered where Tencent puts it
// (see PerNumber) — or "HTTP nnn" for a bare HTTP status with an HTML body,
// as a gateway answers ("HTTP 502").
func (s *Server) FailNext(n int, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext, s.failNextCode = n, code
}

// FailRate makes each call fail with code with probability p (0 turns it off),
// after any FailNext failures.
func (s *Server) FailRate(p float64, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failRate, s.failRateCode = p, code
}

// DropAfterAccept makes the next n calls that accept a message record it and
// then close the connection without answering: the client cannot tell
// whether the message went out.
func (s *Server) DropAfterAccept(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop = n
}

// Latency delays every answer by d (for benchmarks and timeouts).
func (s *Server) Latency(d time.Duration) { s.latency.Store(int64(d)) }

// ThirtySecondLimit switches Tencent's default rule — the same content to
// the same number at most once per 30 s — on (the default) or off.
func (s *Server) ThirtySecondLimit(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.thirtySecond = on
}

// Template registers an approved template with its number of parameters.
// Once one is registered, other template ids are refused
// (FailedOperation.TemplateIncorrectOrUnapproved) and a wrong number of
// parameters too (FailedOperation.TemplateParamSetNotMatchApprovedTemplate).
func (s *Server) Template(id string, params int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.templates[id] = params
}

// PerNumber reports whether Tencent answers code per number, in
// SendStatusSet, rather than as the request's Response.Error. The SMS
// product's own codes come per number; the platform's (AuthFailure,
// InternalError, RequestLimitExceeded, MissingParameter …) for the request.
func PerNumber(code string) bool {
	for _, p := range []string{"LimitExceeded.", "InvalidParameterValue.", "FailedOperation.", "UnsupportedOperation."} {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// bare is phone without +86, the key of byPhone.
func bare(phone string) string {
	phone = strings.TrimPrefix(phone, "+86")
	if len(phone) == 13 && strings.HasPrefix(phone, "86") {
		phone = phone[2:]
	}
	return phone
}

// apiError is Tencent's Response.Error.
type apiError struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

// errorAnswer is a refused request.
type errorAnswer struct {
	Response struct {
		Error     apiError `json:"Error"`
		RequestId string   `json:"RequestId"`
	} `json:"Response"`
}

// requestID makes a RequestId; s.mu must be held.
func (s *Server) requestID() string {
	s.rid++
	return fmt.Sprintf("fake-%08x-0000-4000-8000-%012x", s.rid>>32, s.rid)
}

// failure is how one call fails, decided under s.mu and written after.
type failure struct {
	httpStatus int
	code       string
	message    string
}

// transientFailure consumes FailNext or draws FailRate; s.mu must be held.
func (s *Server) transientFailure() (string, bool) {
	if s.failNext > 0 {
		s.failNext--
		return s.failNextCode, true
	}
	if s.failRate > 0 && rand.Float64() < s.failRate {
		return s.failRateCode, true
	}
	return "", false
}

// asFailure turns a FailNext/FailRate code into a request-level failure, or
// reports that it is a per-number one.
func asFailure(code string) (failure, bool) {
	if st, ok := strings.CutPrefix(code, "HTTP "); ok {
		n, err := strconv.Atoi(st)
		if err != nil {
			n = http.StatusBadGateway
		}
		return failure{httpStatus: n}, true
	}
	if PerNumber(code) {
		return failure{}, false
	}
	return failure{code: code, message: messageFor(code)}, true
}

func (s *Server) writeFailure(w http.ResponseWriter, f failure, rid string) {
	if f.httpStatus != 0 {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.httpStatus)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>\n", f.httpStatus, http.StatusText(f.httpStatus))
		return
	}
	var a errorAnswer
	a.Response.Error = apiError{Code: f.code, Message: f.message}
	a.Response.RequestId = rid
	writeJSON(w, a)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// messages are Tencent's explanations for the codes the fake answers with;
// others get a generic one.
var messages = map[string]string{
	"InvalidParameterValue.IncorrectPhoneNumber":               "incorrect phone number",
	"LimitExceeded.PhoneNumberThirtySecondLimit":               "the number of sms messages sent from a single mobile number within 30 seconds exceeds the upper limit",
	"LimitExceeded.PhoneNumberOneHourLimit":                    "the number of sms messages sent from a single mobile number within 1 hour exceeds the upper limit",
	"LimitExceeded.PhoneNumberDailyLimit":                      "the number of sms messages sent from a single mobile number every day exceeds the upper limit",
	"LimitExceeded.PhoneNumberSameContentDailyLimit":           "the number of sms messages with the same content sent from a single mobile number every day exceeds the upper limit",
	"FailedOperation.TemplateIncorrectOrUnapproved":            "template is not approved or request content does not match the approved template content",
	"FailedOperation.TemplateParamSetNotMatchApprovedTemplate": "request content does not match the approved template content",
	"FailedOperation.SignatureIncorrectOrUnapproved":           "signature is not approved or signature format is incorrect",
	"FailedOperation.PhoneNumberInBlacklist":                   "phone number in blacklist",
	"InternalError.Timeout":                                    "request timed out",
	"AuthFailure.SecretIdNotFound":                             "The SecretId is not found, please ensure that your SecretId is correct.",
	"AuthFailure.InvalidAuthorization":                         "Authorization header is invalid",
}

func messageFor(code string) string {
	if m, ok := messages[code]; ok {
		return m
	}
	return "fake failure: " + code
}

package fakesms

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/testkit/latency"
)

// sendSmsRequest is the JSON body of SendSms (2021-01-11).
type sendSmsRequest struct {
	PhoneNumberSet   []string
	SmsSdkAppId      string
	SignName         string
	TemplateId       string
	TemplateParamSet []string
	SessionContext   string
	ExtendCode       string
	SenderId         string
}

// sendStatus is one element of SendStatusSet.
type sendStatus struct {
	SerialNo       string `json:"SerialNo"`
	PhoneNumber    string `json:"PhoneNumber"`
	Fee            uint64 `json:"Fee"`
	SessionContext string `json:"SessionContext"`
	Code           string `json:"Code"`
	Message        string `json:"Message"`
	IsoCode        string `json:"IsoCode"`
}

type sendSmsAnswer struct {
	Response struct {
		SendStatusSet []sendStatus `json:"SendStatusSet"`
		RequestId     string       `json:"RequestId"`
	} `json:"Response"`
}

// mainlandMobile is what the fake accepts as a number: +86 and a mainland
// mobile. (Tencent also takes 11 digits without +86; the fake is strict so
// that a client forgetting the country code shows.)
var mainlandMobile = regexp.MustCompile(`^\+861[3-9][0-9]{9}$`)

const (
	apiVersion     = "2021-01-11"
	thirtySeconds  = 30 * time.Second
	maxPhoneNumber = 200
)

// ServeHTTP answers SendSms. With a latency, the request is handled when it
// arrives and its answer held back: a caller that hangs up meanwhile (a
// timeout, a killed worker) has still sent its message and does not know it.
// Tencent's API behaves so — a timed-out call may have succeeded, which is
// why the sms package calls it Unknown and receipts settle it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	latency.Serve(w, r, time.Duration(s.latency.Load()), s.serve)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	refuse, in := s.checkRequest(r)
	s.mu.Lock()
	s.requests++
	rid := s.requestID()
	if refuse != nil {
		s.mu.Unlock()
		s.writeFailure(w, *refuse, rid)
		return
	}
	perNumberCode := ""
	if code, failing := s.transientFailure(); failing {
		f, ok := asFailure(code)
		if ok {
			s.mu.Unlock()
			s.writeFailure(w, f, rid)
			return
		}
		perNumberCode = code
	}
	answer, accepted := s.sendSms(in, perNumberCode)
	answer.Response.RequestId = rid
	drop := accepted > 0 && s.drop > 0
	if drop {
		s.drop--
	}
	s.mu.Unlock()

	if drop {
		latency.HangUp(w)
		return
	}
	writeJSON(w, answer)
}

// checkRequest does the checks that need no state: method, signature
// header, action, version and body.
func (s *Server) checkRequest(r *http.Request) (*failure, sendSmsRequest) {
	var in sendSmsRequest
	auth := r.Header.Get("Authorization")
	switch {
	case r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json"):
		return &failure{code: "InvalidParameter", message: "the fake takes SendSms as a POST with a JSON body"}, in
	case !strings.HasPrefix(auth, "TC3-HMAC-SHA256 "):
		return &failure{code: "AuthFailure.InvalidAuthorization", message: messageFor("AuthFailure.InvalidAuthorization")}, in
	case !strings.Contains(auth, "Credential="+s.secretID+"/"):
		return &failure{code: "AuthFailure.SecretIdNotFound", message: messageFor("AuthFailure.SecretIdNotFound")}, in
	case r.Header.Get("X-TC-Action") != "SendSms":
		return &failure{code: "InvalidAction", message: fmt.Sprintf("action %q not found", r.Header.Get("X-TC-Action"))}, in
	case r.Header.Get("X-TC-Version") != apiVersion:
		return &failure{code: "NoSuchVersion", message: "the fake answers version " + apiVersion}, in
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return &failure{code: "FailedOperation.FailResolvePacket", message: "request body unreadable"}, in
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return &failure{code: "FailedOperation.JsonParseFail", message: "request body is not JSON"}, in
	}
	switch {
	case in.SmsSdkAppId != s.appID:
		return &failure{code: "UnauthorizedOperation.SmsSdkAppIdVerifyFail", message: "SmsSdkAppId verify failed"}, in
	case in.TemplateId == "":
		return &failure{code: "MissingParameter", message: "the parameter `TemplateId` is required"}, in
	case len(in.PhoneNumberSet) == 0:
		return &failure{code: "MissingParameter.EmptyPhoneNumberSet", message: "PhoneNumberSet is empty"}, in
	case len(in.PhoneNumberSet) > maxPhoneNumber:
		return &failure{code: "LimitExceeded.PhoneNumberCountLimit", message: "more than 200 phone numbers"}, in
	}
	return nil, in
}

// sendSms decides each number's status and records what it accepts; s.mu
// must be held. failCode, when set, is a per-number failure for every number.
func (s *Server) sendSms(in sendSmsRequest, failCode string) (sendSmsAnswer, int) {
	var a sendSmsAnswer
	now := s.clock.Now()
	content := in.SignName + "\x00" + in.TemplateId + "\x00" + strings.Join(in.TemplateParamSet, "\x00")
	accepted := 0
	for _, phone := range in.PhoneNumberSet {
		st := sendStatus{PhoneNumber: phone, SessionContext: in.SessionContext, IsoCode: "CN"}
		key := bare(phone) + "\x00" + content
		st.Code = failCode
		if st.Code == "" {
			st.Code = s.refusal(in, phone, key, now)
		}
		if st.Code != "" {
			st.Message = messageFor(st.Code)
			a.Response.SendStatusSet = append(a.Response.SendStatusSet, st)
			continue
		}
		s.serial++
		st.SerialNo = fmt.Sprintf("2640:%028d", s.serial)
		st.Fee, st.Code, st.Message = 1, "Ok", "send success"
		if s.thirtySecond {
			s.lastContent[key] = now
		}
		s.byPhone[bare(phone)] = append(s.byPhone[bare(phone)], len(s.sent))
		s.bySerial[st.SerialNo] = len(s.sent)
		s.sent = append(s.sent, Sent{
			PhoneNumber: phone, TemplateID: in.TemplateId, Params: append([]string(nil), in.TemplateParamSet...),
			Sign: in.SignName, SessionContext: in.SessionContext, SerialNo: st.SerialNo, At: now,
		})
		accepted++
		a.Response.SendStatusSet = append(a.Response.SendStatusSet, st)
	}
	return a, accepted
}

// refusal is the per-number code refusing phone, or ""; s.mu must be held.
func (s *Server) refusal(in sendSmsRequest, phone, key string, now time.Time) string {
	if n, ok := s.templates[in.TemplateId]; len(s.templates) > 0 && !ok {
		return "FailedOperation.TemplateIncorrectOrUnapproved"
	} else if ok && n != len(in.TemplateParamSet) {
		return "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"
	}
	switch {
	case in.SignName != s.sign:
		return "FailedOperation.SignatureIncorrectOrUnapproved"
	case !mainlandMobile.MatchString(phone):
		return "InvalidParameterValue.IncorrectPhoneNumber"
	}
	if last, ok := s.lastContent[key]; ok && s.thirtySecond && now.Sub(last) < thirtySeconds {
		return "LimitExceeded.PhoneNumberThirtySecondLimit"
	}
	return ""
}

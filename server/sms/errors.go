package sms

import (
	"errors"
	"fmt"
	"strings"
)

// Class says what a failed send means for the next attempt.
type Class int

const (
	// Unknown: the request may have been accepted — it was fully sent and
	// the answer was lost (timeout, connection reset while reading, an
	// unreadable answer, a gateway timeout). Retrying may send the message
	// twice: settle it from the delivery receipt or after a grace period.
	// It is the zero value, so an error nobody classified is never retried
	// blindly.
	Unknown Class = iota
	// Retry: nothing was sent and the cause is passing (a refused
	// connection, 5xx, InternalError, RequestLimitExceeded, a quota of the
	// whole account): retry with backoff.
	Retry
	// Permanent: the same request will always be refused (bad number,
	// template or signature, credentials, a number on the do-not-disturb
	// list): fail now; an operator may fix the cause and resend.
	Permanent
	// RateLimitedPerNumber: this number has had its share for now (Tencent's
	// per-number limits: 30 s, one hour, one day, same content per day).
	// Retry after the window. LimitExceeded.PhoneNumberThirtySecondLimit
	// after an earlier attempt of the same notification that ended Unknown
	// most likely means that attempt was accepted: default limits allow the
	// same content once per 30 s.
	RateLimitedPerNumber
)

// String names the class, for logs and metric labels.
func (c Class) String() string {
	switch c {
	case Retry:
		return "retry"
	case Permanent:
		return "permanent"
	case RateLimitedPerNumber:
		return "rate_limited_per_number"
	default:
		return "unknown"
	}
}

// Error is a failed send.
type Error struct {
	Class Class
	// Code is Tencent's error code ("LimitExceeded.PhoneNumberDailyLimit"),
	// one of the SDK's client codes ("ClientError.NetworkError"), or one of
	// this package's ("HttpStatus.502").
	Code string
	// Message is Tencent's explanation, or ours; secrets removed and phone
	// numbers masked.
	Message string
	// Err is the underlying transport error, when there is one.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	s := fmt.Sprintf("sms %s: %s", e.Class, e.Code)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the transport error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Classify returns the Class of an error returned by a Sender. An error that
// is not an *Error (nor wraps one) is Unknown: nothing tells that the
// message was not sent.
func Classify(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return Unknown
}

// Tencent codes that callers may want to tell apart within a class.
const (
	CodeIncorrectPhoneNumber         = "InvalidParameterValue.IncorrectPhoneNumber"
	CodePhoneNumberThirtySecondLimit = "LimitExceeded.PhoneNumberThirtySecondLimit"
	CodePhoneNumberOneHourLimit      = "LimitExceeded.PhoneNumberOneHourLimit"
	CodePhoneNumberDailyLimit        = "LimitExceeded.PhoneNumberDailyLimit"
	CodePhoneNumberSameContentLimit  = "LimitExceeded.PhoneNumberSameContentDailyLimit"
	CodePhoneNumberInBlacklist       = "FailedOperation.PhoneNumberInBlacklist"

	// codeMissingTemplate is this package refusing a message without template.
	codeMissingTemplate = "MissingParameter.TemplateId"
)

// codeClasses is the class of each Tencent code that SendSms returns, as a
// top-level Response.Error or as a SendStatusSet[i].Code. Sources: the SDK's
// sms/v20210111 errors.go and the codes listed on its SendSms; Tencent's
// API 3.0 SMS error codes (cloud.tencent.com/document/api/382/59177,
// 382/52075) and common error codes. Codes not listed fall to prefixClasses.
var codeClasses = map[string]Class{
	// Per-number limits (console: 频率限制策略).
	CodePhoneNumberThirtySecondLimit: RateLimitedPerNumber,
	CodePhoneNumberOneHourLimit:      RateLimitedPerNumber,
	CodePhoneNumberDailyLimit:        RateLimitedPerNumber,
	CodePhoneNumberSameContentLimit:  RateLimitedPerNumber,
	// "命中了频率限制策略": the console's per-number frequency policy.
	"LimitExceeded.DeliveryFrequencyLimit": RateLimitedPerNumber,

	// Limits of the whole application or account: they pass (next day, or
	// after the console is changed), so they are retried.
	"LimitExceeded.AppDailyLimit":                       Retry,
	"LimitExceeded.AppMainlandChinaDailyLimit":          Retry,
	"LimitExceeded.AppGlobalDailyLimit":                 Retry,
	"LimitExceeded.AppCountryOrRegionDailyLimit":        Retry,
	"LimitExceeded.DailyLimit":                          Retry,
	"RequestLimitExceeded":                              Retry,
	"RequestLimitExceeded.GlobalRegionUinLimitExceeded": Retry,
	"RequestLimitExceeded.IPLimitExceeded":              Retry,
	"RequestLimitExceeded.UinLimitExceeded":             Retry,
	// Marketing texts only between 08:00 and 22:00: the window opens again.
	"FailedOperation.MarketingSendTimeConstraint": Retry,

	// Tencent's side failed before taking the message. For 60008/1008
	// (InternalError.Timeout) Tencent's advice is "出现概率很低,可重试解决".
	"InternalError":                        Retry,
	"InternalError.Timeout":                Retry,
	"InternalError.SendAndRecvFail":        Retry,
	"InternalError.OtherError":             Retry,
	"InternalError.UnknownError":           Retry,
	"InternalError.JsonParseFail":          Retry,
	"ServiceUnavailable":                   Retry,
	"ResourceUnavailable":                  Retry,
	"FailedOperation.ParametersOtherError": Retry,
	// The carrier answered and Tencent could not read the answer: the
	// carrier may have taken the message.
	"InternalError.ParseBackendResponseFail": Unknown,

	// Our request, credentials or account are wrong: the same request
	// fails again until someone changes something.
	"InternalError.RequestTimeException":                       Permanent, // clock off by more than 10 minutes
	"InternalError.RestApiInterfaceNotExist":                   Permanent,
	"InternalError.SigFieldMissing":                            Permanent,
	"InternalError.SigVerificationFail":                        Permanent,
	"FailedOperation.InsufficientBalanceInSmsPackage":          Permanent, // until topped up; then resend
	"LimitExceeded.AppCountryOrRegionInBlacklist":              Permanent,
	"LimitExceeded.PhoneNumberCountLimit":                      Permanent,
	CodePhoneNumberInBlacklist:                                 Permanent,
	"FailedOperation.TemplateIncorrectOrUnapproved":            Permanent,
	"FailedOperation.SignatureIncorrectOrUnapproved":           Permanent,
	"FailedOperation.TemplateUnapprovedOrNotExist":             Permanent,
	"FailedOperation.TemplateParamSetNotMatchApprovedTemplate": Permanent,
	"FailedOperation.ContainSensitiveWord":                     Permanent,
	"FailedOperation.FailResolvePacket":                        Permanent,
	"FailedOperation.JsonParseFail":                            Permanent,
	"FailedOperation.PhoneNumberParseFail":                     Permanent,
	"FailedOperation.OtherError":                               Permanent,
	CodeIncorrectPhoneNumber:                                   Permanent,
	"DryRunOperation":                                          Permanent,
}

// prefixClasses classifies the codes codeClasses does not name; the first
// matching prefix wins, so the more specific ones come first.
var prefixClasses = []struct {
	prefix string
	class  Class
}{
	{"LimitExceeded.PhoneNumber", RateLimitedPerNumber},
	{"RequestLimitExceeded", Retry},
	{"InternalError", Retry},
	{"AuthFailure", Permanent},
	{"UnauthorizedOperation", Permanent},
	{"UnsupportedOperation", Permanent},
	{"InvalidParameter", Permanent}, // also InvalidParameterValue.*
	{"MissingParameter", Permanent},
	{"UnknownParameter", Permanent},
	{"InvalidAction", Permanent},
	{"ActionOffline", Permanent},
	{"NoSuchProduct", Permanent},
	{"NoSuchVersion", Permanent},
	{"UnsupportedRegion", Permanent},
	{"UnsupportedProtocol", Permanent},
	{"IpInBlacklist", Permanent},
	{"IpNotInWhitelist", Permanent},
	{"InvalidRequest", Permanent},
	{"RequestSizeLimitExceeded", Permanent},
	{"FailedOperation", Permanent},
	{"LimitExceeded", Retry}, // a quota of the account, not of the number
	{"ResourceInsufficient", Retry},
	{"ResourceUnavailable", Retry},
	{"ServiceUnavailable", Retry},
}

// classOf is the class of a code Tencent answered with. The request was
// answered, so nothing is ambiguous about it: a code nobody knows is
// retried — it was refused, so a retry cannot send twice.
func classOf(code string) Class {
	if c, ok := codeClasses[code]; ok {
		return c
	}
	for _, p := range prefixClasses {
		if strings.HasPrefix(code, p.prefix) {
			return p.class
		}
	}
	return Retry
}

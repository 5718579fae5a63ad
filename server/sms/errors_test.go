package sms

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassOfTencentCodes(t *testing.T) {
	for _, tc := range []struct {
		code string
		want Class
	}{
		// per number
		{"LimitExceeded.PhoneNumberThirtySecondLimit", RateLimitedPerNumber},
		{"LimitExceeded.PhoneNumberOneHourLimit", RateLimitedPerNumber},
		{"LimitExceeded.PhoneNumberDailyLimit", RateLimitedPerNumber},
		{"LimitExceeded.PhoneNumberSameContentDailyLimit", RateLimitedPerNumber},
		{"LimitExceeded.DeliveryFrequencyLimit", RateLimitedPerNumber},
		{"LimitExceeded.PhoneNumberSomeNewLimit", RateLimitedPerNumber},
		// transient, or limits of the whole account
		{"InternalError", Retry},
		{"InternalError.Timeout", Retry},
		{"InternalError.SendAndRecvFail", Retry},
		{"InternalError.OtherError", Retry},
		{"InternalError.SomethingNew", Retry},
		{"RequestLimitExceeded", Retry},
		{"RequestLimitExceeded.UinLimitExceeded", Retry},
		{"LimitExceeded.AppDailyLimit", Retry},
		{"LimitExceeded.AppMainlandChinaDailyLimit", Retry},
		{"LimitExceeded.DailyLimit", Retry},
		{"ServiceUnavailable", Retry},
		{"FailedOperation.MarketingSendTimeConstraint", Retry},
		{"SomethingNobodyKnows", Retry},
		// the carrier may have taken it
		{"InternalError.ParseBackendResponseFail", Unknown},
		// permanent
		{"InvalidParameterValue.IncorrectPhoneNumber", Permanent},
		{"InvalidParameterValue.TemplateParameterLengthLimit", Permanent},
		{"InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", Permanent},
		{"InvalidParameterValue.SdkAppIdNotExist", Permanent},
		{"InvalidParameter", Permanent},
		{"FailedOperation.TemplateIncorrectOrUnapproved", Permanent},
		{"FailedOperation.SignatureIncorrectOrUnapproved", Permanent},
		{"FailedOperation.TemplateParamSetNotMatchApprovedTemplate", Permanent},
		{"FailedOperation.PhoneNumberInBlacklist", Permanent},
		{"FailedOperation.InsufficientBalanceInSmsPackage", Permanent},
		{"FailedOperation.ContainSensitiveWord", Permanent},
		{"UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber", Permanent},
		{"UnsupportedOperation", Permanent},
		{"UnauthorizedOperation.SmsSdkAppIdVerifyFail", Permanent},
		{"UnauthorizedOperation.ServiceSuspendDueToArrears", Permanent},
		{"AuthFailure.SecretIdNotFound", Permanent},
		{"AuthFailure.SignatureFailure", Permanent},
		{"AuthFailure.SignatureExpire", Permanent},
		{"InternalError.RequestTimeException", Permanent},
		{"InternalError.SigVerificationFail", Permanent},
		{"LimitExceeded.PhoneNumberCountLimit", Permanent},
		{"LimitExceeded.AppCountryOrRegionInBlacklist", Permanent},
		{"MissingParameter.EmptyPhoneNumberSet", Permanent},
		{"InvalidAction", Permanent},
	} {
		t.Run(fmt.Sprintf("%s is %s", tc.code, tc.want), func(t *testing.T) {
			assert.Equal(t, tc.want, classOf(tc.code))
		})
	}
}

func TestStatusClass(t *testing.T) {
	for status, want := range map[int]Class{
		500: Retry, 502: Retry, 503: Retry, 429: Retry, 408: Retry,
		504: Unknown, // the gateway gave up waiting: the service may have taken it
		400: Permanent, 403: Permanent, 404: Permanent,
	} {
		assert.Equal(t, want, statusClass(status), "HTTP %d", status)
	}
}

func TestClassify(t *testing.T) {
	err := fmt.Errorf("notify: %w", &Error{Class: RateLimitedPerNumber, Code: CodePhoneNumberDailyLimit})
	assert.Equal(t, RateLimitedPerNumber, Classify(err), "found through wrapping")
	assert.Equal(t, Unknown, Classify(errors.New("from elsewhere")), "an unclassified error is never retried blindly")
	assert.Equal(t, Unknown, Class(0), "the zero class is the cautious one")

	transport := &Error{Class: Unknown, Code: "ClientError.NetworkError", Err: context.DeadlineExceeded}
	assert.ErrorIs(t, transport, context.DeadlineExceeded)
	assert.Equal(t, "sms unknown: ClientError.NetworkError: context deadline exceeded", transport.Error())
}

func TestMaskPhones(t *testing.T) {
	for in, want := range map[string]string{
		"13800138000":                          "138****8000",
		"+8613800138000":                       "138****8000",
		"to 8613800138000, ok":                 "to 138****8000, ok",
		`"PhoneNumber":"+8619912345678"`:       `"PhoneNumber":"199****5678"`,
		"2640:1045710669157053657849499619":    "2640:1045710669157053657849499619",
		"12800138000 is not a mobile":          "12800138000 is not a mobile",
		"call 0771-5551234":                    "call 0771-5551234",
		"serial 5000:13800138000123 untouched": "serial 5000:13800138000123 untouched",
	} {
		assert.Equal(t, want, maskPhones(in), in)
	}
}

func TestParseEndpoint(t *testing.T) {
	for _, tc := range []struct {
		in, scheme, host string
		bad              bool
	}{
		{in: "", scheme: "HTTPS", host: ""},
		{in: "sms.tencentcloudapi.com", scheme: "HTTPS", host: "sms.tencentcloudapi.com"},
		{in: "sms.ap-guangzhou.tencentcloudapi.com", scheme: "HTTPS", host: "sms.ap-guangzhou.tencentcloudapi.com"},
		{in: "http://127.0.0.1:8080", scheme: "HTTP", host: "127.0.0.1:8080"},
		{in: "http://127.0.0.1:8080/", scheme: "HTTP", host: "127.0.0.1:8080"},
		{in: "https://sms.tencentcloudapi.com", scheme: "HTTPS", host: "sms.tencentcloudapi.com"},
		{in: "ftp://x", bad: true},
		{in: "http://x/path", bad: true},
		{in: "http://user:pw@x", bad: true},
		{in: "x/y", bad: true},
	} {
		scheme, host, err := parseEndpoint(tc.in)
		if tc.bad {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.scheme, scheme, tc.in)
		assert.Equal(t, tc.host, host, tc.in)
	}
}

func TestMessageCheck(t *testing.T) {
	ok := Message{ID: 1, Phone: "13800138000", TemplateID: "1"}
	require.NoError(t, ok.check())
	for name, m := range map[string]Message{
		"a number with +86":    {Phone: "+8613800138000", TemplateID: "1"},
		"ten digits":           {Phone: "1380013800", TemplateID: "1"},
		"a number with spaces": {Phone: "138 0013 8000", TemplateID: "1"},
		"no template":          {Phone: "13800138000"},
	} {
		err := m.check()
		assert.Equal(t, Permanent, Classify(err), name)
		assert.NotContains(t, err.Error(), "0013", name)
	}
}

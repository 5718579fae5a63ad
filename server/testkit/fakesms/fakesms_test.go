package fakesms_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit/fakesms"
)

// answer is the union of the fields of Tencent's answers.
type answer struct {
	Response struct {
		Error *struct {
			Code    string
			Message string
		}
		SendStatusSet []struct {
			SerialNo       string
			PhoneNumber    string
			Fee            uint64
			SessionContext string
			Code           string
			Message        string
			IsoCode        string
		}
		RequestId string
	}
}

type request struct {
	auth, action string
	body         map[string]any
}

func (s request) send(t *testing.T, fake *fakesms.Server) (int, answer, string) {
	t.Helper()
	body, err := json.Marshal(s.body)
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, fake.URL()+"/", strings.NewReader(string(body)))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", s.action)
	req.Header.Set("X-TC-Version", "2021-01-11")
	if s.auth != "" {
		req.Header.Set("Authorization", s.auth)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var a answer
	if res.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal(raw, &a), string(raw))
	}
	return res.StatusCode, a, string(raw)
}

func sendSms(fake *fakesms.Server, phones ...string) request {
	return request{
		auth:   "TC3-HMAC-SHA256 Credential=" + fake.SecretID() + "/2026-07-01/sms/tc3_request, SignedHeaders=content-type;host, Signature=abc",
		action: "SendSms",
		body: map[string]any{
			"PhoneNumberSet": phones, "SmsSdkAppId": fake.SDKAppID(), "SignName": fake.Sign(),
			"TemplateId": "1001", "TemplateParamSet": []string{"a", "b"}, "SessionContext": "9",
		},
	}
}

func TestRequestChecks(t *testing.T) {
	fake := fakesms.New(t)
	good := sendSms(fake, "+8613800138000")
	with := func(change func(*request)) request {
		r := good
		r.body = map[string]any{}
		for k, v := range good.body {
			r.body[k] = v
		}
		change(&r)
		return r
	}
	for _, tc := range []struct {
		name string
		req  request
		code string
	}{
		{"no Authorization", with(func(r *request) { r.auth = "" }), "AuthFailure.InvalidAuthorization"},
		{"another signing method", with(func(r *request) { r.auth = "HmacSHA256 x" }), "AuthFailure.InvalidAuthorization"},
		{"another SecretId", with(func(r *request) {
			r.auth = "TC3-HMAC-SHA256 Credential=AKIDother/2026-07-01/sms/tc3_request, SignedHeaders=x, Signature=y"
		}), "AuthFailure.SecretIdNotFound"},
		{"another action", with(func(r *request) { r.action = "PullSmsSendStatus" }), "InvalidAction"},
		{"another application", with(func(r *request) { r.body["SmsSdkAppId"] = "1400999999" }), "UnauthorizedOperation.SmsSdkAppIdVerifyFail"},
		{"no template", with(func(r *request) { delete(r.body, "TemplateId") }), "MissingParameter"},
		{"no number", with(func(r *request) { r.body["PhoneNumberSet"] = []string{} }), "MissingParameter.EmptyPhoneNumberSet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, a, _ := tc.req.send(t, fake)
			require.Equal(t, http.StatusOK, status, "Tencent answers 200 for errors")
			require.NotNil(t, a.Response.Error)
			assert.Equal(t, tc.code, a.Response.Error.Code)
			assert.NotEmpty(t, a.Response.RequestId)
		})
	}
	assert.Equal(t, 0, fake.Total())
}

func TestPerNumberStatuses(t *testing.T) {
	fake := fakesms.New(t)
	_, a, _ := sendSms(fake, "+8613800138000", "13800138001", "+8612800138000", "+8613800138000").send(t, fake)
	require.Nil(t, a.Response.Error)
	codes := []string{}
	for _, st := range a.Response.SendStatusSet {
		codes = append(codes, st.Code)
		assert.Equal(t, "9", st.SessionContext)
		assert.Equal(t, "CN", st.IsoCode)
	}
	assert.Equal(t, []string{"Ok", "InvalidParameterValue.IncorrectPhoneNumber",
		"InvalidParameterValue.IncorrectPhoneNumber", "LimitExceeded.PhoneNumberThirtySecondLimit"}, codes)
	ok := a.Response.SendStatusSet[0]
	assert.Equal(t, uint64(1), ok.Fee)
	assert.Equal(t, "send success", ok.Message)
	assert.Equal(t, ok.SerialNo, fake.Received("13800138000")[0].SerialNo)
	assert.Equal(t, 1, fake.Count("+8613800138000"), "Received and Count take either form")
	assert.Equal(t, 1, fake.Total())
}

func TestTemplates(t *testing.T) {
	fake := fakesms.New(t)
	fake.Template("1001", 3)
	_, a, _ := sendSms(fake, "+8613800138000").send(t, fake)
	assert.Equal(t, "FailedOperation.TemplateParamSetNotMatchApprovedTemplate", a.Response.SendStatusSet[0].Code)
	r := sendSms(fake, "+8613800138000")
	r.body["TemplateId"] = "2002"
	_, a, _ = r.send(t, fake)
	assert.Equal(t, "FailedOperation.TemplateIncorrectOrUnapproved", a.Response.SendStatusSet[0].Code)
	r.body["TemplateId"], r.body["TemplateParamSet"] = "1001", []string{"a", "b", "c"}
	_, a, _ = r.send(t, fake)
	assert.Equal(t, "Ok", a.Response.SendStatusSet[0].Code)
}

func TestFailNextPutsTheCodeWhereTencentDoes(t *testing.T) {
	fake := fakesms.New(t)
	req := sendSms(fake, "+8613800138000")

	fake.FailNext(2, "InternalError.Timeout")
	for range 2 {
		_, a, _ := req.send(t, fake)
		require.NotNil(t, a.Response.Error)
		assert.Equal(t, "InternalError.Timeout", a.Response.Error.Code)
	}
	fake.FailNext(1, "LimitExceeded.PhoneNumberDailyLimit")
	_, a, _ := req.send(t, fake)
	require.Nil(t, a.Response.Error)
	assert.Equal(t, "LimitExceeded.PhoneNumberDailyLimit", a.Response.SendStatusSet[0].Code)
	assert.Empty(t, a.Response.SendStatusSet[0].SerialNo)

	fake.FailNext(1, "HTTP 502")
	status, _, body := req.send(t, fake)
	assert.Equal(t, http.StatusBadGateway, status)
	assert.Contains(t, body, "<html>")

	_, a, _ = req.send(t, fake)
	assert.Equal(t, "Ok", a.Response.SendStatusSet[0].Code)
	assert.Equal(t, 1, fake.Total())
	assert.Equal(t, 5, fake.Requests())
}

func TestFailRate(t *testing.T) {
	fake := fakesms.New(t)
	fake.ThirtySecondLimit(false)
	fake.FailRate(0.3, "InternalError.Timeout")
	const n = 1000
	failed := 0
	for range n {
		_, a, _ := sendSms(fake, "+8613800138000").send(t, fake)
		if a.Response.Error != nil {
			failed++
		}
	}
	assert.InDelta(t, 300, failed, 80)
	assert.Equal(t, n-failed, fake.Total())
	fake.FailRate(0, "")
	_, a, _ := sendSms(fake, "+8613800138000").send(t, fake)
	assert.Nil(t, a.Response.Error)
}

func TestDropAfterAccept(t *testing.T) {
	fake := fakesms.New(t)
	fake.DropAfterAccept(1)
	r := sendSms(fake, "+8613800138000")
	body, _ := json.Marshal(r.body)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, fake.URL(), strings.NewReader(string(body)))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "SendSms")
	req.Header.Set("X-TC-Version", "2021-01-11")
	req.Header.Set("Authorization", r.auth)
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err, "the connection closes without an answer")
	assert.Equal(t, 1, fake.Count("13800138000"), "but the message was taken")
}

func TestLatency(t *testing.T) {
	fake := fakesms.New(t)
	fake.Latency(50 * time.Millisecond)
	start := time.Now()
	sendSms(fake, "+8613800138000").send(t, fake)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

func TestConcurrentRequests(t *testing.T) {
	fake := fakesms.New(t)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			sendSms(fake, fmt.Sprintf("+86139%08d", i)).send(t, fake)
		})
	}
	wg.Wait()
	assert.Equal(t, 50, fake.Total())
	assert.Equal(t, 50, fake.Requests())
}

func TestReceiptBody(t *testing.T) {
	fake := fakesms.New(t)
	_, a, _ := sendSms(fake, "+8613800138000").send(t, fake)
	serial := a.Response.SendStatusSet[0].SerialNo

	var got []map[string]string
	require.NoError(t, json.Unmarshal(fake.Receipt(serial), &got))
	require.Len(t, got, 1)
	assert.Equal(t, serial, got[0]["sid"])
	assert.Equal(t, "SUCCESS", got[0]["report_status"])
	assert.Equal(t, "DELIVRD", got[0]["errmsg"])
	assert.Equal(t, "13800138000", got[0]["mobile"])
	assert.Equal(t, "86", got[0]["nationcode"])
	assert.Equal(t, "9", got[0]["ext"])
	_, err := time.Parse("2006-01-02 15:04:05", got[0]["user_receive_time"])
	assert.NoError(t, err)

	require.NoError(t, json.Unmarshal(fake.FailedReceipt("unknown", "UNDELIV"), &got))
	assert.Equal(t, "FAIL", got[0]["report_status"])
	assert.Equal(t, "", got[0]["mobile"])
}

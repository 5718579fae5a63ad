package sms_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/testkit/fakesms"
)

const phone = "13800138000"

func config(fake *fakesms.Server) sms.Config {
	return sms.Config{
		SecretID:  fake.SecretID(),
		SecretKey: fake.SecretKey(),
		SDKAppID:  fake.SDKAppID(),
		Sign:      fake.Sign(),
		Endpoint:  fake.URL(),
		Timeout:   2 * time.Second,
	}
}

func newSender(t testing.TB, cfg sms.Config) *sms.Tencent {
	t.Helper()
	s, err := sms.NewTencent(cfg)
	require.NoError(t, err)
	return s
}

func message(id int64, params ...string) sms.Message {
	return sms.Message{ID: id, Phone: phone, TemplateID: "1001", Params: params}
}

// requireError asserts that err is an *sms.Error of class and code, and
// that it carries neither secret nor full phone number.
func requireError(t *testing.T, err error, class sms.Class, code string, cfg sms.Config) *sms.Error {
	t.Helper()
	var e *sms.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, class, e.Class, "%v", err)
	assert.Equal(t, class, sms.Classify(err))
	if code != "" {
		assert.Equal(t, code, e.Code)
	}
	for _, secret := range []string{cfg.SecretID, cfg.SecretKey, phone} {
		assert.NotContains(t, err.Error(), secret)
	}
	return e
}

func TestSendCarriesTheMessage(t *testing.T) {
	fake := fakesms.New(t)
	s := newSender(t, config(fake))

	res, err := s.Send(t.Context(), message(42, "张三", "7月1日 9:00", "青秀区南湖社区联络站"))
	require.NoError(t, err)
	assert.NotEmpty(t, res.SerialNo)
	assert.Equal(t, uint64(1), res.Fee)

	got := fake.Received(phone)
	require.Len(t, got, 1)
	assert.Equal(t, "+86"+phone, got[0].PhoneNumber, "the adapter adds +86")
	assert.Equal(t, "42", got[0].SessionContext, "SessionContext is the notification id")
	assert.Equal(t, []string{"张三", "7月1日 9:00", "青秀区南湖社区联络站"}, got[0].Params, "parameters in order")
	assert.Equal(t, "1001", got[0].TemplateID)
	assert.Equal(t, fake.Sign(), got[0].Sign)
	assert.Equal(t, res.SerialNo, got[0].SerialNo)
}

func TestSendErrorClasses(t *testing.T) {
	for _, tc := range []struct {
		name     string
		failWith string
		class    sms.Class
		code     string
	}{
		{"Tencent's internal timeout is retried", "InternalError.Timeout", sms.Retry, ""},
		{"the API rate limit is retried", "RequestLimitExceeded", sms.Retry, ""},
		{"the account's daily quota is retried", "LimitExceeded.AppDailyLimit", sms.Retry, ""},
		{"a number's daily limit waits", "LimitExceeded.PhoneNumberDailyLimit", sms.RateLimitedPerNumber, ""},
		{"a number's hourly limit waits", "LimitExceeded.PhoneNumberOneHourLimit", sms.RateLimitedPerNumber, ""},
		{"a number's same-content limit waits", "LimitExceeded.PhoneNumberSameContentDailyLimit", sms.RateLimitedPerNumber, ""},
		{"an unapproved template is permanent", "FailedOperation.TemplateIncorrectOrUnapproved", sms.Permanent, ""},
		{"an unapproved signature is permanent", "FailedOperation.SignatureIncorrectOrUnapproved", sms.Permanent, ""},
		{"a do-not-disturb number is permanent", "FailedOperation.PhoneNumberInBlacklist", sms.Permanent, ""},
		{"an unsupported operation is permanent", "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber", sms.Permanent, ""},
		{"a bad signature is permanent", "AuthFailure.SignatureFailure", sms.Permanent, ""},
		{"HTTP 500 is retried", "HTTP 500", sms.Retry, "HttpStatus.500"},
		{"HTTP 502 is retried", "HTTP 502", sms.Retry, "HttpStatus.502"},
		{"HTTP 503 is retried", "HTTP 503", sms.Retry, "HttpStatus.503"},
		{"HTTP 504 may have been accepted", "HTTP 504", sms.Unknown, "HttpStatus.504"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakesms.New(t)
			cfg := config(fake)
			fake.FailNext(1, tc.failWith)
			code := tc.code
			if code == "" {
				code = tc.failWith
			}

			_, err := newSender(t, cfg).Send(t.Context(), message(7, "x"))
			e := requireError(t, err, tc.class, code, cfg)
			if !strings.HasPrefix(tc.failWith, "HTTP") {
				assert.NotEmpty(t, e.Message, "Tencent's explanation is kept")
			}
			assert.Equal(t, 0, fake.Total(), "nothing was accepted")

			_, err = newSender(t, cfg).Send(t.Context(), message(7, "x"))
			require.NoError(t, err, "FailNext(1) fails one call only")
		})
	}
}

func TestAWrongSecretIDIsPermanent(t *testing.T) {
	fake := fakesms.New(t)
	cfg := config(fake)
	cfg.SecretID = "AKIDsomebodyelse000000000000000000"

	_, err := newSender(t, cfg).Send(t.Context(), message(1))
	requireError(t, err, sms.Permanent, "AuthFailure.SecretIdNotFound", cfg)
}

func TestAnIncorrectNumberIsPermanent(t *testing.T) {
	fake := fakesms.New(t)
	cfg := config(fake)
	s := newSender(t, cfg)

	m := message(1)
	m.Phone = "12800138000" // eleven digits, no mainland mobile prefix
	_, err := s.Send(t.Context(), m)
	requireError(t, err, sms.Permanent, sms.CodeIncorrectPhoneNumber, cfg)
	assert.Equal(t, 1, fake.Requests(), "Tencent judged the number")

	m.Phone = "+8613800138000"
	_, err = s.Send(t.Context(), m)
	requireError(t, err, sms.Permanent, sms.CodeIncorrectPhoneNumber, cfg)
	assert.Equal(t, 1, fake.Requests(), "a malformed number never leaves")
}

func TestTheSameContentWithinThirtySecondsIsRateLimited(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 7, 1, 2, 0, 0, 0, time.UTC))
	fake := fakesms.New(t, fakesms.WithClock(clk))
	cfg := config(fake)
	s := newSender(t, cfg)

	_, err := s.Send(t.Context(), message(1, "a"))
	require.NoError(t, err)
	_, err = s.Send(t.Context(), message(1, "a"))
	requireError(t, err, sms.RateLimitedPerNumber, sms.CodePhoneNumberThirtySecondLimit, cfg)
	_, err = s.Send(t.Context(), message(2, "b"))
	require.NoError(t, err, "other content is not limited")

	clk.Advance(30 * time.Second)
	_, err = s.Send(t.Context(), message(1, "a"))
	require.NoError(t, err, "the window has passed")
	assert.Equal(t, 3, fake.Count(phone))

	fake.ThirtySecondLimit(false)
	_, err = s.Send(t.Context(), message(1, "a"))
	require.NoError(t, err, "the rule is switched off")
}

func TestAnAnswerLostAfterAcceptanceIsUnknown(t *testing.T) {
	fake := fakesms.New(t)
	cfg := config(fake)
	s := newSender(t, cfg)
	// A first send, so that the second goes over a reused connection, the
	// case in which net/http might be tempted to replay a request.
	_, err := s.Send(t.Context(), message(1, "warm"))
	require.NoError(t, err)

	fake.DropAfterAccept(1)
	_, err = s.Send(t.Context(), message(2, "dropped"))
	requireError(t, err, sms.Unknown, "ClientError.NetworkError", cfg)
	assert.Equal(t, 2, fake.Count(phone), "the fake took the message; the client cannot know")
	assert.Equal(t, 2, fake.Requests(), "and the request was not replayed")
}

func TestATimeoutAfterTheRequestLeftIsUnknown(t *testing.T) {
	fake := fakesms.New(t)
	cfg := config(fake)
	cfg.Timeout = 100 * time.Millisecond
	fake.Latency(time.Second)

	_, err := newSender(t, cfg).Send(t.Context(), message(1))
	e := requireError(t, err, sms.Unknown, "ClientError.NetworkError", cfg)
	assert.ErrorIs(t, e, context.DeadlineExceeded)
}

func TestARefusedConnectionIsRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())

	cfg := sms.Config{SecretID: "id", SecretKey: "key", SDKAppID: "1400000001", Sign: "s", Endpoint: "http://" + addr}
	_, err = newSender(t, cfg).Send(t.Context(), message(1))
	requireError(t, err, sms.Retry, "ClientError.NetworkError", cfg)
}

func TestUnreadableAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		class  sms.Class
	}{
		{"a 200 that is not JSON may hide an Ok", 200, `<html>oops</html>`, sms.Unknown},
		{"a 200 without a send status may hide an Ok", 200, `{"Response":{"RequestId":"r"}}`, sms.Unknown},
		{"a 200 with a status without code", 200, `{"Response":{"SendStatusSet":[{"SerialNo":""}],"RequestId":"r"}}`, sms.Unknown},
		{"a 502 with JSON but no error", 502, `{"Response":{"RequestId":"r"}}`, sms.Retry},
		{"a 400 from a proxy", 400, `bad request`, sms.Permanent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			}))
			t.Cleanup(srv.Close)
			cfg := sms.Config{SecretID: "id", SecretKey: "key", SDKAppID: "1400000001", Sign: "s", Endpoint: srv.URL}
			_, err := newSender(t, cfg).Send(t.Context(), message(1))
			requireError(t, err, tc.class, "", cfg)
		})
	}
}

func TestErrorsHideSecretsAndNumbers(t *testing.T) {
	// A server that quotes everything back, as a misbehaving proxy might.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":"InvalidParameter","Message":"%s to +8613800138000 with key topsecretkey"},"RequestId":"r"}}`,
			strings.ReplaceAll(r.Header.Get("Authorization"), `"`, ``))
	}))
	t.Cleanup(srv.Close)
	cfg := sms.Config{SecretID: "AKIDvisible", SecretKey: "topsecretkey", SDKAppID: "1400000001", Sign: "s", Endpoint: srv.URL}

	_, err := newSender(t, cfg).Send(t.Context(), message(1))
	e := requireError(t, err, sms.Permanent, "InvalidParameter", cfg)
	assert.Contains(t, e.Message, "138****8000")
	assert.Contains(t, e.Message, "REDACTED")
}

func TestNewTencentRefusesAnIncompleteConfig(t *testing.T) {
	full := sms.Config{SecretID: "AKIDsecretid", SecretKey: "topsecretkey", SDKAppID: "1400000001", Sign: "s"}
	_, err := sms.NewTencent(full)
	require.NoError(t, err)
	for name, change := range map[string]func(*sms.Config){
		"no secret id":   func(c *sms.Config) { c.SecretID = "" },
		"no secret key":  func(c *sms.Config) { c.SecretKey = "" },
		"no app":         func(c *sms.Config) { c.SDKAppID = "" },
		"no sign":        func(c *sms.Config) { c.Sign = "" },
		"a bad endpoint": func(c *sms.Config) { c.Endpoint = "ftp://sms" },
	} {
		c := full
		change(&c)
		_, err := sms.NewTencent(c)
		assert.Error(t, err, name)
		if err != nil {
			assert.NotContains(t, err.Error(), "topsecretkey", name)
			assert.NotContains(t, err.Error(), "AKIDsecretid", name)
		}
	}
}

func TestConcurrentSends(t *testing.T) {
	fake := fakesms.New(t)
	s := newSender(t, config(fake))
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			m := sms.Message{ID: int64(i), Phone: fmt.Sprintf("139%08d", i), TemplateID: "1001", Params: []string{"p"}}
			if _, err := s.Send(context.Background(), m); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, n, fake.Total())
	assert.Equal(t, 1, fake.Count("13900000007"))
}

func BenchmarkTencentSend(b *testing.B) {
	fake := fakesms.New(b)
	fake.ThirtySecondLimit(false)
	s := newSender(b, config(fake))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Send(context.Background(), message(1, "p")); err != nil {
				b.Error(err)
			}
		}
	})
}

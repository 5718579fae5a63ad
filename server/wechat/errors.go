package wechat

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/silenceper/wechat/v2/util"
)

// Error is an errcode/errmsg answer from WeChat.
type Error struct {
	Code int
	Msg  string
}

// Error implements error.
func (e *Error) Error() string { return fmt.Sprintf("wechat errcode %d: %s", e.Code, e.Msg) }

// WeChat error codes the adapter and its callers act on.
const (
	codeInvalidCredential = 40001 // access token invalid or not the latest
	codeTokenExpired      = 42001
	codeInvalidCode       = 40029
	codeCodeUsed          = 40163
	codeRateLimited       = 45011 // api minute-quota reach limit
)

// IsInvalidCode reports whether err is WeChat refusing a login or phone
// code: unknown, expired (40029) or already used (40163).
func IsInvalidCode(err error) bool { return hasCode(err, codeInvalidCode, codeCodeUsed) }

// IsRateLimited reports whether err is WeChat's per-minute quota (45011): retry later.
func IsRateLimited(err error) bool { return hasCode(err, codeRateLimited) }

// isTokenError reports whether err asks for a fresh access token.
func isTokenError(err error) bool { return hasCode(err, codeInvalidCredential, codeTokenExpired) }

func hasCode(err error, codes ...int) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, c := range codes {
		if e.Code == c {
			return true
		}
	}
	return false
}

// silenceper reports most WeChat errors as strings like
// "Code2Session error : errcode=40029 , errmsg=invalid code".
var errcodeText = regexp.MustCompile(`(?s)errcode=(-?\d+) , (?:errmsg|errormsg)=(.*)$`)

// secretParams are the query parameters that silenceper's URLs (and so its
// and net/http's error texts) carry and that must not reach logs.
var secretParams = regexp.MustCompile(`([?&](?:access_token|secret|appsecret|js_code|code|session_key)=)[^&\s"']*`)

// callError is a transport or decoding failure, its text stripped of
// secrets. It unwraps only to context.Canceled or context.DeadlineExceeded.
type callError struct {
	msg     string
	cause   error
	timeout bool
}

func (e *callError) Error() string { return e.msg }
func (e *callError) Unwrap() error { return e.cause }

// Timeout reports whether the call timed out, as net.Error does; the request
// may then have reached WeChat.
func (e *callError) Timeout() bool { return e.timeout }

// convertError turns an error from silenceper into *Error or a redacted
// callError, wrapped with op. secret is the app secret, scrubbed wherever it appears.
func convertError(op, secret string, err error) error {
	if err == nil {
		return nil
	}
	var ce *util.CommonError
	if errors.As(err, &ce) {
		return fmt.Errorf("%s: %w", op, &Error{Code: int(ce.ErrCode), Msg: redact(ce.ErrMsg, secret)})
	}
	if m := errcodeText.FindStringSubmatch(err.Error()); m != nil {
		code, _ := strconv.Atoi(m[1])
		return fmt.Errorf("%s: %w", op, &Error{Code: code, Msg: redact(m[2], secret)})
	}
	out := &callError{msg: "wechat " + op + ": " + redact(err.Error(), secret)}
	for _, sentinel := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, sentinel) {
			out.cause = sentinel
		}
	}
	var t interface{ Timeout() bool }
	out.timeout = errors.As(err, &t) && t.Timeout()
	return out
}

func redact(s, secret string) string {
	s = secretParams.ReplaceAllString(s, "${1}REDACTED")
	if secret != "" {
		s = strings.ReplaceAll(s, secret, "REDACTED")
	}
	return s
}

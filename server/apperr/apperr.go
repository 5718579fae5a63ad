// Package apperr is liaison's one error type: a stable English code for
// programs, a Chinese message for people, and a kind that the api package
// maps to an HTTP status in one place.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Kind classifies an error; api.statusOf maps each kind to a status.
type Kind int

// The kinds of error, each with its HTTP status (the OpenAPI document's introduction).
const (
	KindInternal     Kind = iota // 500
	KindInvalid                  // 400
	KindUnauthorized             // 401
	KindForbidden                // 403
	KindNotFound                 // 404
	KindConflict                 // 409
	KindTooLarge                 // 413
	KindRateLimited              // 429
	KindUnavailable              // 503
)

// Status is the one place where an error kind becomes an HTTP status.
func (k Kind) Status() int {
	switch k {
	case KindInvalid:
		return http.StatusBadRequest
	case KindUnauthorized:
		return http.StatusUnauthorized
	case KindForbidden:
		return http.StatusForbidden
	case KindNotFound:
		return http.StatusNotFound
	case KindConflict:
		return http.StatusConflict
	case KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case KindRateLimited:
		return http.StatusTooManyRequests
	case KindUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// Error is an application error with a stable code.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	// Fields names the input fields at fault, with a message each (400 only).
	Fields map[string]string
	// RetryAfter tells a 429 or 503 client when to try again (Retry-After).
	RetryAfter time.Duration
	// Err is the cause, for logs only; it never reaches an answer.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an error of a kind.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// NotFound is the 404 for a thing that is not there, or that the caller may not see.
func NotFound(code, message string) *Error { return New(KindNotFound, code, message) }

// Conflict is a 409.
func Conflict(code, message string) *Error { return New(KindConflict, code, message) }

// Forbidden is a 403.
func Forbidden(code, message string) *Error { return New(KindForbidden, code, message) }

// Unauthorized is a 401.
func Unauthorized(code, message string) *Error { return New(KindUnauthorized, code, message) }

// Invalid is a 400 with the fields at fault.
func Invalid(fields map[string]string) *Error {
	return &Error{Kind: KindInvalid, Code: "invalid_input", Message: "输入有误，请检查后重试", Fields: fields}
}

// Unavailable wraps a dependency failure as a 503.
func Unavailable(code, message string, cause error) *Error {
	return &Error{Kind: KindUnavailable, Code: code, Message: message, Err: cause}
}

// Internal wraps an unexpected failure. Its detail goes to the log only.
func Internal(cause error) *Error {
	return &Error{Kind: KindInternal, Code: "internal", Message: "内部错误", Err: cause}
}

// From returns err as an *Error, wrapping anything else as internal.
func From(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// CodeOf returns the code of err, or "" when it is not an *Error.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// FieldErrors collects the faults of an input, field by field.
type FieldErrors map[string]string

// Add records a fault of field, keeping the first one.
func (f FieldErrors) Add(field, message string) {
	if _, ok := f[field]; !ok {
		f[field] = message
	}
}

// Check records message for field when bad is true.
func (f FieldErrors) Check(bad bool, field, message string) {
	if bad {
		f.Add(field, message)
	}
}

// Err is nil when nothing was recorded, else a 400 naming the fields.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return Invalid(map[string]string(f))
}

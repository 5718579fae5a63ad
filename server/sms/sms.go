// Package sms sends text messages: through Tencent Cloud SMS (API
// sms/v20210111 SendSms) in production, or into the log in development.
//
// A send either succeeds with Tencent's serial number, or fails with an
// *Error whose Class tells the caller what to do next: retry, give up, wait
// for the number's limit to pass, or — the case that matters for "never
// twice" — treat the outcome as unknown, because the request reached Tencent
// and the answer was lost. Neither the Tencent secrets nor a full phone
// number ever appear in an error or a log line written here.
package sms

import (
	"context"
	"regexp"
	"strings"

	"github.com/liaison-stations/liaison/server/pii"
)

// Message is one text message to one mainland mobile number.
type Message struct {
	// ID is the notification row id. It travels as Tencent's SessionContext,
	// so answers, receipts and logs tie back to the row.
	ID int64
	// Phone is an 11-digit mainland mobile number without +86; the Tencent
	// adapter adds the country code.
	Phone      string
	TemplateID string
	// Params fill the template's placeholders, in order.
	Params []string
}

// Result is what the provider tells about an accepted message.
type Result struct {
	// SerialNo is the provider's id of the message; delivery receipts carry it.
	SerialNo string
	// Fee is the number of billed messages (a long text costs more than one).
	Fee uint64
}

// Sender sends one message. A failure is an *Error; see Classify.
type Sender interface {
	Send(ctx context.Context, m Message) (Result, error)
}

// elevenDigits is the shape, not the validity, of a mainland mobile number:
// whether a number exists is for the provider to say.
var elevenDigits = regexp.MustCompile(`^[0-9]{11}$`)

// check refuses, before any network call, a message no provider could take.
func (m Message) check() error {
	switch {
	case !elevenDigits.MatchString(m.Phone):
		return &Error{Class: Permanent, Code: CodeIncorrectPhoneNumber,
			Message: "phone must be an 11-digit mainland mobile number without +86"}
	case strings.TrimSpace(m.TemplateID) == "":
		return &Error{Class: Permanent, Code: codeMissingTemplate, Message: "message without a template id"}
	}
	return nil
}

// digitRun is a run of digits, with the + of an international prefix.
var digitRun = regexp.MustCompile(`\+?[0-9]+`)

// maskPhones masks every mainland mobile number in s (bare, 86- or
// +86-prefixed) and leaves other digit runs, such as serial numbers, alone.
func maskPhones(s string) string {
	return digitRun.ReplaceAllStringFunc(s, func(run string) string {
		digits := strings.TrimPrefix(run, "+")
		if len(digits) == 13 && strings.HasPrefix(digits, "86") {
			digits = digits[2:]
		}
		if _, ok := pii.NormalizeMobile(digits); !ok || len(digits) != 11 {
			return run
		}
		return pii.MaskPhone(digits)
	})
}

package activities

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// NoticeCodeAlphabet leaves out 0/O and 1/I/L, which are misread or misheard.
const NoticeCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// noticeCodeLen characters of 32 are 40 bits: with guesses limited per
// address and per code (server/api), and a code valid until a week after its
// activity, guessing one is hopeless.
const noticeCodeLen = 8

// noticeCodeValidityDays is how many days after its activity ends a code opens the page.
const noticeCodeValidityDays = 7

func newNoticeCode() (string, error) {
	b := make([]byte, noticeCodeLen)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(NoticeCodeAlphabet))))
		if err != nil {
			return "", err
		}
		b[i] = NoticeCodeAlphabet[n.Int64()]
	}
	return string(b), nil
}

// NormalizeNoticeCode is the code as typed, without spaces and in capitals,
// or "" when it cannot be a code (wrong length or a character not of the
// alphabet).
func NormalizeNoticeCode(typed string) string {
	c := strings.ToUpper(strings.Join(strings.Fields(typed), ""))
	if len(c) != noticeCodeLen {
		return ""
	}
	for _, r := range c {
		if !strings.ContainsRune(NoticeCodeAlphabet, r) {
			return ""
		}
	}
	return c
}

// noticeCodeKey is what the keyed hash is taken of: apart from other hashed values.
func noticeCodeKey(code string) string { return "employer-notice-code:" + code }

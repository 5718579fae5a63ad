// Package pii protects personal data at rest: phone numbers are sealed with
// AES-GCM and looked up through a keyed hash, and shown masked.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Box seals and opens personal data with one key.
type Box struct {
	aead    cipher.AEAD
	hashKey []byte
}

// NewBox makes a Box from a 32-byte key. The lookup hash uses a key derived
// from it, so the encryption key itself is never used for two purposes.
func NewBox(key []byte) (*Box, error) {
	if len(key) != 32 {
		return nil, errors.New("pii: key must be 32 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("pii: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("pii: %w", err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("liaison/pii/lookup-hash/v1"))
	return &Box{aead: aead, hashKey: m.Sum(nil)}, nil
}

// Seal encrypts plain; the nonce is prepended.
func (b *Box) Seal(plain string) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("pii: nonce: %w", err)
	}
	return b.aead.Seal(nonce, nonce, []byte(plain), nil), nil
}

// Open decrypts what Seal made.
func (b *Box) Open(sealed []byte) (string, error) {
	n := b.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("pii: sealed value too short")
	}
	plain, err := b.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return "", errors.New("pii: cannot open sealed value (wrong key?)")
	}
	return string(plain), nil
}

// Hash is the keyed lookup hash of a value (32 bytes).
func (b *Box) Hash(value string) []byte {
	m := hmac.New(sha256.New, b.hashKey)
	m.Write([]byte(value))
	return m.Sum(nil)
}

var mobile = regexp.MustCompile(`^1[3-9]\d{9}$`)

// Kinds of phone number: SMS reaches mobiles only.
const (
	KindMobile   = "mobile"
	KindLandline = "landline"
)

// PhoneKind classifies a stored (normalised) number: an 11-digit mainland
// mobile, or else a landline such as 0771-5551234.
func PhoneKind(phone string) string {
	if _, ok := NormalizeMobile(phone); ok {
		return KindMobile
	}
	return KindLandline
}

// NormalizeMobile returns the 11-digit mainland mobile number in s (spaces,
// dashes and a +86/86 prefix are dropped), or false when s is not one.
func NormalizeMobile(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "+86")
	if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	return s, mobile.MatchString(s)
}

// MaskPhone shows the first three and last four digits: 138****5678.
func MaskPhone(p string) string {
	if len(p) < 8 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + strings.Repeat("*", len(p)-7) + p[len(p)-4:]
}

// MaskNumbers hides the middle of every long number in a text shown in
// public or kept in a log: 13812345678 → 138****5678. A number is a run of
// seven or more digits, ASCII or full-width (１３８…), perhaps written in
// groups with spaces, dots or dashes between them ("138 1234 5678",
// "138.1234.5678", "0771-5551234"), perhaps ending in an ID card's X; the
// masked form has ASCII digits. A date written with dots or dashes
// (2024.03.15) is left whole.
func MaskNumbers(text string) string {
	runes := []rune(text)
	var b strings.Builder
	for i := 0; i < len(runes); {
		if _, ok := digitOf(runes[i]); !ok {
			b.WriteRune(runes[i])
			i++
			continue
		}
		end, digits := numberRun(runes, i)
		run := make([]rune, 0, end-i)
		for _, r := range runes[i:end] {
			if d, ok := digitOf(r); ok {
				r = d
			} else if r == 'Ｘ' || r == 'ｘ' {
				r = 'X'
			}
			run = append(run, r)
		}
		if digits < 7 || dateShape.MatchString(string(run)) {
			b.WriteString(string(runes[i:end]))
		} else {
			b.WriteString(maskRun(run))
		}
		i = end
	}
	return b.String()
}

// numberRun reads the number that starts at runes[start] (a digit): digits
// with at most three separators in a row between them, and an X after the
// 17 digits of an ID card. It returns where the number ends (after its
// last digit) and how many digits it has.
func numberRun(runes []rune, start int) (end, digits int) {
	seps := 0
	for k := start; k < len(runes); k++ {
		r := runes[k]
		if _, ok := digitOf(r); ok {
			digits, seps, end = digits+1, 0, k+1
			continue
		}
		if isSeparator(r) && seps < 3 {
			seps++
			continue
		}
		if (r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ') && digits == 17 && seps == 0 {
			return k + 1, digits + 1
		}
		break
	}
	return end, digits
}

// digitOf is r as an ASCII digit when r is one, ASCII or full-width.
func digitOf(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9':
		return r, true
	case r >= '０' && r <= '９':
		return '0' + (r - '０'), true
	}
	return 0, false
}

// isSeparator: what people put between the groups of a phone number.
func isSeparator(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u3000', '-', '－', '—', '.', '．':
		return true
	}
	return false
}

// dateShape is a date written with separators: 2024.03.15, 2024-3-15.
var dateShape = regexp.MustCompile(`^(19|20)\d{2}[-. －．]{1,3}(0?[1-9]|1[0-2])[-. －．]{1,3}(0?[1-9]|[12]\d|3[01])$`)

// maskRun keeps the head and tail of a number (three and four characters
// of a long one, two and two of a shorter one) and stars the rest, its
// separators included.
func maskRun(run []rune) string {
	keepHead, keepTail := 2, 2
	if len(run) >= 11 {
		keepHead, keepTail = 3, 4
	}
	return string(run[:keepHead]) + strings.Repeat("*", len(run)-keepHead-keepTail) + string(run[len(run)-keepTail:])
}

// numberToken is a run of digits, perhaps with hyphens inside, ending in a
// digit or an ID card's X.
var numberToken = regexp.MustCompile(`\d[\d-]*[\dXx]`)

var (
	mobileShape   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlineShape = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}$`)
	idCardShape   = regexp.MustCompile(`^\d{17}[\dXx]$|^\d{15}$`)
)

// MaskPhones hides the middle of the phone numbers (mobile or landline) and
// ID card numbers in a text that software wrote, such as an audit summary,
// and leaves its other numbers whole: dates, area codes, ids.
func MaskPhones(text string) string {
	return numberToken.ReplaceAllStringFunc(text, func(m string) string {
		switch {
		case mobileShape.MatchString(m), landlineShape.MatchString(m), idCardShape.MatchString(m):
			return MaskNumbers(m)
		}
		return m
	})
}

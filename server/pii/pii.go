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

// longNumber is a run of seven or more digits (spaces and hyphens inside
// allowed): a phone, ID card or account number someone wrote into a message.
var longNumber = regexp.MustCompile(`\d[\d -]{5,}[\dXx]`)

// MaskNumbers hides the middle of every long number in a text shown in
// public or kept in a log: 13812345678 → 138****5678.
func MaskNumbers(text string) string {
	return longNumber.ReplaceAllStringFunc(text, func(m string) string {
		digits := strings.Count(m, "") - 1 - strings.Count(m, " ") - strings.Count(m, "-")
		if digits < 7 {
			return m
		}
		runes := []rune(m)
		keepHead, keepTail := 2, 2
		if len(runes) >= 11 {
			keepHead, keepTail = 3, 4
		}
		return string(runes[:keepHead]) + strings.Repeat("*", len(runes)-keepHead-keepTail) + string(runes[len(runes)-keepTail:])
	})
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

package registry

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/liaison-stations/liaison/server/pii"
)

// landline is a mainland fixed-line number with its area code: 0771-5551234.
var landline = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}$`)

// normalizeContactPhone accepts a mainland mobile, or a landline such as
// 0771-5551234 (employer and unit contacts are often reached at their desk).
func normalizeContactPhone(s string) (string, bool) {
	if m, ok := pii.NormalizeMobile(s); ok {
		return m, true
	}
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	return s, landline.MatchString(s)
}

// phoneShown is phone as the caller may see it: whole, or masked.
func phoneShown(phone string, reveal bool) string {
	if reveal || phone == "" {
		return phone
	}
	return pii.MaskPhone(phone)
}

// openPhone decrypts a sealed phone; nil or empty is no phone.
func (s *Service) openPhone(sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	p, err := s.Box.Open(sealed)
	if err != nil {
		return "", fmt.Errorf("registry: %w", err)
	}
	return p, nil
}

// sealPhone encrypts phone with its lookup hash; an empty phone is NULL in both.
func (s *Service) sealPhone(phone string) (enc, hash []byte, err error) {
	if phone == "" {
		return nil, nil, nil
	}
	enc, err = s.Box.Seal(phone)
	if err != nil {
		return nil, nil, fmt.Errorf("registry: seal phone: %w", err)
	}
	return enc, s.Box.Hash(phone), nil
}

package notify

import (
	"strings"
	"time"
	"unicode"

	"github.com/liaison-stations/liaison/server/clock"
)

// limits are WeChat's maximum lengths of subscribe message fields, in
// characters (not bytes): a Chinese character counts one.
var limits = map[string]int{
	"thing":            20,
	"number":           32,
	"letter":           32,
	"symbol":           5,
	"character_string": 32,
	"amount":           11,
	"phone_number":     17,
	"car_number":       8,
	"name":             10,
	"phrase":           5,
}

// fieldValue makes a parameter fit a field type: times and dates are
// formatted as WeChat wants them (the parameter is RFC 3339), texts are cut
// to the type's limit, a cut thing ends with an ellipsis, and control
// characters (not allowed in any field) become spaces.
func fieldValue(typ, v string) string {
	v = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.TrimSpace(v))
	switch typ {
	case "time", "date":
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return v
		}
		t = t.In(clock.Shanghai)
		if typ == "date" {
			return t.Format("2006年1月2日")
		}
		return t.Format("2006年1月2日 15:04")
	case "character_string":
		// Letters, digits and symbols only.
		v = strings.Map(func(r rune) rune {
			if r > unicode.MaxASCII || r == ' ' {
				return -1
			}
			return r
		}, v)
	case "phrase":
		v = strings.Map(func(r rune) rune {
			if !unicode.Is(unicode.Han, r) {
				return -1
			}
			return r
		}, v)
	}
	limit, ok := limits[typ]
	if !ok {
		return v
	}
	runes := []rune(v)
	if len(runes) <= limit {
		return v
	}
	if typ == "thing" {
		return string(runes[:limit-1]) + "…"
	}
	return string(runes[:limit])
}

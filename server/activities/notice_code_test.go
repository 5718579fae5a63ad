package activities

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNoticeCodesAreEightCharactersWithoutLookAlikesAndReadAsTyped(t *testing.T) {
	for range 50 {
		c, err := newNoticeCode()
		require.NoError(t, err)
		require.Len(t, c, 8)
		assert.False(t, strings.ContainsAny(c, "01OIl"), c)
		assert.Equal(t, c, NormalizeNoticeCode(c))
	}
	cases := []struct{ name, typed, want string }{
		{"small letters", "abcd2345", "ABCD2345"},
		{"spaces between", " AB CD 23 45 ", "ABCD2345"},
		{"a full-width space", "ABCD\u30002345", "ABCD2345"},
		{"too short", "ABCD234", ""},
		{"a look-alike 0", "ABCD2340", ""},
		{"a link", "https://x/n/ABCD2345", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, NormalizeNoticeCode(c.typed)) })
	}
}

package activities

import (
	"fmt"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

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

func TestACodeAlreadyTakenIsDrawnAgainAndOtherDuplicatesAreNot(t *testing.T) {
	taken := fmt.Errorf("insert: %w", &mysql.MySQLError{Number: 1062, Message: "Duplicate entry 'x' for key 'uq_employer_notices_code'"})
	calls := 0
	err := withFreshCodes(func() error {
		calls++
		if calls < 3 {
			return taken
		}
		return nil
	})
	assert.NoError(t, err)
	assert.Equal(t, 3, calls, "drawn again twice")

	calls = 0
	other := &mysql.MySQLError{Number: 1062, Message: "Duplicate entry 'x' for key 'uq_employer_notices_invitee'"}
	assert.ErrorIs(t, withFreshCodes(func() error { calls++; return other }), other)
	assert.Equal(t, 1, calls, "another key's duplicate is not a code's")

	calls = 0
	assert.Error(t, withFreshCodes(func() error { calls++; return taken }))
	assert.Equal(t, 3, calls, "at most three draws")
}

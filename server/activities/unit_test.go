package activities

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
)

func TestConfigFileLoads(t *testing.T) {
	r, err := LoadRules(filepath.Join("..", "..", "configs", "activities.yaml"))
	require.NoError(t, err)
	assert.Len(t, r.StationRules, 8)
	assert.Equal(t, []time.Duration{24 * time.Hour, 2 * time.Hour}, r.ReminderOffsets)
	assert.Equal(t, time.Hour, r.CheckinOpensBefore)
	assert.Equal(t, 30*time.Second, r.CheckinCodeSlot)
	assert.Contains(t, r.EmployerNotice.LegalBasis, "第三十三条")
	assert.NotEmpty(t, r.EmployerNotice.IssuingOffice)
}

func TestDueOffsetIsTheLatestDue(t *testing.T) {
	offsets := []time.Duration{24 * time.Hour, 2 * time.Hour}
	start := time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		before time.Duration
		want   time.Duration
	}{
		{"two days ahead: none", 48 * time.Hour, 0},
		{"exactly 24 h ahead: the 24 h one", 24 * time.Hour, 24 * time.Hour},
		{"20 h ahead: the 24 h one", 20 * time.Hour, 24 * time.Hour},
		{"90 minutes ahead: only the 2 h one", 90 * time.Minute, 2 * time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, dueOffset(offsets, start, start.Add(-c.before)))
		})
	}
	assert.Equal(t, "2h", offsetLabel(2*time.Hour))
	assert.Equal(t, "90m", offsetLabel(90*time.Minute))
}

func TestPeriodsFollowShanghai(t *testing.T) {
	q := periods(2025, "quarter")
	require.Len(t, q, 4)
	assert.Equal(t, "2025-Q3", q[2].Label)
	assert.Equal(t, time.Date(2025, 6, 30, 16, 0, 0, 0, time.UTC), q[2].From.UTC(), "1 July 00:00 in Shanghai")
	assert.Len(t, periods(2025, "month"), 12)
	h := periods(2025, "half_year")
	assert.Equal(t, []string{"2025-H1", "2025-H2"}, []string{h[0].Label, h[1].Label})
	assert.Equal(t, h[0].To, h[1].From)
	y := periods(2025, "year")
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, clock.Shanghai), y[0].To)
}

func TestCheckinCodeRotates(t *testing.T) {
	s := &Service{Deps: Deps{Rules: DefaultRules()}}
	secret := []byte("0123456789abcdef0123456789abcdef")
	t0 := time.Date(2026, 5, 12, 10, 0, 5, 0, time.UTC)
	typed := typedCode(secret, s.slot(t0))
	legacy := legacyCode(secret, s.slot(t0))
	assert.Regexp(t, `^[0-9]{6}$`, typed, "six digits to type")
	assert.Len(t, legacy, 10)
	cases := []struct {
		name   string
		secret []byte
		id     int64
		given  string
		at     time.Time
		ok     bool
	}{
		{"the typed code", secret, 7, typed, t0, true},
		{"the typed code with a space and full-width digits", secret, 7, string('\uff10'+rune(typed[0]-'0')) + typed[1:3] + " " + typed[3:], t0, true},
		{"the typed code of the previous slot", secret, 7, typed, t0.Add(30 * time.Second), true},
		{"the typed code two slots later", secret, 7, typed, t0.Add(60 * time.Second), false},
		{"the venue link", secret, 7, "https://lianluo.example.cn/c/7/" + typed, t0, true},
		{"another activity's link", secret, 8, "https://lianluo.example.cn/c/7/" + typed, t0, false},
		{"a link with a wrong code", secret, 7, "https://lianluo.example.cn/c/7/000000x", t0, false},
		{"the code of before", secret, 7, legacy, t0, true},
		{"the QR text of before", secret, 7, "liaison:checkin:7:" + legacy, t0, true},
		{"another activity's QR text of before", secret, 8, "liaison:checkin:7:" + legacy, t0, false},
		{"the code of before, the previous slot", secret, 7, legacy, t0.Add(30 * time.Second), true},
		{"the code of before two slots later", secret, 7, legacy, t0.Add(60 * time.Second), false},
		{"another activity's secret", []byte("another secret"), 7, typed, t0, false},
		{"nothing", secret, 7, "", t0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.ok, s.validCode(c.secret, c.id, c.given, c.at))
		})
	}
}

func TestTypedCodesSpreadOverTheDigits(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	seen := map[string]bool{}
	firsts := map[byte]int{}
	for slot := int64(0); slot < 2000; slot++ {
		c := typedCode(secret, slot)
		seen[c] = true
		firsts[c[0]]++
	}
	assert.Greater(t, len(seen), 1990, "hardly a code twice in 2000 slots")
	assert.Len(t, firsts, 10, "every first digit occurs, 0 included")
}

func TestNormalizeTypedCodeAndParseCheckinLink(t *testing.T) {
	assert.Equal(t, "048213", NormalizeTypedCode(" 048 213 "))
	assert.Equal(t, "048213", NormalizeTypedCode("\uff10\uff14\uff18-213"))
	assert.Equal(t, "", NormalizeTypedCode("04821"), "five digits")
	assert.Equal(t, "", NormalizeTypedCode("O48213"), "a letter O")
	id, code, ok := ParseCheckinLink("https://lianluo.example.cn/c/12/048213")
	assert.True(t, ok)
	assert.Equal(t, int64(12), id)
	assert.Equal(t, "048213", code)
	for _, bad := range []string{"https://lianluo.example.cn/c/12", "https://lianluo.example.cn/c/x/048213", "liaison:checkin:12:ABC", "https://lianluo.example.cn/c/12/04/8213", "ftp://h/c/12/048213"} {
		_, _, ok := ParseCheckinLink(bad)
		assert.False(t, ok, bad)
	}
}

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
	c0 := code(secret, s.slot(t0))
	assert.Len(t, c0, 10)
	assert.True(t, s.validCode(secret, 7, c0, t0))
	assert.True(t, s.validCode(secret, 7, "liaison:checkin:7:"+c0, t0), "the QR's text")
	assert.False(t, s.validCode(secret, 8, "liaison:checkin:7:"+c0, t0), "another activity's QR")
	assert.True(t, s.validCode(secret, 7, c0, t0.Add(30*time.Second)), "the previous slot")
	assert.False(t, s.validCode(secret, 7, c0, t0.Add(60*time.Second)), "two slots later")
	assert.False(t, s.validCode([]byte("another secret"), 7, c0, t0))
}

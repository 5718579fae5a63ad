package activities_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/liaison-stations/liaison/server/activities"
)

func TestTheEmployerNoticeWritesTheDateOnceForASameDayActivity(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name       string
		start, end string
		want       string
	}{
		{"an afternoon names its day once", "2026-12-09T06:30:00Z", "2026-12-09T09:00:00Z", "2026年12月9日 14:30 至 17:00"},
		{"a morning in Shanghai is one day though its UTC times straddle midnight", "2026-12-09T23:00:00Z", "2026-12-10T01:00:00Z", "2026年12月10日 07:00 至 09:00"},
		{"an evening spanning midnight names both days", "2026-12-09T12:00:00Z", "2026-12-09T17:00:00Z", "2026年12月9日 20:00 至 2026年12月10日 01:00"},
		{"an activity over two days names both days", "2026-12-09T01:00:00Z", "2026-12-10T09:00:00Z", "2026年12月9日 09:00 至 2026年12月10日 17:00"},
		{"the same day of another month is another day", "2026-11-09T01:00:00Z", "2026-12-09T01:00:00Z", "2026年11月9日 09:00 至 2026年12月9日 09:00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := activities.EmployerNotice{StartAt: utc(tc.start), EndAt: utc(tc.end)}
			assert.Equal(t, tc.want, n.When())
		})
	}
}

package messages

import (
	"testing"
	"time"

	"github.com/liaison-stations/liaison/server/clock"
)

func TestMissingCalendarsAreThisYearsAndFromDecemberNextYears(t *testing.T) {
	c := &Calendar{years: map[int]bool{2026: true}}
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, clock.Shanghai) }
	for _, tc := range []struct {
		name string
		now  time.Time
		want []int
	}{
		{"November with this year's calendar", at(2026, time.November, 30), nil},
		{"December without next year's", at(2026, time.December, 1), []int{2027}},
		{"new year's eve in Shanghai is still December", time.Date(2026, 12, 31, 15, 59, 0, 0, time.UTC), []int{2027}},
		{"a year without any", at(2027, time.March, 1), []int{2027}},
		{"December of a year without any", at(2028, time.December, 1), []int{2028, 2029}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Missing(tc.now)
			if len(got) != len(tc.want) {
				t.Fatalf("Missing = %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("Missing = %v, want %v", got, tc.want)
				}
			}
		})
	}
}

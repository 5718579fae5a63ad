package messages_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
)

func calendar(t *testing.T) *messages.Calendar {
	t.Helper()
	c, err := messages.LoadCalendar(filepath.Join("..", "..", "configs", "holidays"))
	require.NoError(t, err)
	for y := 2023; y <= 2026; y++ {
		require.True(t, c.Covers(y), "the calendar of %d ships with the project", y)
	}
	return c
}

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, clock.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkdays(t *testing.T) {
	c := calendar(t)
	for _, tc := range []struct {
		name string
		day  string
		work bool
	}{
		{"an ordinary Tuesday is a working day", "2024-01-09 10:00", true},
		{"an ordinary Saturday is not", "2024-01-13 10:00", false},
		{"Sunday 4 February 2024 is a make-up working day", "2024-02-04 10:00", true},
		{"New Year's Eve 2024 (9 Feb, a Friday) is a working day", "2024-02-09 10:00", true},
		{"the Spring Festival Monday is a holiday", "2024-02-12 10:00", false},
		{"the last day of the 2024 Spring Festival is a holiday", "2024-02-17 10:00", false},
		{"Sunday 18 February 2024 is a make-up working day", "2024-02-18 10:00", true},
		{"Saturday 8 February 2025 is a make-up working day", "2025-02-08 10:00", true},
		{"Saturday 14 February 2026 is a make-up working day", "2026-02-14 10:00", true},
		{"23 February 2026 is still the Spring Festival", "2026-02-23 10:00", false},
		{"National Day 2023 is a holiday", "2023-10-02 10:00", false},
		{"Saturday 7 October 2023 is a make-up working day", "2023-10-07 10:00", true},
		{"late evening counts in Shanghai, not UTC", "2024-02-09 23:30", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.work, c.IsWorkday(day(tc.day)))
		})
	}
}

func TestDeadlines(t *testing.T) {
	c := calendar(t)
	for _, tc := range []struct {
		name      string
		submitted string
		n         int
		due       string // the deadline is the end of this day
	}{
		{"three working days from a Wednesday end on Monday", "2024-03-13 10:00", 3, "2024-03-18"},
		{"a Friday message is due by Wednesday", "2024-03-15 18:00", 3, "2024-03-20"},
		{"a Saturday message counts from Monday", "2024-03-16 09:00", 3, "2024-03-20"},
		{"the make-up Sunday before the Spring Festival counts", "2024-02-02 10:00", 3, "2024-02-06"},
		{"the Spring Festival does not count, its make-up Sunday does", "2024-02-08 10:00", 3, "2024-02-19"},
		{"the make-up Sunday after it counts", "2024-02-09 10:00", 1, "2024-02-18"},
		{"fifteen working days across the Spring Festival", "2024-02-01 10:00", 15, "2024-02-27"},
		{"a message on a holiday counts from the next working day", "2024-02-12 10:00", 3, "2024-02-20"},
		{"the 2025 Spring Festival does not count", "2025-01-27 10:00", 3, "2025-02-07"},
		{"the make-up Saturday 8 February 2025 counts", "2025-02-06 10:00", 3, "2025-02-10"},
		{"16:30 UTC on the 9th is already the 10th in Shanghai", "2024-02-10 00:30", 1, "2024-02-18"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Deadline(day(tc.submitted), tc.n)
			want := day(tc.due+" 00:00").AddDate(0, 0, 1)
			require.True(t, want.Equal(got), "want end of %s, got %s", tc.due, got.In(clock.Shanghai))
		})
	}
}

func TestRulesFile(t *testing.T) {
	r, err := messages.LoadRules(filepath.Join("..", "..", "configs", "messages.yaml"))
	require.NoError(t, err)
	require.Equal(t, 3, r.AcceptWithinWorkdays)
	require.Equal(t, 15, r.ReplyWithinWorkdays)
	require.Equal(t, 7*24*time.Hour, r.RateWithin)
	require.True(t, filepath.IsAbs(r.UploadsDir) || filepath.Base(filepath.Dir(r.UploadsDir)) == "var", r.UploadsDir)
	require.True(t, r.Calendar.Covers(2024))
}

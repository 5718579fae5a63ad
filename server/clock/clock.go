// Package clock is the one source of "now" for rules that tests must be able to move.
package clock

import (
	"context"
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Shanghai is the zone in which business rules are decided (times are stored in UTC).
var Shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// The binary embeds tzdata (cmd/liaison imports time/tzdata), so this
		// only happens in a test binary on a machine without zoneinfo.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// System is the real clock, in UTC.
type System struct{}

// Now is time.Now in UTC.
func (System) Now() time.Time { return time.Now().UTC() }

// Fixed is a clock for tests that moves only when told.
type Fixed struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixed starts a test clock at t.
func NewFixed(t time.Time) *Fixed { return &Fixed{t: t.UTC()} }

// Now is the clock's time.
func (f *Fixed) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Advance moves the clock forward.
func (f *Fixed) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

// The years a date given to liaison may fall in: a date outside is a
// mistake (a year typed as 0001 or 9999), refused as bad input before it
// reaches the database or a calendar.
const (
	MinYear = 2000
	MaxYear = 2100
)

// SaneRange is what a person is told about a date outside MinYear–MaxYear.
const SaneRange = "日期应在 2000 年至 2100 年之间"

// Sane reports whether t lies within MinYear–MaxYear (in Asia/Shanghai).
func Sane(t time.Time) bool {
	y := t.In(Shanghai).Year()
	return y >= MinYear && y <= MaxYear
}

// Sleep waits d, or until ctx is done; false means ctx ended first.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

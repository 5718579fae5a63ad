package notify

import (
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/clock"
)

// QuietHours is a daily window, in Asia/Shanghai, in which no SMS is sent.
// The zero value is no window.
type QuietHours struct {
	from, to time.Duration // since midnight
	set      bool
}

// ParseQuietHours reads "22:00-08:00"; empty means none.
func ParseQuietHours(s string) (QuietHours, error) {
	if s == "" {
		return QuietHours{}, nil
	}
	var fh, fm, th, tm int
	if _, err := fmt.Sscanf(s, "%d:%d-%d:%d", &fh, &fm, &th, &tm); err != nil || fh > 23 || th > 23 || fm > 59 || tm > 59 || fh < 0 || th < 0 || fm < 0 || tm < 0 {
		return QuietHours{}, fmt.Errorf("quiet hours %q: want HH:MM-HH:MM", s)
	}
	q := QuietHours{from: time.Duration(fh)*time.Hour + time.Duration(fm)*time.Minute, to: time.Duration(th)*time.Hour + time.Duration(tm)*time.Minute, set: true}
	if q.from == q.to {
		return QuietHours{}, fmt.Errorf("quiet hours %q: empty window", s)
	}
	return q, nil
}

// End returns when the window containing t ends, or t itself when t is outside it.
func (q QuietHours) End(t time.Time) time.Time {
	if !q.set {
		return t
	}
	local := t.In(clock.Shanghai)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, clock.Shanghai)
	since := local.Sub(midnight)
	switch {
	case q.from < q.to: // e.g. 12:00-14:00
		if since >= q.from && since < q.to {
			return midnight.Add(q.to).UTC()
		}
	case since >= q.from: // e.g. 22:00-08:00, before midnight
		return midnight.AddDate(0, 0, 1).Add(q.to).UTC()
	case since < q.to: // after midnight
		return midnight.Add(q.to).UTC()
	}
	return t
}

// Contains reports whether t falls in the window.
func (q QuietHours) Contains(t time.Time) bool { return q.End(t).After(t) }

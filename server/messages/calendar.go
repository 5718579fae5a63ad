package messages

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/liaison-stations/liaison/server/clock"
)

// Calendar knows which days are working days in mainland China: weekdays,
// minus the statutory holidays, plus the make-up working days (调休) that
// fall on a weekend. Days are civil dates in Asia/Shanghai.
type Calendar struct {
	off   map[string]bool
	work  map[string]bool
	years map[int]bool
}

type yearFile struct {
	Off  []string `yaml:"off"`
	Work []string `yaml:"work"`
}

const dateLayout = "2006-01-02"

// LoadCalendar reads every *.yaml of dir (one file per year).
func LoadCalendar(dir string) (*Calendar, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	c := &Calendar{off: map[string]bool{}, work: map[string]bool{}, years: map[int]bool{}}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("messages: holidays: %w", err)
		}
		var y yearFile
		if err := yaml.Unmarshal(data, &y); err != nil {
			return nil, fmt.Errorf("messages: holidays %s: %w", f, err)
		}
		for _, entry := range y.Off {
			days, err := expand(entry)
			if err != nil {
				return nil, fmt.Errorf("messages: holidays %s: %w", f, err)
			}
			for _, d := range days {
				c.off[d.Format(dateLayout)] = true
				c.years[d.Year()] = true
			}
		}
		for _, entry := range y.Work {
			d, err := time.Parse(dateLayout, strings.TrimSpace(entry))
			if err != nil {
				return nil, fmt.Errorf("messages: holidays %s: %w", f, err)
			}
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return nil, fmt.Errorf("messages: holidays %s: make-up day %s is not a weekend day", f, entry)
			}
			c.work[d.Format(dateLayout)] = true
		}
	}
	return c, nil
}

// expand reads "2024-02-10" or "2024-02-10..2024-02-17".
func expand(entry string) ([]time.Time, error) {
	from, to, isRange := strings.Cut(strings.TrimSpace(entry), "..")
	a, err := time.Parse(dateLayout, strings.TrimSpace(from))
	if err != nil {
		return nil, err
	}
	if !isRange {
		return []time.Time{a}, nil
	}
	b, err := time.Parse(dateLayout, strings.TrimSpace(to))
	if err != nil || b.Before(a) || b.Sub(a) > 31*24*time.Hour {
		return nil, fmt.Errorf("bad range %q", entry)
	}
	var out []time.Time
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out, nil
}

// Covers reports whether the calendar has holidays of year.
func (c *Calendar) Covers(year int) bool { return c != nil && c.years[year] }

// IsWorkday reports whether the Shanghai date of t is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	d := t.In(clock.Shanghai)
	key := d.Format(dateLayout)
	if c != nil && c.work[key] {
		return true
	}
	if c != nil && c.off[key] {
		return false
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

// Deadline is the end of the n-th working day after the Shanghai date of t
// (the next midnight in Shanghai, returned in UTC): a message submitted on
// a Friday with n = 3 is due by the end of the next Wednesday.
func (c *Calendar) Deadline(t time.Time, n int) time.Time {
	d := t.In(clock.Shanghai)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, clock.Shanghai)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkday(day) {
			n--
		}
	}
	return day.AddDate(0, 0, 1).UTC()
}

// Missing lists the years a deployment needs but the calendar lacks at now
// (Asia/Shanghai): this year, and from December next year too, whose
// holidays the State Council announces in November.
func (c *Calendar) Missing(now time.Time) []int {
	t := now.In(clock.Shanghai)
	var out []int
	if !c.Covers(t.Year()) {
		out = append(out, t.Year())
	}
	if t.Month() == time.December && !c.Covers(t.Year()+1) {
		out = append(out, t.Year()+1)
	}
	return out
}

// CalendarWarnings say, in words for the operator, which holiday calendars
// are missing now; empty when none is.
func (s *Service) CalendarWarnings() []string {
	out := []string{}
	for _, y := range s.Rules.Calendar.Missing(s.Clock.Now()) {
		out = append(out, fmt.Sprintf("缺少 %d 年的节假日安排（configs/holidays/%d.yaml）：%d 年的办理时限将只按周末计算，请按国务院办公厅通知补充", y, y, y))
	}
	return out
}

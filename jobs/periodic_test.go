package jobs

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/registry"
)

func TestPeriodicListsEveryJobOfTheConfiguredCapabilities(t *testing.T) {
	names := func(cfg Config) []string {
		var out []string
		for _, j := range cfg.Periodic() {
			assert.Equal(t, cfg.ScanInterval, j.Every, j.Name)
			out = append(out, j.Name)
		}
		return out
	}
	all := Config{ScanInterval: time.Minute, Notify: &notify.Engine{}, Messages: &messages.Service{}, Activities: &activities.Service{},
		Audit: &audit.Service{}, Identity: &identity.Service{}, Registry: &registry.Service{}}
	assert.Equal(t, []string{"notify_sweep", "messages_deputy_deadline", "messages_overdue", "messages_unrated", "messages_promises_lapsed", "messages_unused_photos",
		"messages_retention", "messages_answers_check", "activity_reminders", "activity_fanouts", "compliance_reminders", "audit_retention", "console_logins_purge", "deputy_imports_purge"}, names(all))
	assert.Equal(t, []string{"notify_sweep"}, names(Config{ScanInterval: time.Minute, Notify: &notify.Engine{}}))
	assert.Empty(t, names(Config{ScanInterval: time.Minute}))
}

func TestRunDueRunsEachJobEveryItsIntervalAndLogsFailures(t *testing.T) {
	var log strings.Builder
	logger := slog.New(slog.NewTextHandler(&log, nil))
	runs := map[string]int{}
	job := func(name string, every time.Duration, err error) Periodic {
		return Periodic{Name: name, Every: every, Run: func(context.Context) error { runs[name]++; return err }}
	}
	list := []Periodic{
		job("every look", time.Minute, nil),
		job("every third look", 3*time.Minute, nil),
		job("no interval runs every look", 0, nil),
		job("failing", time.Minute, assert.AnError),
	}
	for tick := range 6 {
		runDue(t.Context(), logger, list, time.Minute, tick)
	}
	assert.Equal(t, map[string]int{"every look": 6, "every third look": 2, "no interval runs every look": 6, "failing": 6}, runs)
	assert.Contains(t, log.String(), "job=failing")
}

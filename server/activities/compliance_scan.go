package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/registry"
)

// ScanCompliance reminds station staff of a rule whose current period is
// neither held nor scheduled: monthly rules from the configured day of the
// month, the others from before_period_end ahead of the period's end. One
// reminder per station, rule, period and staff user (dedupe key); staff are
// reached on WeChat or SMS as the kind allows, else the row is skipped with
// the reason and a log line says what was due. It loads and stores; the
// decisions are dueCompliance and complianceReminders.
func (s *Service) ScanCompliance(ctx context.Context) (int, error) {
	dues := dueCompliance(s.Rules, s.now())
	if len(dues) == 0 {
		return 0, nil
	}
	stations, err := s.Registry.ActiveStations(ctx)
	if err != nil {
		return 0, fmt.Errorf("activities: compliance scan: %w", err)
	}
	staff, err := s.Identity.Staff(ctx)
	if err != nil {
		return 0, err
	}
	created := 0
	for _, d := range dues {
		rows, err := s.heldRows(ctx, d.Period.From, d.Period.To, `a.kind = ?`, d.Rule.Kind)
		if err != nil {
			return created, err
		}
		// Keys already made this period, in one range read of the unique index:
		// the scan runs every few minutes and must not ask per station.
		made, err := s.Notify.DedupeKeysWithPrefix(ctx, d.keyPrefix())
		if err != nil {
			return created, fmt.Errorf("activities: compliance scan: %w", err)
		}
		for _, r := range complianceReminders(d, stations, rows, staff, made) {
			var due []notify.Due
			err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
				var err error
				due, err = s.Notify.Create(ctx, tx, r.Notices...)
				return err
			})
			if err != nil {
				return created, fmt.Errorf("activities: compliance scan: %w", err)
			}
			s.Notify.Enqueue(ctx, due)
			created += len(due)
			s.Log.Info("compliance reminder", "station_id", r.StationID, "kind", d.Rule.Kind, "period", d.Period.Label, "staff", len(r.Notices))
		}
	}
	return created, nil
}

// complianceDue is a rule whose current period staff are to be reminded of.
type complianceDue struct {
	Rule   StationRule
	Period Period
}

func (d complianceDue) keyPrefix() string {
	return fmt.Sprintf("compliance:%s:%s:", d.Rule.Kind, d.Period.Label)
}

// dueCompliance are the rules whose current period has reached its
// reminder time at now: the configured day of the month for monthly rules,
// before_period_end ahead of the period's end for the others.
func dueCompliance(rules *Rules, now time.Time) []complianceDue {
	local := now.In(clock.Shanghai)
	var dues []complianceDue
	for _, rule := range rules.StationRules {
		for _, p := range periods(local.Year(), rule.Period) {
			if now.Before(p.From) || !now.Before(p.To) {
				continue
			}
			trigger := p.To.Add(-rules.ComplianceReminder.BeforePeriodEnd)
			if rule.Period == "month" {
				trigger = time.Date(local.Year(), local.Month(), rules.ComplianceReminder.MonthlyDay, 0, 0, 0, 0, clock.Shanghai)
			}
			if !now.Before(trigger) {
				dues = append(dues, complianceDue{rule, p})
			}
		}
	}
	return dues
}

// stationReminder are the reminders to the staff of one station.
type stationReminder struct {
	StationID int64
	Notices   []notify.Notice
}

// complianceReminders decides who is reminded of d: the staff covering each
// station that has fewer activities of the rule's kind held or scheduled in
// the period (rows) than the rule asks, except those reminded already (made
// holds the dedupe keys made so far).
func complianceReminders(d complianceDue, stations []registry.StationRef, rows []heldRow, staff identity.StaffList, made []string) []stationReminder {
	exists := make(map[string]bool, len(made))
	for _, k := range made {
		exists[k] = true
	}
	count := map[int64]int{}
	for _, r := range rows {
		if r.Held || !r.Ended {
			count[r.StationID]++ // held or scheduled
		}
	}
	var out []stationReminder
	for _, st := range stations {
		if count[st.ID] >= d.Rule.AtLeast {
			continue
		}
		var notices []notify.Notice
		for _, u := range staff.Covering(st.ID, st.AreaCode) {
			key := fmt.Sprintf("%sstation:%d:user:%d", d.keyPrefix(), st.ID, u.UserID)
			if exists[key] {
				continue
			}
			notices = append(notices, notify.Notice{
				Kind: "compliance_reminder",
				To:   notify.Recipient{Type: notify.ToUser, ID: u.UserID, UserID: u.UserID, OpenID: u.OpenID},
				Params: map[string]string{"station_name": st.Name, "kind_name": KindName(d.Rule.Kind), "period": d.Period.Label,
					"station_id": fmt.Sprint(st.ID)},
				Subject:   fmt.Sprintf("station:%d", st.ID),
				StationID: st.ID,
				DedupeKey: key,
			})
		}
		if len(notices) > 0 {
			out = append(out, stationReminder{StationID: st.ID, Notices: notices})
		}
	}
	return out
}

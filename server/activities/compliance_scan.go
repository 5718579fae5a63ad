package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/notify"
)

// ScanCompliance reminds station staff of a rule whose current period is
// neither held nor scheduled: monthly rules from the configured day of the
// month, the others from before_period_end ahead of the period's end. One
// reminder per station, rule, period and staff user (dedupe key); staff are
// reached on WeChat or SMS as the kind allows, else the row is skipped with
// the reason and a log line says what was due.
func (s *Service) ScanCompliance(ctx context.Context) (int, error) {
	now := s.now()
	local := now.In(clock.Shanghai)
	type due struct {
		rule   StationRule
		period Period
	}
	var dues []due
	for _, rule := range s.Rules.StationRules {
		for _, p := range periods(local.Year(), rule.Period) {
			if now.Before(p.From) || !now.Before(p.To) {
				continue
			}
			trigger := p.To.Add(-s.Rules.ComplianceReminder.BeforePeriodEnd)
			if rule.Period == "month" {
				trigger = time.Date(local.Year(), local.Month(), s.Rules.ComplianceReminder.MonthlyDay, 0, 0, 0, 0, clock.Shanghai)
			}
			if !now.Before(trigger) {
				dues = append(dues, due{rule, p})
			}
		}
	}
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
		rows, err := s.heldRows(ctx, d.period.From, d.period.To, `a.kind = ?`, d.rule.Kind)
		if err != nil {
			return created, err
		}
		// Keys already made this period, in one range read of the unique index:
		// the scan runs every few minutes and must not ask per station.
		prefix := fmt.Sprintf("compliance:%s:%s:", d.rule.Kind, d.period.Label)
		made, err := s.Notify.DedupeKeysWithPrefix(ctx, prefix)
		if err != nil {
			return created, fmt.Errorf("activities: compliance scan: %w", err)
		}
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
		for _, st := range stations {
			if count[st.ID] >= d.rule.AtLeast {
				continue
			}
			var notices []notify.Notice
			for _, u := range staff.Covering(st.ID, st.AreaCode) {
				key := fmt.Sprintf("%sstation:%d:user:%d", prefix, st.ID, u.UserID)
				if exists[key] {
					continue
				}
				notices = append(notices, notify.Notice{
					Kind: "compliance_reminder",
					To:   notify.Recipient{Type: notify.ToUser, ID: u.UserID, UserID: u.UserID, OpenID: u.OpenID},
					Params: map[string]string{"station_name": st.Name, "kind_name": KindName(d.rule.Kind), "period": d.period.Label,
						"station_id": fmt.Sprint(st.ID)},
					Subject:   fmt.Sprintf("station:%d", st.ID),
					StationID: st.ID,
					DedupeKey: key,
				})
			}
			if len(notices) == 0 {
				continue
			}
			var dueIDs []notify.Due
			err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
				var err error
				dueIDs, err = s.Notify.Create(ctx, tx, notices...)
				return err
			})
			if err != nil {
				return created, fmt.Errorf("activities: compliance scan: %w", err)
			}
			s.Notify.Enqueue(ctx, dueIDs)
			created += len(dueIDs)
			s.Log.Info("compliance reminder", "station_id", st.ID, "kind", d.rule.Kind, "period", d.period.Label, "staff", len(notices))
		}
	}
	return created, nil
}

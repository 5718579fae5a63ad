package activities

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/registry"
)

func TestDueCompliance(t *testing.T) {
	rules := &Rules{
		StationRules: []StationRule{
			{Kind: "reception_day", Period: "month", AtLeast: 1},
			{Kind: "study", Period: "quarter", AtLeast: 1},
			{Kind: "report_review", Period: "year", AtLeast: 1},
		},
		ComplianceReminder: ComplianceReminder{MonthlyDay: 20, BeforePeriodEnd: 14 * 24 * time.Hour},
	}
	at := func(month time.Month, day, hour int) time.Time {
		return time.Date(2026, month, day, hour, 0, 0, 0, clock.Shanghai)
	}
	for _, c := range []struct {
		name string
		now  time.Time
		want []string // rule kind and period label
	}{
		{"before the monthly day nothing is due", at(5, 19, 23), nil},
		{"from the monthly day the month's rule is due", at(5, 20, 0), []string{"reception_day 2026-05"}},
		{"the quarter's rule is due fourteen days before its end", at(6, 17, 0), []string{"study 2026-Q2"}},
		{"but not fifteen days before", at(6, 15, 23), nil},
		{"the month's day counts in Shanghai, not UTC", time.Date(2026, 5, 19, 16, 0, 0, 0, time.UTC), []string{"reception_day 2026-05"}},
		{"the year's rule is due from mid-December, before the monthly day", at(12, 18, 0), []string{"study 2026-Q4", "report_review 2026"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, d := range dueCompliance(rules, c.now) {
				got = append(got, d.Rule.Kind+" "+d.Period.Label)
			}
			assert.Equal(t, c.want, got)
		})
	}
}

func TestComplianceReminders(t *testing.T) {
	due := complianceDue{Rule: StationRule{Kind: "study", Period: "quarter", AtLeast: 2}, Period: Period{Label: "2026-Q2"}}
	qingxiu := registry.StationRef{ID: 1, Name: "青秀站", AreaCode: "450103"}
	liuzhou := registry.StationRef{ID: 2, Name: "柳州站", AreaCode: "450202"}
	stations := []registry.StationRef{qingxiu, liuzhou}
	nanning := identity.Staff{UserID: 10, OpenID: "o-10", Scope: access.Scope{AreaPrefixes: []string{access.AreaPrefix("450100")}}}
	ofLiuzhou := identity.Staff{UserID: 11, OpenID: "o-11", Scope: access.Scope{StationIDs: []int64{2}}}
	staff := identity.StaffList{nanning, ofLiuzhou}
	held := func(station int64) heldRow { return heldRow{StationID: station, Held: true, Ended: true} }
	scheduled := func(station int64) heldRow { return heldRow{StationID: station} }
	missed := func(station int64) heldRow { return heldRow{StationID: station, Ended: true} }

	type reminded map[int64][]int64 // station → users
	for _, c := range []struct {
		name string
		rows []heldRow
		made []string
		want reminded
	}{
		{"with nothing held the staff of every station are reminded", nil, nil,
			reminded{1: {10}, 2: {11}}},
		{"held and scheduled activities count toward the rule", []heldRow{held(1), scheduled(1)}, nil,
			reminded{2: {11}}},
		{"an activity that ended without check-ins does not count", []heldRow{held(1), missed(1)}, nil,
			reminded{1: {10}, 2: {11}}},
		{"one short is still short", []heldRow{held(2)}, nil,
			reminded{1: {10}, 2: {11}}},
		{"staff reminded already this period are not reminded again", nil, []string{"compliance:study:2026-Q2:station:1:user:10"},
			reminded{2: {11}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := reminded{}
			for _, r := range complianceReminders(due, stations, c.rows, staff, c.made) {
				for _, n := range r.Notices {
					assert.Equal(t, r.StationID, n.StationID)
					assert.Equal(t, "compliance_reminder", n.Kind)
					assert.Equal(t, "2026-Q2", n.Params["period"])
					got[r.StationID] = append(got[r.StationID], n.To.UserID)
				}
			}
			assert.Equal(t, c.want, got)
		})
	}
}

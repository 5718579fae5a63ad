package audit_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

func ptr[T any](v T) *T { return &v }

// TestEveryStaffWritePathWritesOneAuditRow walks the staff's changes, each
// through its capability, and checks that each wrote exactly one row: its
// action, its subject, its actor and address.
func TestEveryStaffWritePathWritesOneAuditRow(t *testing.T) {
	s := wired.New(t)
	ctx := context.Background()
	adminToken, adminID := s.User(t, access.Grant{Role: access.RoleAdmin})
	admin := s.As(t, adminToken)
	admin.ClientIP = "198.51.100.9"
	var (
		station, deputy, group, message, activity int64
		redeemer                                  int64
		invite                                    string
	)
	staffToken, staffID := s.User(t, access.Grant{Role: access.RoleAdmin})
	staff := s.As(t, staffToken)
	staff.ClientIP = "198.51.100.9"
	id := func(kind string, n int64) string { return fmt.Sprintf("%s:%d", kind, n) }
	_, err := s.Identity.CreateInvite(ctx, nil, identity.InviteInput{Role: "admin"}) // from the command line, to be cancelled
	require.NoError(t, err)
	var spare int64
	require.NoError(t, s.DB.GetContext(ctx, &spare, `SELECT MAX(id) FROM invites`))

	steps := []struct {
		action string
		do     func() (subject string, err error)
	}{
		{"station.create", func() (string, error) {
			st, err := s.Registry.CreateStation(ctx, admin, registry.StationInput{Name: ptr("兴宁区联络站"), Kind: ptr("community"), AreaCode: ptr("450102")})
			if st != nil {
				station = st.ID
			}
			return id("station", station), err
		}},
		{"station.update", func() (string, error) {
			_, err := s.Registry.UpdateStation(ctx, admin, station, registry.StationInput{OpenHours: ptr("工作日")})
			return id("station", station), err
		}},
		{"deputy.create", func() (string, error) {
			d, err := s.Registry.CreateDeputy(ctx, admin, registry.DeputyInput{Name: ptr("覃海燕"), Phone: ptr("13800138001"),
				Levels: []string{"county"}, StationIDs: []int64{station}})
			if d != nil {
				deputy = d.ID
			}
			return id("deputy", deputy), err
		}},
		{"deputy.update", func() (string, error) {
			_, err := s.Registry.UpdateDeputy(ctx, admin, deputy, registry.DeputyInput{Phone: ptr("13800138002")})
			return id("deputy", deputy), err
		}},
		{"deputy.import", func() (string, error) {
			x := excelize.NewFile()
			_ = x.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "手机号", "层级", "联络站"})
			_ = x.SetSheetRow("Sheet1", "A2", &[]any{"覃海燕", "13800138002", "县级", fmt.Sprint(station)})
			var buf bytes.Buffer
			_ = x.Write(&buf)
			res, err := s.Registry.ImportDeputies(ctx, admin, &buf)
			if err == nil && (res.Updated != 1 || res.Errors != 0) {
				err = fmt.Errorf("import: %+v", res.Rows)
			}
			return id("deputy", deputy), err
		}},
		{"station.convenor", func() (string, error) {
			_, err := s.Registry.SetConvenor(ctx, admin, station, deputy)
			return id("station", station), err
		}},
		{"group.create", func() (string, error) {
			g, err := s.Registry.CreateGroup(ctx, admin, registry.GroupInput{Name: ptr("兴宁区第一代表小组"), Kind: ptr("area"), AreaCode: ptr("450102"),
				DeputyIDs: []int64{deputy}})
			if g != nil {
				group = g.ID
			}
			return id("group", group), err
		}},
		{"group.update", func() (string, error) {
			_, err := s.Registry.UpdateGroup(ctx, admin, group, registry.GroupInput{Name: ptr("兴宁区第二代表小组")})
			return id("group", group), err
		}},
		{"unit.create", func() (string, error) {
			u, err := s.Registry.CreateUnit(ctx, admin, registry.UnitInput{Name: "兴宁区住建局", AreaCode: "450102", ContactName: "李科长", ContactPhone: "0771-5551234"})
			if u == nil {
				return "", err
			}
			return id("unit", u.ID), err
		}},
		{"message.walk_in", func() (string, error) {
			c, err := s.Messages.SubmitWalkIn(ctx, staff, station, messages.Input{Category: "urban_rural", Content: "小区路灯坏了很久没人修",
				OnBehalf: &messages.OnBehalf{Name: "黄先生", Phone: "13900139000", Consent: true}})
			if c != nil {
				message = c.ID
			}
			return id("message", message), err
		}},
		{"message.accept", func() (string, error) {
			_, err := s.Messages.Handle(ctx, staff, message, messages.Transition{Action: "accept"})
			return id("message", message), err
		}},
		{"message.reply", func() (string, error) {
			_, err := s.Messages.Handle(ctx, staff, message, messages.Transition{Action: "reply", Reply: "已联系街道维修"})
			return id("message", message), err
		}},
		{"messages.export", func() (string, error) {
			_, err := s.Messages.Export(ctx, staff, messages.StatsFilter{StationID: station})
			return id("station", station), err
		}},
		{"activity.create", func() (string, error) {
			start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
			a, err := s.Activities.Create(ctx, staff, activities.Input{StationID: &station, Kind: ptr("visit"), Title: ptr("接待选民"),
				StartAt: &start, EndAt: ptr(start.Add(2 * time.Hour)), Venue: ptr("联络站"), Invitees: &activities.Invitees{StationID: station}})
			if a != nil {
				activity = a.ID
			}
			return id("activity", activity), err
		}},
		{"activity.update", func() (string, error) {
			_, err := s.Activities.Update(ctx, staff, activity, activities.Input{Title: ptr("集中接待选民")})
			return id("activity", activity), err
		}},
		{"activity.publish", func() (string, error) {
			_, err := s.Activities.Publish(ctx, staff, activity)
			return id("activity", activity), err
		}},
		{"activity.attendance", func() (string, error) {
			_, err := s.Activities.RecordAttendance(ctx, staff, activity, deputy, "电话确认到场")
			return id("activity", activity), err
		}},
		{"notification.resend", func() (string, error) {
			var n int64
			if err := s.DB.GetContext(ctx, &n, `SELECT id FROM notifications ORDER BY id LIMIT 1`); err != nil {
				return "", err
			}
			s.DB.Exec(t, `UPDATE notifications SET status = 'failed' WHERE id = ?`, n)
			_, err := s.Notify.Resend(ctx, staff, n)
			return id("notification", n), err
		}},
		{"activity.cancel", func() (string, error) {
			_, err := s.Activities.Cancel(ctx, staff, activity, "暴雨")
			return id("activity", activity), err
		}},
		{"invite.create", func() (string, error) {
			inv, err := s.Identity.CreateInvite(ctx, admin, identity.InviteInput{Role: "staff", StationIDs: []int64{station}})
			if inv != nil {
				invite = inv.InviteCode
			}
			var n int64
			_ = s.DB.GetContext(ctx, &n, `SELECT MAX(id) FROM invites`)
			return id("invite", n), err
		}},
		{"invite.redeem", func() (string, error) {
			tok, uid, _ := s.SignIn(t)
			redeemer = uid
			p := s.As(t, tok)
			p.ClientIP = "198.51.100.9"
			_, err := s.Identity.Redeem(ctx, p, invite)
			var n int64
			_ = s.DB.GetContext(ctx, &n, `SELECT MAX(id) FROM invites`)
			return id("invite", n), err
		}},
		{"invite.cancel", func() (string, error) {
			return id("invite", spare), s.Identity.CancelInvite(ctx, admin, spare)
		}},
		{"user.revoke", func() (string, error) {
			_, err := s.Identity.Revoke(ctx, admin, staffID)
			return id("user", staffID), err
		}},
	}
	for _, step := range steps {
		var before int64
		require.NoError(t, s.DB.GetContext(ctx, &before, `SELECT COALESCE(MAX(id), 0) FROM audit_log`))
		subject, err := step.do()
		require.NoError(t, err, step.action)
		var rows []struct {
			Action   string `db:"action"`
			Subject  string `db:"subject"`
			Actor    *int64 `db:"actor_user_id"`
			ClientIP string `db:"client_ip"`
			Summary  string `db:"summary"`
		}
		require.NoError(t, s.DB.SelectContext(ctx, &rows, `SELECT action, subject, actor_user_id, client_ip, summary FROM audit_log WHERE id > ? ORDER BY id`, before))
		if !assert.Len(t, rows, 1, "%s writes one row: %+v", step.action, rows) {
			continue
		}
		r := rows[0]
		assert.Equal(t, step.action, r.Action)
		assert.Equal(t, subject, r.Subject, step.action)
		if assert.NotNil(t, r.Actor, step.action) {
			assert.Contains(t, []int64{adminID, staffID, redeemer}, *r.Actor, step.action)
		}
		assert.Equal(t, "198.51.100.9", r.ClientIP, step.action)
		assert.NotRegexp(t, `1[3-9]\d{9}`, r.Summary, "%s: no whole phone number in %q", step.action, r.Summary)
		assert.NotEmpty(t, r.Summary, step.action)
	}
	assert.Equal(t, len(steps)+1, s.DB.Count(t, `SELECT COUNT(*) FROM audit_log`), "the steps' rows and the spare invite's")
}

package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
)

var admin = &access.Principal{UserID: 1, Grants: []access.Grant{{Role: access.RoleAdmin}}}

func TestRecordMasksNumbersNamesTheActorAndTakesTheAddress(t *testing.T) {
	db := testkit.NewDB(t)
	ctx := context.Background()
	db.Exec(t, `INSERT INTO deputies (id, name, phone_enc, phone_hash, levels, created_at, updated_at) VALUES (7, '覃海燕', 'x', 'h', 'county', NOW(3), NOW(3))`)
	db.Exec(t, `INSERT INTO users (id, openid, deputy_id, created_at, last_login_at) VALUES (3, 'o-3', 7, NOW(3), NOW(3)), (4, 'o-4', NULL, NOW(3), NOW(3))`)

	bound := &access.Principal{UserID: 3, ClientIP: "198.51.100.4"}
	require.NoError(t, audit.Record(ctx, db.DB, bound, audit.DeputyUpdate, audit.Subject("deputy", 9), "电话：13812345678 → 0771-5551234"))
	require.NoError(t, audit.Record(access.WithClientIP(ctx, "198.51.100.5"), db.DB, &access.Principal{UserID: 4}, audit.StationCreate, "station:1", strings.Repeat("长", 600)))
	require.NoError(t, audit.Record(access.WithClientIP(ctx, "198.51.100.6"), db.DB, nil, audit.SignInFailed, "", "微信登录凭证无效"))
	require.NoError(t, audit.Record(ctx, db.DB, &access.Principal{Grants: admin.Grants}, audit.UserRevoke, "user:3", "撤销用户 3 的权限"))

	svc := audit.New(audit.Deps{DB: db.DB})
	rows, next, err := svc.List(ctx, admin, audit.Filter{}, store.Page{Limit: 10})
	require.NoError(t, err)
	assert.True(t, next.IsZero())
	require.Len(t, rows, 4)
	byAction := map[string]audit.Entry{}
	for _, r := range rows {
		byAction[r.Action] = r
	}
	u := byAction[audit.DeputyUpdate]
	assert.Equal(t, "电话：138****5678 → 077*****1234", u.Summary, "long numbers are masked")
	assert.Equal(t, &audit.Actor{ID: 3, Name: "覃海燕"}, u.Actor, "the bound deputy's name")
	assert.Equal(t, "198.51.100.4", u.ClientIP, "the principal's address first")
	assert.Equal(t, "修改代表信息", u.Label)
	c := byAction[audit.StationCreate]
	assert.Equal(t, &audit.Actor{ID: 4, Name: "用户 4"}, c.Actor)
	assert.Equal(t, "198.51.100.5", c.ClientIP, "else the context's")
	assert.Equal(t, 500, len([]rune(c.Summary)), "cut to the column")
	f := byAction[audit.SignInFailed]
	assert.Nil(t, f.Actor)
	assert.Equal(t, "198.51.100.6", f.ClientIP)
	assert.Equal(t, &audit.Actor{Name: audit.OperatorName}, byAction[audit.UserRevoke].Actor, "the command line's operator")

	_, _, err = svc.List(ctx, &access.Principal{UserID: 5, Grants: []access.Grant{{Role: access.RoleStaff, AreaCode: "450102"}}}, audit.Filter{}, store.Page{Limit: 10})
	assert.Error(t, err, "staff may not read the log")
	_, _, err = svc.List(ctx, admin, audit.Filter{From: time.Now(), To: time.Now().Add(-time.Hour)}, store.Page{Limit: 10})
	assert.Error(t, err, "a period that ends before it starts")
}

func TestPurgeDeletesOnlyRowsOlderThanTheRetention(t *testing.T) {
	db := testkit.NewDB(t)
	now := time.Date(2026, 6, 1, 4, 0, 0, 0, time.UTC)
	retention := 200 * 24 * time.Hour
	cases := []struct {
		name string
		age  time.Duration
		kept bool
	}{
		{"a row of today", 0, true},
		{"a row of half the retention", retention / 2, true},
		{"a row a minute short of the retention", retention - time.Minute, true},
		{"a row a minute past the retention", retention + time.Minute, false},
		{"a row of five years", 5 * 365 * 24 * time.Hour, false},
	}
	for i, tc := range cases {
		db.Exec(t, `INSERT INTO audit_log (id, at, action, summary) VALUES (?, ?, 'station.update', ?)`, i+1, now.Add(-tc.age), tc.name)
	}
	svc := audit.New(audit.Deps{DB: db.DB, Clock: clock.NewFixed(now), Retention: retention})
	n, err := svc.Purge(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	for i, tc := range cases {
		assert.Equal(t, tc.kept, db.Count(t, `SELECT COUNT(*) FROM audit_log WHERE id = ?`, i+1) == 1, tc.name)
	}
	n, err = svc.Purge(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n, "running it again deletes nothing more")
}

func TestARetentionBelowSixMonthsIsNeverUsed(t *testing.T) {
	assert.Equal(t, audit.DefaultRetention, audit.New(audit.Deps{Retention: 30 * 24 * time.Hour}).Retention)
	assert.Equal(t, audit.MinRetention, audit.New(audit.Deps{Retention: audit.MinRetention}).Retention)
}

func TestEveryActionHasAChineseLabel(t *testing.T) {
	for _, a := range audit.Actions() {
		assert.NotEqual(t, a, audit.Label(a), a)
	}
	assert.Equal(t, "答复留言", audit.Label(audit.MessageAction("reply")))
	assert.Equal(t, "unknown.thing", audit.Label("unknown.thing"))
}

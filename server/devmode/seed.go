package devmode

import (
	"context"
	"fmt"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/app"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/registry"
)

// DemoArea is the township the demo station is in: 南宁市兴宁区民生街道.
const DemoArea = "450102001"

// Demo is what Seed made, for the welcome text and the tests.
type Demo struct {
	Station  *registry.Station
	Deputies []*registry.Deputy
	// Invite codes, each usable once: staff of the demo station, an admin,
	// and the convenor deputy (a user redeeming it becomes that deputy).
	StaffInvite  string
	AdminInvite  string
	DeputyInvite string
}

// seeder is the operator: an admin principal with no user behind it, so the
// demo goes through the same capability calls (and their checks) as an
// admin's requests would.
var seeder = &access.Principal{Grants: []access.Grant{{Role: access.RoleAdmin}}}

// Seed fills a freshly migrated database with a demo, one capability at a
// time, through the capabilities' own functions. Every seed step must be
// safe to read by a newcomer: made-up names are Chinese, phone numbers are
// in the 1380013xxxx range that no real subscriber has.
func Seed(ctx context.Context, a *app.App) (*Demo, error) {
	d := &Demo{}
	for _, step := range []struct {
		name string
		fn   func(context.Context, *app.App, *Demo) error
	}{
		{"registry", seedRegistry},
		{"codes", seedCodes},
		{"identity", seedIdentity},
		{"activities", seedActivities},
		{"messages", seedMessages},
		{"consultations", seedConsultations},
	} {
		if err := step.fn(ctx, a, d); err != nil {
			return nil, fmt.Errorf("devmode: seed %s: %w", step.name, err)
		}
	}
	return d, nil
}

func ptr[T any](v T) *T { return &v }

// demoDeputies are the members of the demo station (混合编组: several levels).
var demoDeputies = []registry.DeputyInput{
	{Name: ptr("覃海燕"), Phone: ptr("13800138001"), Levels: []string{registry.LevelNational, registry.LevelRegional},
		Employer: &registry.EmployerInput{Name: ptr("广西壮族自治区人民医院"), ContactName: ptr("李娟"), ContactPhone: ptr("0771-5551234")}},
	{Name: ptr("黄秀兰"), Phone: ptr("13800138002"), Levels: []string{registry.LevelCity},
		Employer: &registry.EmployerInput{Name: ptr("南宁市第二中学"), ContactName: ptr("梁志明"), ContactPhone: ptr("13800138102")}},
	{Name: ptr("韦建国"), Phone: ptr("13800138003"), Levels: []string{registry.LevelCity, registry.LevelCounty},
		Employer: &registry.EmployerInput{Name: ptr("南宁市兴宁区民生街道办事处"), ContactName: ptr("陆小燕"), ContactPhone: ptr("13800138103")}},
	{Name: ptr("陆美玲"), Phone: ptr("13800138004"), Levels: []string{registry.LevelCounty}, Grassroots: ptr(true)},
	{Name: ptr("蒙志强"), Phone: ptr("13800138005"), Levels: []string{registry.LevelCounty}, Grassroots: ptr(true),
		Employer: &registry.EmployerInput{Name: ptr("南宁市民生菜市场经营管理有限公司"), ContactName: ptr("农丽华"), ContactPhone: ptr("13800138105")}},
}

// demoConvenor is the index in demoDeputies of the station's convenor (召集人).
const demoConvenor = 2

// seedRegistry makes one community station in 民生街道 and its deputies.
func seedRegistry(ctx context.Context, a *app.App, d *Demo) error {
	st, err := a.Registry.CreateStation(ctx, seeder, registry.StationInput{
		Name:      ptr("兴宁区民生街道人大代表联络站"),
		Kind:      ptr(registry.KindCommunity),
		AreaCode:  ptr(DemoArea),
		Address:   ptr("南宁市兴宁区民生路88号民生街道办事处二楼"),
		Latitude:  ptr(22.817350),
		Longitude: ptr(108.318990),
		OpenHours: ptr("周一至周五 9:00-12:00, 14:30-17:30"),
	})
	if err != nil {
		return err
	}
	for _, in := range demoDeputies {
		in.StationIDs = []int64{st.ID}
		dep, err := a.Registry.CreateDeputy(ctx, seeder, in)
		if err != nil {
			return fmt.Errorf("deputy %s: %w", *in.Name, err)
		}
		d.Deputies = append(d.Deputies, dep)
	}
	if d.Station, err = a.Registry.SetConvenor(ctx, seeder, st.ID, d.Deputies[demoConvenor].ID); err != nil {
		return err
	}
	return nil
}

// seedIdentity makes the invites the welcome text hands out. Like
// `liaison admin invite`, they come from the operator (no inviting user).
func seedIdentity(ctx context.Context, a *app.App, d *Demo) error {
	for _, inv := range []struct {
		in   identity.InviteInput
		code *string
	}{
		{identity.InviteInput{Role: access.RoleStaff, StationIDs: []int64{d.Station.ID}}, &d.StaffInvite},
		{identity.InviteInput{Role: access.RoleAdmin}, &d.AdminInvite},
		{identity.InviteInput{Role: access.RoleDeputy, DeputyID: d.Deputies[demoConvenor].ID}, &d.DeputyInvite},
	} {
		out, err := a.Identity.CreateInvite(ctx, nil, inv.in)
		if err != nil {
			return fmt.Errorf("%s invite: %w", inv.in.Role, err)
		}
		*inv.code = out.InviteCode
	}
	return nil
}

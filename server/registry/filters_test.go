package registry_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
)

// The console's list filters: stations by kind, deputies by level and
// grassroots, groups by member.
func TestListFilters(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	community := f.station(t, "民生社区联络站", testkit.AreaXingning, 22.8, 108.3)
	pro, err := f.reg.CreateStation(ctx, admin, registry.StationInput{Name: ptr("医疗卫生专业联络站"),
		Kind: ptr(registry.KindProfessional), Topic: ptr("医疗卫生"), AreaCode: ptr(testkit.AreaQingxiu)})
	require.NoError(t, err)

	got, _, err := f.reg.Stations(ctx, nanningStaff, registry.StationFilter{Kind: registry.KindProfessional}, store.Page{})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, pro.ID, got[0].ID)
	_, _, err = f.reg.Stations(ctx, nanningStaff, registry.StationFilter{Kind: "club"}, store.Page{})
	require.Error(t, err)

	a, err := f.reg.CreateDeputy(ctx, admin, registry.DeputyInput{Name: ptr("甲"), Phone: ptr("13800138011"),
		Levels: []string{registry.LevelCity, registry.LevelCounty}, StationIDs: []int64{community}})
	require.NoError(t, err)
	b, err := f.reg.CreateDeputy(ctx, admin, registry.DeputyInput{Name: ptr("乙"), Phone: ptr("13800138012"),
		Levels: []string{registry.LevelTownship}, Grassroots: ptr(true), StationIDs: []int64{community}})
	require.NoError(t, err)

	ids := func(df registry.DeputyFilter) []int64 {
		t.Helper()
		ds, _, err := f.reg.Deputies(ctx, nanningStaff, df, store.Page{})
		require.NoError(t, err)
		out := []int64{}
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out
	}
	require.Equal(t, []int64{a.ID}, ids(registry.DeputyFilter{Level: registry.LevelCounty}))
	require.Equal(t, []int64{b.ID}, ids(registry.DeputyFilter{Grassroots: ptr(true)}))
	require.Equal(t, []int64{a.ID}, ids(registry.DeputyFilter{Grassroots: ptr(false)}))
	require.Empty(t, ids(registry.DeputyFilter{Level: registry.LevelNational}))
	_, _, err = f.reg.Deputies(ctx, nanningStaff, registry.DeputyFilter{Level: "mayor"}, store.Page{})
	require.Error(t, err)

	g, err := f.reg.CreateGroup(ctx, admin, registry.GroupInput{Name: ptr("兴宁区代表小组"), Kind: ptr(registry.GroupByArea),
		AreaCode: ptr(testkit.AreaXingning), DeputyIDs: []int64{b.ID}})
	require.NoError(t, err)
	gs, _, err := f.reg.Groups(ctx, nanningStaff, registry.GroupFilter{DeputyID: b.ID}, store.Page{})
	require.NoError(t, err)
	require.Len(t, gs, 1)
	require.Equal(t, g.ID, gs[0].ID)
	gs, _, err = f.reg.Groups(ctx, nanningStaff, registry.GroupFilter{DeputyID: a.ID}, store.Page{})
	require.NoError(t, err)
	require.Empty(t, gs)
}

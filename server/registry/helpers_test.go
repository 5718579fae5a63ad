package registry_test

import (
	"bytes"
	"crypto/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
)

// fixture is a registry on a fresh database with the test areas seeded.
type fixture struct {
	reg   *registry.Service
	db    *testkit.DB
	box   *pii.Box
	clock *clock.Fixed
}

var (
	admin = &access.Principal{UserID: 1, Grants: []access.Grant{{Role: access.RoleAdmin}}}
	// nanningStaff covers every station of 南宁市.
	nanningStaff = &access.Principal{UserID: 2, Grants: []access.Grant{{Role: access.RoleStaff, AreaCode: testkit.AreaNanning}}}
	// liuzhouStaff covers every station of 柳州市.
	liuzhouStaff = &access.Principal{UserID: 3, Grants: []access.Grant{{Role: access.RoleStaff, AreaCode: testkit.AreaLiuzhou}}}
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := testkit.NewDB(t)
	testkit.SeedAreas(t, db)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	box, err := pii.NewBox(key)
	require.NoError(t, err)
	clk := clock.NewFixed(time.Date(2023, 3, 15, 1, 30, 0, 0, time.UTC))
	return &fixture{reg: registry.New(registry.Deps{DB: db.DB, Box: box, Clock: clk}), db: db, box: box, clock: clk}
}

// station creates a station through the service, as an admin.
func (f *fixture) station(t *testing.T, name, area string, lat, lng float64) int64 {
	t.Helper()
	st, err := f.reg.CreateStation(t.Context(), admin, registry.StationInput{
		Name: ptr(name), Kind: ptr(registry.KindCommunity), AreaCode: ptr(area), Latitude: &lat, Longitude: &lng})
	require.NoError(t, err)
	return st.ID
}

func ptr[T any](v T) *T { return &v }

// xlsx builds an .xlsx file whose first sheet holds rows (the first is the header).
func xlsx(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow(sheet, cell, &r))
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

package registry_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
)

func TestImportAreasLoadsGuangxiAndRunningItTwiceLeavesTheSameRows(t *testing.T) {
	db := testkit.NewDB(t)
	data, err := os.ReadFile("../../configs/areas/guangxi.csv")
	require.NoError(t, err)
	lines := strings.Count(strings.TrimSpace(string(data)), "\n") // rows without the header

	type row struct {
		Code, Name, Level string
		Parent            *string `db:"parent_code"`
	}
	snapshot := func() []row {
		var rows []row
		require.NoError(t, db.SelectContext(t.Context(), &rows, "SELECT code, name, level, parent_code FROM areas ORDER BY code"))
		return rows
	}
	for range 2 {
		n, err := registry.ImportAreas(t.Context(), db.DB, strings.NewReader(string(data)))
		require.NoError(t, err)
		assert.Equal(t, lines, n)
		assert.Equal(t, lines, db.Count(t, "SELECT COUNT(*) FROM areas"))
	}
	first := snapshot()
	_, err = registry.ImportAreas(t.Context(), db.DB, strings.NewReader(string(data)))
	require.NoError(t, err)
	assert.Equal(t, first, snapshot())

	var got row
	require.NoError(t, db.GetContext(t.Context(), &got, "SELECT code, name, level, parent_code FROM areas WHERE code = '450102001'"))
	assert.Equal(t, "民生街道", got.Name)
	assert.Equal(t, "township", got.Level)
	require.NotNil(t, got.Parent)
	assert.Equal(t, "450102", *got.Parent)
	assert.Equal(t, 1, db.Count(t, "SELECT COUNT(*) FROM areas WHERE parent_code IS NULL AND code = '450000'"))
	assert.Zero(t, db.Count(t, "SELECT COUNT(*) FROM areas a LEFT JOIN areas p ON p.code = a.parent_code WHERE a.parent_code IS NOT NULL AND p.code IS NULL"),
		"every parent_code names an imported area")
}

func TestImportAreasOverwritesAChangedNameAndKeepsOtherRows(t *testing.T) {
	f := newFixture(t) // the seeded areas are already there
	before := f.db.Count(t, "SELECT COUNT(*) FROM areas")
	csv := "code,name,parent_code,level\n450102,兴宁区（新）,450100,county\n450109,邕宁区,450100,county\n"
	n, err := registry.ImportAreas(t.Context(), f.db.DB, strings.NewReader(csv))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, before+1, f.db.Count(t, "SELECT COUNT(*) FROM areas"))
	assert.Equal(t, 1, f.db.Count(t, "SELECT COUNT(*) FROM areas WHERE code = '450102' AND name = '兴宁区（新）'"))
}

func TestImportAreasRefusesAMalformedFileAndChangesNothing(t *testing.T) {
	cases := []struct {
		name, csv string
	}{
		{"a file with another header is refused", "code,name,parent,level\n450000,广西壮族自治区,,province\n"},
		{"a code that is not 6 or 9 digits is refused", "code,name,parent_code,level\n450000,广西壮族自治区,,province\n4501,南宁市,450000,city\n"},
		{"an unknown level is refused", "code,name,parent_code,level\n450000,广西壮族自治区,,state\n"},
		{"a code given twice is refused", "code,name,parent_code,level\n450000,广西壮族自治区,,province\n450000,广西,,province\n"},
		{"a row with a missing field is refused", "code,name,parent_code,level\n450000,广西壮族自治区,province\n"},
		{"an empty name is refused", "code,name,parent_code,level\n450000,,,province\n"},
		{"an empty file is refused", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := testkit.NewDB(t)
			_, err := registry.ImportAreas(t.Context(), db.DB, strings.NewReader(tc.csv))
			require.Error(t, err)
			assert.Zero(t, db.Count(t, "SELECT COUNT(*) FROM areas"))
		})
	}
}

func TestAreasListsTheChildrenOfAnAreaOrTheTopLevel(t *testing.T) {
	f := newFixture(t)
	codes := func(parent string) []string {
		areas, err := f.reg.Areas(t.Context(), parent)
		require.NoError(t, err)
		out := []string{}
		for _, a := range areas {
			out = append(out, a.Code)
		}
		return out
	}
	assert.Equal(t, []string{testkit.AreaGuangxi}, codes(""))
	assert.Equal(t, []string{testkit.AreaNanning, testkit.AreaLiuzhou}, codes(testkit.AreaGuangxi))
	assert.Equal(t, []string{testkit.AreaXingning, testkit.AreaQingxiu}, codes(testkit.AreaNanning))
	assert.Equal(t, []string{}, codes(testkit.AreaMinsheng), "a township has no children")

	_, err := f.reg.Areas(t.Context(), "459999")
	assert.Equal(t, "area_not_found", apperr.CodeOf(err))
	_, err = f.reg.Areas(t.Context(), "nanning")
	assert.Equal(t, "invalid_input", apperr.CodeOf(err))
}

package registry_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
)

// A file whose shared strings, or whose parts together, unzip past the
// limits is refused before it is unzipped, with a plain Chinese answer, by
// the import at once (the API's) and by the console's import batches; a
// file within them is read.
func TestAnImportFileThatUnzipsPastTheLimitsIsRefused(t *testing.T) {
	f := newFixture(t)
	f.users(t)
	small := xlsx(t, [][]any{{"姓名", "手机号"}, {"张三", "13800000001"}})
	padded := testkit.PadSharedStrings(t, small, 3<<20)
	require.Less(t, len(padded), 200<<10, "a small file")

	for _, tc := range []struct {
		name    string
		limits  registry.ImportLimits
		message string
	}{
		{"shared strings past their limit", registry.ImportLimits{SharedStringsMaxBytes: 1 << 20}, "表格里的文字解压后超过 1 MB"},
		{"the parts together past the limit", registry.ImportLimits{UnzipMaxBytes: 2 << 20, XMLMemoryBytes: 1 << 20}, "文件解压后超过 2 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := registry.New(registry.Deps{DB: f.db.DB, Box: f.box, Clock: f.clock, ImportLimits: tc.limits})
			_, err := reg.ImportDeputies(t.Context(), admin, bytes.NewReader(padded))
			e := apperr.From(err)
			assert.Equal(t, "file_unzipped_too_large", e.Code, "%v", err)
			assert.Equal(t, apperr.KindTooLarge, e.Kind)
			assert.Contains(t, e.Message, tc.message)
			assert.Contains(t, e.Message, "分成几个文件")

			_, err = reg.StartImport(t.Context(), nanningStaff, "名单.xlsx", bytes.NewReader(padded))
			assert.Equal(t, "file_unzipped_too_large", apperr.CodeOf(err), "%v", err)

			res, err := reg.ImportDeputies(t.Context(), admin, bytes.NewReader(small))
			require.NoError(t, err, "a small file is within the limits")
			assert.Equal(t, 1, res.Created)
			f.db.Exec(t, "DELETE FROM deputies")
		})
	}
	assert.Zero(t, f.db.Count(t, "SELECT COUNT(*) FROM deputy_imports"))
}

// Blank rows are skipped, but not without end: a sheet that runs on past
// its data rows' limit and ten thousand blank rows is refused, saying so.
func TestAnImportSheetOfEndlessBlankRowsIsRefused(t *testing.T) {
	f := newFixture(t)
	x := excelize.NewFile()
	defer x.Close()
	require.NoError(t, x.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "手机号"}))
	require.NoError(t, x.SetSheetRow("Sheet1", "A2", &[]any{"张三", "13800000001"}))
	require.NoError(t, x.SetSheetRow("Sheet1", "A20000", &[]any{"李四", "13800000002"}))
	var buf bytes.Buffer
	require.NoError(t, x.Write(&buf))

	_, err := f.reg.ImportDeputies(t.Context(), admin, bytes.NewReader(buf.Bytes()))
	e := apperr.From(err)
	assert.Equal(t, "too_many_rows", e.Code, "%v", err)
	assert.Contains(t, e.Message, "含空行")
	assert.Zero(t, f.db.Count(t, "SELECT COUNT(*) FROM deputies"))
}

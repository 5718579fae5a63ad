package registry_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
)

// users inserts the users of the test principals (batches belong to a user).
func (f *fixture) users(t testing.TB) {
	t.Helper()
	for _, id := range []int64{admin.UserID, nanningStaff.UserID, liuzhouStaff.UserID} {
		f.db.Exec(t, "INSERT INTO users (id, openid, created_at, last_login_at) VALUES (?, ?, NOW(3), NOW(3))", id, fmt.Sprint("o", id))
	}
}

func previewRows(t *testing.T, f *fixture, b *registry.ImportBatch) map[int]registry.ImportPreviewRow {
	t.Helper()
	rows, next, err := f.reg.ImportRows(t.Context(), nanningStaff, b.ID, "", store.Page{Limit: 100})
	require.NoError(t, err)
	require.True(t, next.IsZero())
	out := map[int]registry.ImportPreviewRow{}
	for _, r := range rows {
		out[r.Row] = r
	}
	return out
}

func TestImportBatchComparesOnlyTheSheetsColumnsAndAppliesThem(t *testing.T) {
	f := newFixture(t)
	f.users(t)
	xn := f.station(t, "兴宁区联络站", testkit.AreaXingning, 22.8, 108.3)
	qx := f.station(t, "青秀区联络站", testkit.AreaQingxiu, 22.8, 108.3)
	known, err := f.reg.CreateDeputy(t.Context(), admin, registry.DeputyInput{
		Name: ptr("李明"), Phone: ptr("13900000001"), Levels: []string{"city"}, StationIDs: []int64{xn},
		Employer: &registry.EmployerInput{Name: ptr("南宁市某局"), ContactPhone: ptr("0771-5551234")}})
	require.NoError(t, err)
	same, err := f.reg.CreateDeputy(t.Context(), admin, registry.DeputyInput{
		Name: ptr("周华"), Phone: ptr("13900000002"), Levels: []string{"county"}, StationIDs: []int64{xn}})
	require.NoError(t, err)

	// No 工作单位 or 单位联系电话 columns: those are neither compared nor changed.
	file := xlsx(t, [][]any{
		{"姓名", "手机号", "层级", "联络站"},
		{"李明", "13900000001", "市、县", itoa(xn) + "、" + itoa(qx)}, // 2: levels and a station more
		{"周华", "13900000002", "县", itoa(xn)},                    // 3: the same
		{"陈新", "13900000003", "乡镇", "青秀区联络站"},                   // 4: new
		{"", "13900000004", "县", itoa(xn)},                      // 5: error
		{"吴一", "13900000005", "县", ""},                          // 6: staff must name a station
		{"吴二", "13900000003", "县", itoa(xn)},                    // 7: the same phone as row 4
	})
	b, err := f.reg.StartImport(t.Context(), nanningStaff, "名单.xlsx", bytes.NewReader(file))
	require.NoError(t, err)
	assert.Equal(t, registry.BatchChecked, b.State)
	assert.Equal(t, []int{6, 1, 1, 1, 3}, []int{b.Total, b.New, b.Changed, b.Unchanged, b.Errors})
	assert.False(t, b.CanApply())
	rows := previewRows(t, f, b)
	assert.Equal(t, registry.ImportPreviewRow{Seq: rows[2].Seq, Row: 2, Class: "changed", Name: "李明", Phone: "139****0001", Changes: "层级、联络站"}, rows[2])
	assert.Equal(t, "unchanged", rows[3].Class)
	assert.Equal(t, "new", rows[4].Class)
	assert.Equal(t, registry.ImportPreviewRow{Seq: rows[5].Seq, Row: 5, Class: "error", Phone: "139****0004", Column: "姓名", Reason: "缺少姓名"}, rows[5])
	assert.Equal(t, [2]string{"联络站", "请填写联络站"}, [2]string{rows[6].Column, rows[6].Reason})
	assert.Equal(t, [2]string{"手机号", "手机号与第4行重复"}, [2]string{rows[7].Column, rows[7].Reason})

	// Only one class, errors first.
	errs, _, err := f.reg.ImportRows(t.Context(), nanningStaff, b.ID, "error", store.Page{Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, []int{5, 6}, []int{errs[0].Row, errs[1].Row})

	// An applied batch with errors changes nothing.
	b, err = f.reg.ApplyImport(t.Context(), nanningStaff, b.ID)
	require.NoError(t, err)
	assert.Equal(t, registry.BatchChecked, b.State)
	assert.Equal(t, 2, f.db.Count(t, "SELECT COUNT(*) FROM deputies"))

	// Without the bad rows: applied, the sheet's columns only.
	b, err = f.reg.StartImport(t.Context(), nanningStaff, "名单.xlsx", bytes.NewReader(xlsx(t, [][]any{
		{"姓名", "手机号", "层级", "联络站"},
		{"李明", "13900000001", "市、县", itoa(xn) + "、" + itoa(qx)},
		{"周华", "13900000002", "县", itoa(xn)},
		{"陈新", "13900000003", "乡镇", "青秀区联络站"},
	})))
	require.NoError(t, err)
	require.True(t, b.CanApply())
	f.clock.Advance(time.Hour)
	b, err = f.reg.ApplyImport(t.Context(), nanningStaff, b.ID)
	require.NoError(t, err)
	assert.Equal(t, registry.BatchApplied, b.State)
	li, err := f.reg.Deputy(t.Context(), admin, known.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"city", "county"}, li.Levels)
	assert.Equal(t, []int64{xn, qx}, li.StationIDs)
	assert.Equal(t, registry.Employer{Name: "南宁市某局", ContactPhone: "0771-5551234"}, li.Employer, "columns the sheet lacks stay")
	zhou, err := f.reg.Deputy(t.Context(), admin, same.ID)
	require.NoError(t, err)
	assert.Equal(t, same.UpdatedAt, zhou.UpdatedAt, "an unchanged deputy is not written")
	chen, _, err := f.reg.Deputies(t.Context(), admin, registry.DeputyFilter{Q: "13900000003"}, store.Page{Limit: 5})
	require.NoError(t, err)
	require.Len(t, chen, 1)
	assert.Equal(t, []int64{qx}, chen[0].StationIDs)
	assert.Equal(t, []string{"township"}, chen[0].Levels)

	// Applying again does nothing more.
	again, err := f.reg.ApplyImport(t.Context(), nanningStaff, b.ID)
	require.NoError(t, err)
	assert.Equal(t, b.UpdatedAt, again.UpdatedAt)
}

func TestImportBatchIsOnlyItsUploadersAndAppliesNothingWhenTheRegisterChangedMeanwhile(t *testing.T) {
	f := newFixture(t)
	f.users(t)
	xn := f.station(t, "兴宁区联络站", testkit.AreaXingning, 22.8, 108.3)
	lz := f.station(t, "柳州城中联络站", testkit.AreaChengzh, 24.3, 109.4)
	b, err := f.reg.StartImport(t.Context(), nanningStaff, "名单.xlsx", bytes.NewReader(xlsx(t, [][]any{
		{"姓名", "手机号", "联络站"},
		{"甲", "13800000001", itoa(xn)},
		{"乙", "13800000002", itoa(xn)},
	})))
	require.NoError(t, err)
	require.True(t, b.CanApply())

	for _, err := range []error{
		func() error { _, err := f.reg.Import(t.Context(), liuzhouStaff, b.ID); return err }(),
		func() error { _, err := f.reg.ApplyImport(t.Context(), liuzhouStaff, b.ID); return err }(),
		func() error { _, _, err := f.reg.ImportRows(t.Context(), admin, b.ID, "", store.Page{}); return err }(),
	} {
		assert.ErrorIs(t, err, registry.ErrImportNotFound)
	}

	// Meanwhile 乙's phone became a deputy of 柳州: applying now imports nobody.
	_, err = f.reg.CreateDeputy(t.Context(), admin, registry.DeputyInput{Name: ptr("乙"), Phone: ptr("13800000002"), StationIDs: []int64{lz}})
	require.NoError(t, err)
	b, err = f.reg.ApplyImport(t.Context(), nanningStaff, b.ID)
	require.NoError(t, err)
	assert.Equal(t, registry.BatchFailed, b.State)
	assert.Contains(t, b.Failure, "什么都没有导入")
	assert.Equal(t, 1, f.db.Count(t, "SELECT COUNT(*) FROM deputies"), "甲 was not imported either")
}

func TestStartImportRefusesAFileItCannotRead(t *testing.T) {
	f := newFixture(t)
	f.users(t)
	_, err := f.reg.StartImport(t.Context(), nanningStaff, "x.xlsx", bytes.NewReader([]byte("nope")))
	var ae interface{ Error() string }
	require.True(t, errors.As(err, &ae))
	assert.Contains(t, err.Error(), "请上传 .xlsx 格式的 Excel 文件")
	_, err = f.reg.StartImport(t.Context(), nanningStaff, "x.xlsx", bytes.NewReader(xlsx(t, [][]any{{"姓名", "手机号"}})))
	assert.Contains(t, err.Error(), "表格中没有数据")
	assert.Zero(t, f.db.Count(t, "SELECT COUNT(*) FROM deputy_imports"))
}

func TestPurgeImportsDeletesBatchesAfterAWeek(t *testing.T) {
	f := newFixture(t)
	f.users(t)
	xn := f.station(t, "兴宁区联络站", testkit.AreaXingning, 22.8, 108.3)
	b, err := f.reg.StartImport(t.Context(), nanningStaff, "名单.xlsx", bytes.NewReader(xlsx(t, [][]any{
		{"姓名", "手机号", "联络站"}, {"甲", "13800000001", itoa(xn)}})))
	require.NoError(t, err)
	n, err := f.reg.PurgeImports(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n)
	f.clock.Advance(registry.ImportKeep + time.Minute)
	n, err = f.reg.PurgeImports(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = f.reg.Import(t.Context(), nanningStaff, b.ID)
	assert.ErrorIs(t, err, registry.ErrImportNotFound)
	assert.Zero(t, f.db.Count(t, "SELECT COUNT(*) FROM deputy_import_rows"))
}

package registry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/text"
)

// Limits of a deputies import.
const (
	MaxImportBytes = 10 << 20
	MaxImportRows  = 5000
)

// Import row results.
const (
	ImportCreated = "created"
	ImportUpdated = "updated"
	ImportError   = "error"
)

// The columns of the import sheet, by their Chinese titles (importGuide explains them).
const (
	colName            = "姓名"
	colPhone           = "手机号"
	colLevels          = "层级"
	colGrassroots      = "基层代表"
	colEmployer        = "工作单位"
	colEmployerContact = "单位联系人"
	colEmployerPhone   = "单位联系电话"
	colStations        = "联络站"
)

var importColumns = []string{colName, colPhone, colLevels, colGrassroots, colEmployer, colEmployerContact, colEmployerPhone, colStations}

// levelTitles maps what people write in 层级 to level codes.
var levelTitles = map[string]string{
	"全国": LevelNational, "自治区": LevelRegional, "市": LevelCity, "县": LevelCounty, "乡镇": LevelTownship,
	"全国级": LevelNational, "自治区级": LevelRegional, "市级": LevelCity, "县级": LevelCounty, "乡镇级": LevelTownship,
	"乡": LevelTownship, "镇": LevelTownship, "街道": LevelTownship, "乡镇（街道）": LevelTownship,
	// A district (区) or county-level city is the county level.
	"区": LevelCounty, "区级": LevelCounty, "县区": LevelCounty, "区县": LevelCounty, "县/区": LevelCounty, "区/县": LevelCounty,
	"县/区级": LevelCounty, "区/县级": LevelCounty, "县（区）": LevelCounty, "县(区)": LevelCounty, "县（市、区）": LevelCounty,
	"县级市": LevelCounty, "区县级": LevelCounty,
	LevelNational: LevelNational, LevelRegional: LevelRegional, LevelCity: LevelCity, LevelCounty: LevelCounty, LevelTownship: LevelTownship,
}

var (
	errInvalidFile  = apperr.New(apperr.KindInvalid, "invalid_file", "请上传 .xlsx 格式的 Excel 文件")
	errFileTooLarge = apperr.New(apperr.KindTooLarge, "file_too_large", "文件不能超过10MB")
	errTooManyRows  = apperr.New(apperr.KindInvalid, "too_many_rows", fmt.Sprintf("一次最多导入%d行", MaxImportRows))
	errEmptySheet   = apperr.New(apperr.KindInvalid, "empty_file", "表格中没有数据")
)

// ImportRow is the outcome of one sheet row.
type ImportRow struct {
	Row      int    `json:"row"`
	Result   string `json:"result"`
	Error    string `json:"error,omitempty"`
	DeputyID int64  `json:"deputy_id,omitempty"`
}

// ImportResult is the answer of an import: every data row, and the counts.
type ImportResult struct {
	Rows    []ImportRow `json:"rows"`
	Created int         `json:"created"`
	Updated int         `json:"updated"`
	Errors  int         `json:"errors"`
}

// sheetRow is one data row, by column title; absent columns are missing from cells.
type sheetRow struct {
	row   int
	cells map[string]string
}

// ImportDeputies reads deputies from the first sheet of an .xlsx file: a
// header row with the column titles in any order, then one deputy per
// row. A new phone number creates a deputy, a known one updates the columns
// the sheet has (stations are added, never removed). Each row is its own
// transaction, so a bad row does not stop the others.
//
// Admins may import anything. Staff may import too, but every row must name
// at least one station and only stations they cover, and a known phone must
// be a deputy they can see; other rows are errors.
func (s *Service) ImportDeputies(ctx context.Context, p *access.Principal, r io.Reader) (*ImportResult, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	rows, err := readSheet(r, MaxImportRows, s.ImportLimits)
	if err != nil {
		return nil, err
	}
	scope := p.Scope()
	stations, err := stationAreas(ctx, s.DB, sheetStationIDs(rows))
	if err != nil {
		return nil, err
	}
	named, err := stationsByName(ctx, s.DB, sheetStationNames(rows))
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Rows: make([]ImportRow, 0, len(rows))}
	firstRowOf := map[string]int{} // phone → row that has it
	for _, sr := range rows {
		out := ImportRow{Row: sr.row}
		d, _, msg := parseSheetRow(sr, scope, stations, named)
		if msg == "" {
			if first, dup := firstRowOf[d.Phone]; dup {
				msg = fmt.Sprintf("手机号与第%d行重复", first)
			} else {
				firstRowOf[d.Phone] = sr.row
			}
		}
		if msg == "" {
			out.Result, out.DeputyID, err = s.importOne(ctx, p, sr, d)
			if ae := new(apperr.Error); errors.As(err, &ae) && ae.Kind != apperr.KindInternal {
				msg, err = importMessage(ae), nil
			}
			if err != nil {
				return nil, err
			}
		}
		if msg != "" {
			out = ImportRow{Row: sr.row, Result: ImportError, Error: msg}
		}
		switch out.Result {
		case ImportCreated:
			res.Created++
		case ImportUpdated:
			res.Updated++
		default:
			res.Errors++
		}
		res.Rows = append(res.Rows, out)
	}
	return res, nil
}

// importMessage is an application error as a row's reason, in Chinese.
func importMessage(e *apperr.Error) string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := slices.Sorted(maps.Keys(e.Fields))
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = e.Fields[k]
	}
	return strings.Join(msgs, "；")
}

// readSheet opens the file and returns its non-empty data rows, at most maxRows.
func readSheet(r io.Reader, maxRows int, limits ImportLimits) ([]sheetRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("registry: read import file: %w", err)
	}
	if len(data) > MaxImportBytes {
		return nil, errFileTooLarge
	}
	sh, err := openSheet(data, maxRows, limits)
	if err != nil {
		return nil, err
	}
	defer sh.Close()
	var rows []sheetRow
	for {
		chunk, err := sh.next(importChunk)
		if err != nil {
			return nil, err
		}
		if len(chunk) == 0 {
			return rows, nil
		}
		rows = append(rows, chunk...)
	}
}

// sheet reads the data rows of an import file's first sheet a few at a
// time, so that a large file is never held as rows all at once.
type sheet struct {
	f       *excelize.File
	it      *excelize.Rows
	header  map[string]int
	n       int // the sheet's row number last read
	rows    int // data rows read
	maxRows int
}

// openSheet opens the file, within limits, and reads its header row.
func openSheet(data []byte, maxRows int, limits ImportLimits) (*sheet, error) {
	invalid := func(err error) error {
		return &apperr.Error{Kind: apperr.KindInvalid, Code: errInvalidFile.Code, Message: errInvalidFile.Message, Err: err}
	}
	limits = limits.orDefaults()
	if err := limits.check(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: limits.UnzipMaxBytes, UnzipXMLSizeLimit: min(limits.XMLMemoryBytes, limits.UnzipMaxBytes)})
	if err != nil {
		return nil, invalid(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errInvalidFile
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, invalid(err)
	}
	sh := &sheet{f: f, it: it, maxRows: maxRows}
	for sh.header == nil && it.Next() {
		sh.n++
		if err := sh.checkLength(); err != nil {
			sh.Close()
			return nil, err
		}
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			sh.Close()
			return nil, invalid(err)
		}
		if blank(cols) {
			continue
		}
		if sh.header, err = readHeader(cols); err != nil {
			sh.Close()
			return nil, err
		}
	}
	if err := it.Error(); err != nil {
		sh.Close()
		return nil, invalid(err)
	}
	if sh.header == nil {
		sh.Close()
		return nil, errEmptySheet
	}
	return sh, nil
}

// maxBlankRows is how many blank rows a sheet may hold besides its data
// rows: blank rows are skipped, but each costs a read, and a sheet of a
// million of them would take minutes.
const maxBlankRows = 10000

// checkLength refuses a sheet read past its data rows' limit and
// maxBlankRows blank rows.
func (sh *sheet) checkLength() error {
	if sh.n <= sh.maxRows+maxBlankRows+1 { // +1: the header
		return nil
	}
	return apperr.New(apperr.KindInvalid, "too_many_rows",
		fmt.Sprintf("表格的行数太多（含空行）：一次最多导入%d行，空行不超过%d行。请删去名单之后的空行，或把名单分成几个文件导入。", sh.maxRows, maxBlankRows))
}

// has reports whether the sheet has the column titled col.
func (sh *sheet) has(col string) bool { _, ok := sh.header[col]; return ok }

// next reads up to max more non-empty data rows; none at the end.
func (sh *sheet) next(max int) ([]sheetRow, error) {
	var rows []sheetRow
	for len(rows) < max && sh.it.Next() {
		sh.n++
		if err := sh.checkLength(); err != nil {
			return nil, err
		}
		cols, err := sh.it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &apperr.Error{Kind: apperr.KindInvalid, Code: errInvalidFile.Code, Message: errInvalidFile.Message, Err: err}
		}
		if blank(cols) {
			continue
		}
		if sh.rows == sh.maxRows {
			if sh.maxRows == MaxImportRows {
				return nil, errTooManyRows
			}
			return nil, apperr.New(apperr.KindInvalid, "too_many_rows", fmt.Sprintf("一次最多导入%d行", sh.maxRows))
		}
		sh.rows++
		sr := sheetRow{row: sh.n, cells: make(map[string]string, len(sh.header))}
		for title, i := range sh.header {
			sr.cells[title] = ""
			if i < len(cols) {
				sr.cells[title] = cleanCell(cols[i])
			}
		}
		rows = append(rows, sr)
	}
	if err := sh.it.Error(); err != nil {
		return nil, &apperr.Error{Kind: apperr.KindInvalid, Code: errInvalidFile.Code, Message: errInvalidFile.Message, Err: err}
	}
	return rows, nil
}

// Close lets go of the file.
func (sh *sheet) Close() {
	_ = sh.it.Close()
	_ = sh.f.Close()
}

// readHeader maps the known titles to their column; 姓名 and 手机号 are required.
func readHeader(cols []string) (map[string]int, error) {
	header := map[string]int{}
	for i, c := range cols {
		title := strings.Trim(cleanCell(c), "*＊")
		if slices.Contains(importColumns, title) {
			if _, seen := header[title]; !seen {
				header[title] = i
			}
		}
	}
	for _, required := range []string{colName, colPhone} {
		if _, ok := header[required]; !ok {
			return nil, &apperr.Error{Kind: apperr.KindInvalid, Code: "missing_column", Message: "表格缺少“" + required + "”列",
				Fields: map[string]string{"file": "缺少列：" + required}}
		}
	}
	return header, nil
}

func blank(cols []string) bool {
	for _, c := range cols {
		if cleanCell(c) != "" {
			return false
		}
	}
	return true
}

// cleanCell trims spaces, full-width ones too.
func cleanCell(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(text.Clean(s), "\u3000", " "))
}

// splitCell splits a list cell at ASCII or Chinese commas, 、 and semicolons.
func splitCell(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;；", r) })
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = cleanCell(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sheetStationNames are the 联络站 entries that are not ids: station names.
func sheetStationNames(rows []sheetRow) []string {
	var names []string
	for _, sr := range rows {
		for _, v := range splitCell(sr.cells[colStations]) {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				names = append(names, v)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// namedStation is an active station found by its exact name; ID is 0 when
// two active stations share the name (the sheet must then give the id).
type namedStation struct {
	ID       int64
	AreaCode string
}

func stationsByName(ctx context.Context, q store.Queryer, names []string) (map[string]namedStation, error) {
	out := map[string]namedStation{}
	if len(names) == 0 {
		return out, nil
	}
	query, args, err := store.In(`SELECT id, name, area_code FROM stations WHERE active = 1 AND name IN (?)`, names)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID       int64  `db:"id"`
		Name     string `db:"name"`
		AreaCode string `db:"area_code"`
	}
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("registry: stations by name: %w", err)
	}
	for _, r := range rows {
		if _, twice := out[r.Name]; twice {
			out[r.Name] = namedStation{}
			continue
		}
		out[r.Name] = namedStation{ID: r.ID, AreaCode: r.AreaCode}
	}
	return out, nil
}

func sheetStationIDs(rows []sheetRow) []int64 {
	var ids []int64
	for _, sr := range rows {
		for _, v := range splitCell(sr.cells[colStations]) {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// parseSheetRow turns a row into deputy fields, or a reason in Chinese and
// the title of the column it is about.
// Only the columns the sheet has are set; stations are checked against
// those that exist and the caller's scope.
func parseSheetRow(sr sheetRow, scope access.Scope, stations map[int64]string, named map[string]namedStation) (d deputyFields, col, msg string) {
	c := sr.cells
	d.Name = c[colName]
	if d.Name == "" {
		return d, colName, "缺少姓名"
	}
	if len([]rune(d.Name)) > 50 {
		return d, colName, "姓名不超过50个字"
	}
	if c[colPhone] == "" {
		return d, colPhone, "缺少手机号"
	}
	phone, ok := pii.NormalizeMobile(c[colPhone])
	if !ok {
		return d, colPhone, "手机号格式不正确：" + c[colPhone]
	}
	d.Phone = phone
	for _, v := range splitCell(c[colLevels]) {
		level, ok := levelTitles[v]
		if !ok {
			return d, colLevels, "未知的层级：" + v + "（可填 全国、自治区、市、县、乡镇）"
		}
		d.Levels = append(d.Levels, level)
	}
	switch c[colGrassroots] {
	case "", "否", "N", "n", "0", "FALSE", "false":
	case "是", "Y", "y", "1", "TRUE", "true":
		d.Grassroots = true
	default:
		return d, colGrassroots, "基层代表应填“是”或“否”"
	}
	d.Employer = Employer{Name: c[colEmployer], ContactName: c[colEmployerContact], ContactPhone: c[colEmployerPhone]}
	if d.Employer.ContactPhone != "" {
		p, ok := normalizeContactPhone(d.Employer.ContactPhone)
		if !ok {
			return d, colEmployerPhone, "单位联系电话格式不正确：" + d.Employer.ContactPhone
		}
		d.Employer.ContactPhone = p
	}
	for _, v := range splitCell(c[colStations]) {
		id, err := strconv.ParseInt(v, 10, 64)
		area, ok := stations[id]
		if err != nil { // a name
			st, found := named[v]
			switch {
			case !found:
				return d, colStations, "联络站不存在：" + v + "（请填写联络站的全称或编号）"
			case st.ID == 0:
				return d, colStations, "有多个联络站名为“" + v + "”，请改填联络站编号"
			}
			id, area, ok = st.ID, st.AreaCode, true
		}
		if id <= 0 {
			return d, colStations, "联络站编号无效：" + v
		}
		if !ok {
			return d, colStations, "联络站不存在：" + v
		}
		if !scope.CoversStation(id, area) {
			return d, colStations, "无权管理联络站：" + v
		}
		d.StationIDs = append(d.StationIDs, id)
	}
	if !scope.All && len(d.StationIDs) == 0 {
		return d, colStations, "请填写联络站"
	}
	return d, "", ""
}

// importOne creates or updates the deputy of one row in its own transaction.
func (s *Service) importOne(ctx context.Context, p *access.Principal, sr sheetRow, row deputyFields) (result string, id int64, err error) {
	scope := p.Scope()
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := s.now()
		err := tx.GetContext(ctx, &id, `SELECT id FROM deputies WHERE phone_hash = ? FOR UPDATE`, s.Box.Hash(row.Phone))
		switch {
		case store.IsNoRows(err):
			d := row
			if err := d.Validate().Err(); err != nil {
				return err
			}
			if id, err = s.insertDeputy(ctx, tx, &d, now); err != nil {
				return err
			}
			result = ImportCreated
			if err := changeMemberships(ctx, tx, id, d.StationIDs, nil, now); err != nil {
				return err
			}
			return audit.Record(ctx, tx, p, audit.DeputyImport, audit.Subject("deputy", id),
				fmt.Sprintf("导入第%d行，新增代表「%s」，电话 %s，联络站 %s", sr.row, d.Name, d.Phone, show(d.StationIDs)))
		case err != nil:
			return fmt.Errorf("registry: deputy by phone: %w", err)
		}
		cur, err := s.deputyInScope(ctx, tx, scope, id, true)
		if errors.Is(err, ErrDeputyNotFound) {
			return apperr.Conflict("deputy_phone_taken", "该手机号已登记为其他联络站的代表，请联系上级管理员")
		}
		if err != nil {
			return err
		}
		d := cur.fields()
		mergeSheetRow(&d, row, sr)
		if err := d.Validate().Err(); err != nil {
			return err
		}
		if err := s.updateDeputy(ctx, tx, id, &d, now); err != nil {
			return err
		}
		var added []int64
		for _, sid := range row.StationIDs {
			if !slices.Contains(cur.StationIDs, sid) {
				added = append(added, sid)
			}
		}
		result = ImportUpdated
		if err := changeMemberships(ctx, tx, id, added, nil, now); err != nil {
			return err
		}
		before := cur.fields()
		d.StationIDs = append(slices.Clone(cur.StationIDs), added...)
		return audit.Record(ctx, tx, p, audit.DeputyImport, audit.Subject("deputy", id),
			fmt.Sprintf("导入第%d行，修改代表「%s」：%s", sr.row, cur.Name, deputyChanges(&before, &d)))
	})
	return result, id, err
}

// mergeSheetRow writes onto d what the row's sheet has columns for.
func mergeSheetRow(d *deputyFields, row deputyFields, sr sheetRow) {
	has := func(col string) bool { _, ok := sr.cells[col]; return ok }
	d.Name = row.Name
	if has(colLevels) {
		d.Levels = row.Levels
	}
	if has(colGrassroots) {
		d.Grassroots = row.Grassroots
	}
	if has(colEmployer) {
		d.Employer.Name = row.Employer.Name
	}
	if has(colEmployerContact) {
		d.Employer.ContactName = row.Employer.ContactName
	}
	if has(colEmployerPhone) {
		d.Employer.ContactPhone = row.Employer.ContactPhone
	}
}

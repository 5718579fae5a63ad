package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// The console's import is checked before it changes anything: the file is
// uploaded (StartImport), every row classified against the database (new,
// changed, unchanged, error) and kept as a preview, and only a file without
// a single error may be applied (ApplyImport), all rows in one transaction.
// A file of more than ImportJobRows rows is checked and applied by a task
// (ImportQueue), whose progress the batch's counters show.

// Import batch states.
const (
	BatchChecking = "checking"
	BatchChecked  = "checked"
	BatchApplying = "applying"
	BatchApplied  = "applied"
	BatchFailed   = "failed"
)

// Preview row classes.
const (
	RowError     = "error"
	RowNew       = "new"
	RowChanged   = "changed"
	RowUnchanged = "unchanged"
)

// rowClasses in the preview's order: errors first.
var rowClasses = []string{RowError, RowNew, RowChanged, RowUnchanged}

// MaxBatchRows is the most rows a console import may have (a province has
// about 116 000 deputies).
const MaxBatchRows = 200000

// ImportJobRows is the size above which an import is checked and applied by
// a task instead of within the request. A variable so that tests can lower it.
var ImportJobRows = 2000

// importChunk is how many rows one lookup or one multi-row INSERT handles.
const importChunk = 500

// ImportQueue hands a batch's check or apply to a worker (jobs implements it).
type ImportQueue interface {
	EnqueueImport(ctx context.Context, id int64, state string) error
}

// SetImportQueue makes large imports run as tasks; without a queue every
// import runs within the request.
func (s *Service) SetImportQueue(q ImportQueue) { s.imports = q }

// ErrImportNotFound is a batch that is not there, or not the caller's.
var ErrImportNotFound = apperr.NotFound("import_not_found", "导入记录不存在")

// ImportBatch is an uploaded file and what its check found.
type ImportBatch struct {
	ID        int64      `db:"id"`
	UserID    int64      `db:"user_id"`
	FileName  string     `db:"file_name"`
	State     string     `db:"state"`
	Total     int        `db:"rows_total"`
	Done      int        `db:"rows_done"`
	New       int        `db:"new_rows"`
	Changed   int        `db:"changed_rows"`
	Unchanged int        `db:"unchanged_rows"`
	Errors    int        `db:"error_rows"`
	Failure   string     `db:"failure"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	AppliedAt *time.Time `db:"applied_at"`
}

// Busy reports whether a task is still checking or applying the batch.
func (b *ImportBatch) Busy() bool { return b.State == BatchChecking || b.State == BatchApplying }

// CanApply reports whether the batch may be applied: checked, without a
// single error, and with something to change.
func (b *ImportBatch) CanApply() bool {
	return b.State == BatchChecked && b.Errors == 0 && b.New+b.Changed > 0
}

// ProgressLabel says in Chinese what the batch's task is doing.
func (b *ImportBatch) ProgressLabel() string {
	switch b.State {
	case BatchChecking:
		return fmt.Sprintf("正在检查：%d / %d 行", b.Done, b.Total)
	case BatchApplying:
		return fmt.Sprintf("正在导入：%d / %d 行", b.Done, b.Total)
	case BatchApplied:
		return "导入完成"
	case BatchFailed:
		return "导入未完成"
	}
	return "检查完成"
}

// ImportPreviewRow is one sheet row of the preview. Phone is masked.
type ImportPreviewRow struct {
	Seq     int64  `db:"seq"`
	Row     int    `db:"row_no"`
	Class   string `db:"class"`
	Name    string `db:"name"`
	Phone   string `db:"phone"`
	Changes string `db:"changes"`
	Column  string `db:"col"`
	Reason  string `db:"reason"`
}

// classified is a sheet row with its class: the deputy as the sheet has it,
// and for a known deputy their id, what changes and the stations added.
type classified struct {
	row     int
	phone   string // as the preview shows it, masked
	class   string
	col     string
	reason  string
	d       deputyFields
	id      int64
	changes []string
	added   []int64
}

// batchColumns are the columns of ImportBatch.
const batchColumns = `id, user_id, file_name, state, rows_total, rows_done, new_rows, changed_rows, unchanged_rows,
	error_rows, failure, created_at, updated_at, applied_at`

// StartImport keeps an uploaded .xlsx file as a new batch of the caller and
// checks it: at once, or by a task when it has more than ImportJobRows rows.
// A file that cannot be read at all (not .xlsx, no 姓名 or 手机号 column, too
// large) is an error here and keeps nothing.
func (s *Service) StartImport(ctx context.Context, p *access.Principal, fileName string, r io.Reader) (*ImportBatch, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("registry: read import file: %w", err)
	}
	if len(data) > MaxImportBytes {
		return nil, errFileTooLarge
	}
	total, err := countRows(data, s.ImportLimits)
	if err != nil {
		return nil, err
	}
	if total == 0 {
		return nil, errEmptySheet
	}
	sealed, err := s.Box.Seal(string(data))
	if err != nil {
		return nil, fmt.Errorf("registry: seal import file: %w", err)
	}
	scope, err := json.Marshal(p.Scope())
	if err != nil {
		return nil, err
	}
	if n := []rune(fileName); len(n) > 200 {
		fileName = string(n[:200])
	}
	now := s.now()
	res, err := s.DB.ExecContext(ctx, `INSERT INTO deputy_imports (user_id, file_name, file_enc, scope_json, state, rows_total,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.UserID, fileName, sealed, scope, BatchChecking, total, now, now)
	if err != nil {
		return nil, fmt.Errorf("registry: insert import: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	if total > ImportJobRows && s.imports != nil {
		if err := s.imports.EnqueueImport(ctx, id, BatchChecking); err != nil {
			_ = s.FailImport(context.WithoutCancel(ctx), id, ImportUnfinished)
			return nil, fmt.Errorf("registry: enqueue import check: %w", err)
		}
	} else if err := s.checkBatch(context.WithoutCancel(ctx), id, p.Scope(), data); err != nil {
		_ = s.FailImport(context.WithoutCancel(ctx), id, ImportUnfinished)
		return nil, err
	}
	return s.Import(ctx, p, id)
}

// Import is one of the caller's own batches (404 for anyone else's).
func (s *Service) Import(ctx context.Context, p *access.Principal, id int64) (*ImportBatch, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	var b ImportBatch
	err := s.DB.GetContext(ctx, &b, `SELECT `+batchColumns+` FROM deputy_imports WHERE id = ? AND user_id = ?`, id, p.UserID)
	if store.IsNoRows(err) {
		return nil, ErrImportNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: import: %w", err)
	}
	return &b, nil
}

// ImportRows pages through the preview of one of the caller's batches,
// errors first then by row; class keeps one class only ("" for all).
func (s *Service) ImportRows(ctx context.Context, p *access.Principal, id int64, class string, page store.Page) ([]ImportPreviewRow, store.Cursor, error) {
	if _, err := s.Import(ctx, p, id); err != nil {
		return nil, store.Cursor{}, err
	}
	page = normalPage(page)
	query := `SELECT seq, row_no, class, name, phone, changes, col, reason FROM deputy_import_rows WHERE import_id = ? AND seq > ?`
	args := []any{id, page.After.ID}
	if rank := slices.Index(rowClasses, class); rank >= 0 {
		query += ` AND seq BETWEEN ? AND ?`
		args = append(args, rowSeq(rank, 0), rowSeq(rank+1, 0)-1)
	}
	query += ` ORDER BY seq LIMIT ?`
	args = append(args, page.Limit+1)
	var rows []ImportPreviewRow
	if err := s.DB.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("registry: import rows: %w", err)
	}
	rows, next := store.Next(rows, page, func(r ImportPreviewRow) store.Cursor {
		return store.Cursor{At: time.Unix(0, 0).UTC(), ID: r.Seq}
	})
	return rows, next, nil
}

func rowSeq(rank, row int) int64 { return int64(rank)<<32 | int64(row) }

// ApplyImport applies one of the caller's checked batches that has no
// error: every row in one transaction, at once or by a task for a large
// file. Applying a batch again, or one that cannot be applied, changes
// nothing and answers the batch as it is.
func (s *Service) ApplyImport(ctx context.Context, p *access.Principal, id int64) (*ImportBatch, error) {
	b, err := s.Import(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !b.CanApply() {
		return b, nil
	}
	scope, err := json.Marshal(p.Scope())
	if err != nil {
		return nil, err
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE deputy_imports SET state = ?, rows_done = 0, scope_json = ?, applied_from = ?, updated_at = ?
		WHERE id = ? AND user_id = ? AND state = ? AND error_rows = 0`, BatchApplying, scope, truncate(p.ClientIP, 64), s.now(), id, p.UserID, BatchChecked)
	if err != nil {
		return nil, fmt.Errorf("registry: start import apply: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return s.Import(ctx, p, id) // another request started it
	}
	if b.Total > ImportJobRows && s.imports != nil {
		if err := s.imports.EnqueueImport(ctx, id, BatchApplying); err != nil {
			_ = s.FailImport(context.WithoutCancel(ctx), id, ImportUnfinished)
			return nil, fmt.Errorf("registry: enqueue import apply: %w", err)
		}
	} else if err := s.RunImport(context.WithoutCancel(ctx), id); err != nil {
		// Not left "applying" for ever: nothing was applied (the transaction rolled back).
		_ = s.FailImport(context.WithoutCancel(ctx), id, ImportUnfinished)
		return nil, err
	}
	return s.Import(ctx, p, id)
}

// RunImport does what a batch waits for: its check, or its apply (the
// import task's work). A batch in any other state is left as it is.
func (s *Service) RunImport(ctx context.Context, id int64) error {
	var b struct {
		State string `db:"state"`
		File  []byte `db:"file_enc"`
		Scope string `db:"scope_json"`
	}
	err := s.DB.GetContext(ctx, &b, `SELECT state, file_enc, scope_json FROM deputy_imports WHERE id = ?`, id)
	if store.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("registry: import %d: %w", id, err)
	}
	if b.State != BatchChecking && b.State != BatchApplying {
		return nil
	}
	var scope access.Scope
	if err := json.Unmarshal([]byte(b.Scope), &scope); err != nil {
		return fmt.Errorf("registry: import %d scope: %w", id, err)
	}
	plain, err := s.Box.Open(b.File)
	if err != nil {
		return fmt.Errorf("registry: import %d file: %w", id, err)
	}
	if b.State == BatchChecking {
		err = s.checkBatch(ctx, id, scope, []byte(plain))
	} else {
		err = s.applyBatch(ctx, id, scope, []byte(plain))
	}
	return s.failBatch(ctx, id, err)
}

// failBatch records an application error (one the person can act on) as
// the batch's failure; an internal error is returned, for a retry.
func (s *Service) failBatch(ctx context.Context, id int64, err error) error {
	ae := new(apperr.Error)
	if err == nil || !errors.As(err, &ae) || ae.Kind == apperr.KindInternal {
		return err
	}
	_, uerr := s.DB.ExecContext(ctx, `UPDATE deputy_imports SET state = ?, failure = ?, updated_at = ? WHERE id = ?`,
		BatchFailed, truncate(importMessage(ae), 300), s.now(), id)
	if uerr != nil {
		return fmt.Errorf("registry: fail import %d: %w", id, uerr)
	}
	return nil
}

// ImportKeep is how long an import batch (its file, which holds phone
// numbers, and its preview) is kept.
const ImportKeep = 7 * 24 * time.Hour

// PurgeImports deletes batches older than ImportKeep, their previews with
// them, a hundred at a time; it answers how many it deleted (the periodic
// job deputy_imports_purge).
func (s *Service) PurgeImports(ctx context.Context) (int, error) {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM deputy_imports WHERE created_at < ? AND state NOT IN (?, ?) ORDER BY created_at LIMIT 100`,
		s.now().Add(-ImportKeep), BatchChecking, BatchApplying)
	if err != nil {
		return 0, fmt.Errorf("registry: purge imports: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// ImportUnfinished is a batch's failure when its check or apply stopped on an internal error.
const ImportUnfinished = "导入未能完成，名单没有任何改动。请稍后重新上传；如一再出现，请联系系统管理员。"

// FailImport gives up on a batch whose task could not finish (its last
// retry failed): it shows message, and nothing was changed.
func (s *Service) FailImport(ctx context.Context, id int64, message string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE deputy_imports SET state = ?, failure = ?, updated_at = ? WHERE id = ? AND state IN (?, ?)`,
		BatchFailed, truncate(message, 300), s.now(), id, BatchChecking, BatchApplying)
	if err != nil {
		return fmt.Errorf("registry: fail import %d: %w", id, err)
	}
	return nil
}

// progress records how far a batch's task is.
func (s *Service) progress(ctx context.Context, id int64, done int) {
	_, _ = s.DB.ExecContext(ctx, `UPDATE deputy_imports SET rows_done = ? WHERE id = ?`, done, id)
}

// countRows reads the whole file once, to know its size and that it can be
// read; it keeps no rows.
func countRows(data []byte, limits ImportLimits) (int, error) {
	sh, err := openSheet(data, MaxBatchRows, limits)
	if err != nil {
		return 0, err
	}
	defer sh.Close()
	for {
		chunk, err := sh.next(importChunk)
		if err != nil {
			return 0, err
		}
		if len(chunk) == 0 {
			return sh.rows, nil
		}
	}
}

// checkBatch classifies the rows without changing any deputy, and stores the
// preview and the counts.
func (s *Service) checkBatch(ctx context.Context, id int64, scope access.Scope, data []byte) error {
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM deputy_import_rows WHERE import_id = ?`, id); err != nil {
		return fmt.Errorf("registry: clear import rows: %w", err)
	}
	counts := map[string]int{}
	err := s.eachChunk(ctx, s.DB, scope, data, false, func(_ *sheet, cls []classified, done int) error {
		var q strings.Builder
		q.WriteString(`INSERT INTO deputy_import_rows (import_id, seq, row_no, class, name, phone, changes, col, reason) VALUES `)
		args := make([]any, 0, len(cls)*9)
		for i, c := range cls {
			if i > 0 {
				q.WriteString(",")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
			counts[c.class]++
			args = append(args, id, rowSeq(slices.Index(rowClasses, c.class), c.row), c.row, c.class, truncate(c.d.Name, 50),
				c.phone, truncate(strings.Join(c.changes, "、"), 100), c.col, truncate(c.reason, 300))
		}
		if _, err := s.DB.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("registry: insert import rows: %w", err)
		}
		s.progress(ctx, id, done)
		return nil
	})
	if err != nil {
		return err
	}
	_, err = s.DB.ExecContext(ctx, `UPDATE deputy_imports SET state = ?, rows_done = rows_total, new_rows = ?, changed_rows = ?,
		unchanged_rows = ?, error_rows = ?, updated_at = ? WHERE id = ? AND state = ?`,
		BatchChecked, counts[RowNew], counts[RowChanged], counts[RowUnchanged], counts[RowError], s.now(), id, BatchChecking)
	if err != nil {
		return fmt.Errorf("registry: import checked: %w", err)
	}
	return nil
}

var errImportStale = apperr.Conflict("import_stale",
	"检查之后代表名单有了变化，有的行已不能导入，所以什么都没有导入。请重新上传文件，再次检查。")

// applyBatch classifies the rows again inside one transaction, locking the
// deputies they name, and writes every new and changed deputy a chunk at a
// time with multi-row INSERT … ON DUPLICATE KEY UPDATE; a single row that
// is now an error rolls everything back.
func (s *Service) applyBatch(ctx context.Context, id int64, scope access.Scope, data []byte) error {
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		now := s.now()
		err := s.eachChunk(ctx, tx, scope, data, true, func(sh *sheet, cls []classified, done int) error {
			var write []*classified
			for i := range cls {
				switch cls[i].class {
				case RowError:
					return errImportStale
				case RowNew, RowChanged:
					write = append(write, &cls[i])
				}
			}
			if len(write) > 0 {
				if err := s.upsertDeputies(ctx, tx, write, sh.has, now); err != nil {
					return err
				}
			}
			s.progress(ctx, id, done)
			return nil
		})
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE deputy_imports SET state = ?, rows_done = rows_total, file_enc = NULL,
			applied_at = ?, updated_at = ? WHERE id = ? AND state = ?`, BatchApplied, now, now, id, BatchApplying)
		if err != nil {
			return fmt.Errorf("registry: import applied: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("registry: import %d is no longer being applied", id)
		}
		return auditImport(ctx, tx, id)
	})
}

// auditImport writes the one audit row of an applied import: by whom and
// from where it was confirmed, and how many deputies it added and changed.
func auditImport(ctx context.Context, tx *sqlx.Tx, id int64) error {
	var b struct {
		UserID  int64  `db:"user_id"`
		From    string `db:"applied_from"`
		File    string `db:"file_name"`
		New     int    `db:"new_rows"`
		Changed int    `db:"changed_rows"`
	}
	if err := tx.GetContext(ctx, &b, `SELECT user_id, applied_from, file_name, new_rows, changed_rows FROM deputy_imports WHERE id = ?`, id); err != nil {
		return fmt.Errorf("registry: import %d: %w", id, err)
	}
	return audit.Record(ctx, tx, &access.Principal{UserID: b.UserID, ClientIP: b.From}, audit.DeputyImport, audit.Subject("import", id),
		fmt.Sprintf("导入代表名单「%s」：新增 %d 人，更新 %d 人", b.File, b.New, b.Changed))
}

// upsertDeputies writes a chunk of new and changed deputies, then the
// stations they join. A known deputy's phone is their key and stays; of the
// other fields only those the sheet has columns for change.
func (s *Service) upsertDeputies(ctx context.Context, tx *sqlx.Tx, chunk []*classified, has func(col string) bool, now time.Time) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO deputies (name, phone_enc, phone_hash, levels, grassroots, employer_name, employer_contact,
		employer_phone_enc, employer_phone_hash, active, created_at, updated_at) VALUES `)
	args := make([]any, 0, len(chunk)*11)
	hashes := make([][]byte, len(chunk))
	for i, c := range chunk {
		if i > 0 {
			q.WriteString(",")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")
		phoneEnc, phoneHash, err := s.sealPhone(c.d.Phone)
		if err != nil {
			return err
		}
		empEnc, empHash, err := s.sealPhone(c.d.Employer.ContactPhone)
		if err != nil {
			return err
		}
		hashes[i] = phoneHash
		args = append(args, c.d.Name, phoneEnc, phoneHash, strings.Join(c.d.Levels, ","), c.d.Grassroots,
			c.d.Employer.Name, c.d.Employer.ContactName, empEnc, empHash, now, now)
	}
	q.WriteString(` ON DUPLICATE KEY UPDATE name = VALUES(name)`)
	for _, u := range []struct{ col, set string }{
		{colLevels, "levels = VALUES(levels)"},
		{colGrassroots, "grassroots = VALUES(grassroots)"},
		{colEmployer, "employer_name = VALUES(employer_name)"},
		{colEmployerContact, "employer_contact = VALUES(employer_contact)"},
		{colEmployerPhone, "employer_phone_enc = VALUES(employer_phone_enc), employer_phone_hash = VALUES(employer_phone_hash)"},
	} {
		if has(u.col) {
			q.WriteString(", " + u.set)
		}
	}
	q.WriteString(", updated_at = VALUES(updated_at)")
	if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("registry: upsert deputies: %w", err)
	}
	// The new deputies' ids, for their stations.
	ids, err := deputyIDsByHash(ctx, tx, hashes, false)
	if err != nil {
		return err
	}
	var pairs []any
	n := 0
	for i, c := range chunk {
		id := c.id
		if id == 0 {
			id = ids[string(hashes[i])]
		}
		if id == 0 {
			return fmt.Errorf("registry: imported deputy of row %d not found", c.row)
		}
		for _, sid := range c.added {
			pairs = append(pairs, sid, id, now)
			n++
		}
	}
	for start := 0; start < n; start += importChunk {
		end := min(start+importChunk, n)
		query := `INSERT INTO station_deputies (station_id, deputy_id, created_at) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?),", end-start), ",") + ` ON DUPLICATE KEY UPDATE deputy_id = deputy_id`
		if _, err := tx.ExecContext(ctx, query, pairs[start*3:end*3]...); err != nil {
			return fmt.Errorf("registry: add memberships: %w", err)
		}
	}
	return nil
}

func deputyIDsByHash(ctx context.Context, q store.Queryer, hashes [][]byte, lock bool) (map[string]int64, error) {
	query, args, err := store.In(`SELECT id, phone_hash FROM deputies WHERE phone_hash IN (?)`, hashes)
	if err != nil {
		return nil, err
	}
	if lock {
		query += ` FOR UPDATE`
	}
	var rows []struct {
		ID   int64  `db:"id"`
		Hash []byte `db:"phone_hash"`
	}
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("registry: deputies by phone: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[string(r.Hash)] = r.ID
	}
	return out, nil
}

// knownDeputy is a stored deputy as the import compares it.
type knownDeputy struct {
	ID              int64  `db:"id"`
	PhoneHash       []byte `db:"phone_hash"`
	Name            string `db:"name"`
	Levels          string `db:"levels"`
	Grassroots      bool   `db:"grassroots"`
	EmployerName    string `db:"employer_name"`
	EmployerContact string `db:"employer_contact"`
	EmployerHash    []byte `db:"employer_phone_hash"`
	inScope         bool
	stations        []int64
}

// eachChunk reads the file a chunk of rows at a time, sorts each row into
// new, changed, unchanged or error, reading the deputies and stations the
// chunk names (the deputies locked when lock), and hands the chunk to fn
// with the number of rows done; it changes nothing itself.
func (s *Service) eachChunk(ctx context.Context, q store.Queryer, scope access.Scope, data []byte, lock bool,
	fn func(sh *sheet, cls []classified, done int) error) error {
	sh, err := openSheet(data, MaxBatchRows, s.ImportLimits)
	if err != nil {
		return err
	}
	defer sh.Close()
	firstRowOf := map[string]int{}
	stations := map[int64]string{}
	named := map[string]namedStation{}
	seenIDs, seenNames := map[int64]bool{}, map[string]bool{}
	for {
		rows, err := sh.next(importChunk)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		// The stations this chunk names that earlier ones did not.
		var ids []int64
		for _, id := range sheetStationIDs(rows) {
			if !seenIDs[id] {
				seenIDs[id] = true
				ids = append(ids, id)
			}
		}
		var names []string
		for _, n := range sheetStationNames(rows) {
			if !seenNames[n] {
				seenNames[n] = true
				names = append(names, n)
			}
		}
		areas, err := stationAreas(ctx, q, ids)
		if err != nil {
			return err
		}
		maps.Copy(stations, areas)
		byName, err := stationsByName(ctx, q, names)
		if err != nil {
			return err
		}
		maps.Copy(named, byName)

		cls := make([]classified, len(rows))
		for i, sr := range rows {
			d, col, msg := parseSheetRow(sr, scope, stations, named)
			if msg == "" {
				if f := d.Validate(); len(f) > 0 {
					col, msg = fieldColumn(f)
				}
			}
			if msg == "" {
				if first, dup := firstRowOf[d.Phone]; dup {
					col, msg = colPhone, fmt.Sprintf("手机号与第%d行重复", first)
				} else {
					firstRowOf[d.Phone] = sr.row
				}
			}
			cls[i] = classified{row: sr.row, phone: shownPhone(d.Phone, sr.cells[colPhone]), d: d, col: col, reason: msg}
			if msg != "" {
				cls[i].class = RowError
			}
		}
		if err := s.compareChunk(ctx, q, scope, rows, cls, lock); err != nil {
			return err
		}
		if err := fn(sh, cls, sh.rows); err != nil {
			return err
		}
	}
}

// compareChunk compares the good rows of a chunk with the deputies of the
// same phones.
func (s *Service) compareChunk(ctx context.Context, q store.Queryer, scope access.Scope, srs []sheetRow, chunk []classified, lock bool) error {
	var hashes [][]byte
	for _, c := range chunk {
		if c.class == "" {
			hashes = append(hashes, s.Box.Hash(c.d.Phone))
		}
	}
	known := map[string]*knownDeputy{}
	if len(hashes) > 0 {
		query, args, err := store.In(`SELECT id, phone_hash, name, levels, grassroots, employer_name, employer_contact,
			employer_phone_hash FROM deputies WHERE phone_hash IN (?)`, hashes)
		if err != nil {
			return err
		}
		if lock {
			query += ` FOR UPDATE`
		}
		var found []knownDeputy
		if err := q.SelectContext(ctx, &found, query, args...); err != nil {
			return fmt.Errorf("registry: deputies by phone: %w", err)
		}
		byID := map[int64]*knownDeputy{}
		ids := make([]int64, 0, len(found))
		for i := range found {
			known[string(found[i].PhoneHash)] = &found[i]
			byID[found[i].ID] = &found[i]
			found[i].inScope = scope.All
			ids = append(ids, found[i].ID)
		}
		if len(ids) > 0 {
			if err := s.knownStations(ctx, q, scope, ids, byID); err != nil {
				return err
			}
		}
	}
	for i := range chunk {
		c := &chunk[i]
		if c.class != "" {
			continue
		}
		k := known[string(s.Box.Hash(c.d.Phone))]
		if k == nil {
			c.class, c.added = RowNew, c.d.StationIDs
			continue
		}
		if !k.inScope {
			c.class, c.col, c.reason = RowError, colPhone, "该手机号已登记为其他联络站的代表，请联系上级管理员"
			continue
		}
		c.id = k.ID
		has := func(col string) bool { _, ok := srs[i].cells[col]; return ok }
		if c.d.Name != k.Name {
			c.changes = append(c.changes, colName)
		}
		if has(colLevels) && strings.Join(c.d.Levels, ",") != k.Levels {
			c.changes = append(c.changes, colLevels)
		}
		if has(colGrassroots) && c.d.Grassroots != k.Grassroots {
			c.changes = append(c.changes, colGrassroots)
		}
		if has(colEmployer) && c.d.Employer.Name != k.EmployerName {
			c.changes = append(c.changes, colEmployer)
		}
		if has(colEmployerContact) && c.d.Employer.ContactName != k.EmployerContact {
			c.changes = append(c.changes, colEmployerContact)
		}
		if has(colEmployerPhone) {
			var h []byte
			if c.d.Employer.ContactPhone != "" {
				h = s.Box.Hash(c.d.Employer.ContactPhone)
			}
			if !bytes.Equal(h, k.EmployerHash) {
				c.changes = append(c.changes, colEmployerPhone)
			}
		}
		for _, sid := range c.d.StationIDs {
			if !slices.Contains(k.stations, sid) {
				c.added = append(c.added, sid)
			}
		}
		if len(c.added) > 0 {
			c.changes = append(c.changes, colStations)
		}
		c.class = RowUnchanged
		if len(c.changes) > 0 {
			c.class = RowChanged
		}
	}
	return nil
}

// knownStations fills the stations of known deputies, and which of them the
// scope covers (a deputy of any station in scope is).
func (s *Service) knownStations(ctx context.Context, q store.Queryer, scope access.Scope, ids []int64, byID map[int64]*knownDeputy) error {
	query, args, err := store.In(`SELECT sd.deputy_id, sd.station_id, st.area_code FROM station_deputies sd
		JOIN stations st ON st.id = sd.station_id WHERE sd.deputy_id IN (?) ORDER BY sd.station_id`, ids)
	if err != nil {
		return err
	}
	var rows []struct {
		DeputyID  int64  `db:"deputy_id"`
		StationID int64  `db:"station_id"`
		AreaCode  string `db:"area_code"`
	}
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return fmt.Errorf("registry: known deputies' stations: %w", err)
	}
	for _, r := range rows {
		k := byID[r.DeputyID]
		k.stations = append(k.stations, r.StationID)
		if scope.CoversStation(r.StationID, r.AreaCode) {
			k.inScope = true
		}
	}
	return nil
}

// fieldColumn is the first of a deputy's field errors with the sheet column it is about.
func fieldColumn(f apperr.FieldErrors) (col, msg string) {
	for _, k := range []struct{ field, col string }{
		{"name", colName}, {"phone", colPhone}, {"levels", colLevels}, {"employer.name", colEmployer},
		{"employer.contact_name", colEmployerContact}, {"employer.contact_phone", colEmployerPhone}, {"station_ids", colStations},
	} {
		if m, ok := f[k.field]; ok {
			return k.col, m
		}
	}
	for _, m := range f {
		return "", m
	}
	return "", ""
}

// shownPhone is the row's phone for the preview, masked: the number read, or
// what the cell holds when it is not one (digits and signs only).
func shownPhone(phone, cell string) string {
	if phone == "" {
		if m, ok := pii.NormalizeMobile(cell); ok {
			phone = m
		} else if len(cell) <= 20 && strings.Trim(cell, "0123456789+- ") == "" {
			phone = cell
		}
	}
	if phone == "" {
		return ""
	}
	return pii.MaskPhone(phone)
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

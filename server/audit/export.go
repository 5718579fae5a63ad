package audit

import (
	"bytes"
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

// exportLimit bounds one export; a longer period must be split.
const exportLimit = 100000

var exportHeader = []any{"编号", "时间", "操作人编号", "操作人", "来源地址", "操作", "操作代码", "对象", "摘要"}

// Export writes the rows of the filter, newest first, as an .xlsx workbook
// (excelize's stream writer: rows are not held twice in memory). The
// export itself is audited: it takes personal data out.
func (s *Service) Export(ctx context.Context, p *access.Principal, f Filter) ([]byte, error) {
	if err := p.RequireAdmin(); err != nil {
		return nil, err
	}
	where, args, err := f.where()
	if err != nil {
		return nil, err
	}
	var n int
	if err := s.DB.GetContext(ctx, &n, `SELECT COUNT(*) FROM audit_log WHERE `+where, args...); err != nil {
		return nil, fmt.Errorf("audit: export: %w", err)
	}
	if n > exportLimit {
		return nil, apperr.Invalid(map[string]string{"from": fmt.Sprintf("一次最多导出 %d 条，请缩短时间范围", exportLimit)})
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "操作日志"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	w, err := x.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	_ = w.SetColWidth(2, 2, 20)
	_ = w.SetColWidth(9, 9, 60)
	if err := w.SetRow("A1", exportHeader); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryxContext(ctx, `SELECT `+entryColumns+` FROM audit_log WHERE `+where+` ORDER BY at DESC, id DESC LIMIT ?`,
		append(args, exportLimit)...)
	if err != nil {
		return nil, fmt.Errorf("audit: export: %w", err)
	}
	defer rows.Close()
	line := 2
	for rows.Next() {
		var e Entry
		if err := rows.StructScan(&e); err != nil {
			return nil, fmt.Errorf("audit: export: %w", err)
		}
		e.finish()
		var actorID any = ""
		actorName := ""
		if e.Actor != nil {
			actorID, actorName = e.Actor.ID, e.Actor.Name
		}
		cell, _ := excelize.CoordinatesToCellName(1, line)
		if err := w.SetRow(cell, []any{e.ID, e.At.Format("2006-01-02 15:04:05"), actorID, actorName, e.ClientIP,
			e.Label, e.Action, e.Subject, e.Summary}); err != nil {
			return nil, err
		}
		line++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: export: %w", err)
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if err := Record(ctx, s.DB, p, AuditExport, "", fmt.Sprintf("导出操作日志 %d 条", line-2)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// store.Queryer is what Record writes through; *store.DB is one.
var _ store.Queryer = (*store.DB)(nil)

package messages

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// exportLimit bounds one export (an .xlsx sheet holds a little over a
// million rows); a longer list must be split by period.
const exportLimit = 200000

// exportPage is how many messages an export reads at a time: the workbook
// is streamed (excelize's StreamWriter keeps its rows in a temporary file
// past 16 MB), so an export's memory is a page of rows, not the list.
const exportPage = 1000

var exportHeader = []any{"查询码", "提交时间", "联络站", "类别", "内容", "姓名", "电话", "状态", "答复", "答复时间", "评价", "是否逾期"}

var exportWidths = []float64{18, 17, 22, 10, 60, 10, 14, 12, 50, 17, 10, 9}

var statusNames = map[string]string{StatusSubmitted: "待受理", StatusAccepted: "已受理", StatusAssigned: "已交办", StatusTransferred: "已转办",
	StatusReplied: "已答复", StatusPromised: "已承诺", StatusReopened: "重新办理", StatusRejected: "不予受理", StatusClosed: "已办结"}

// Export writes the messages of a period as an .xlsx workbook: anonymous
// messages never show the name, and phones are masked. It is ExportPeriodTo
// into memory.
func (s *Service) Export(ctx context.Context, p *access.Principal, f StatsFilter) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.ExportPeriodTo(ctx, p, f, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExportPeriodTo streams to w the .xlsx of the messages of a period
// (GET /admin/messages/export): the filter and scope of Stats.
func (s *Service) ExportPeriodTo(ctx context.Context, p *access.Principal, f StatsFilter, w io.Writer) error {
	if err := p.RequireStaff(); err != nil {
		return err
	}
	f, err := f.period(s.Clock.Now())
	if err != nil {
		return err
	}
	where, args := f.where(p)
	return s.writeExport(ctx, p, where, args, w, exportSubject(f), func(n int) string { return exportSummary(f, n) })
}

// ExportTo streams to w the .xlsx of the staff inbox's filter f: the same
// rows as Inbox lists, oldest first. Nothing is written to w before every
// row was read, so an error leaves w untouched.
func (s *Service) ExportTo(ctx context.Context, p *access.Principal, f Filter, w io.Writer) error {
	f.Assigned = false // the staff's inbox; a deputy's list is not exported
	where, args, err := s.inboxWhere(p, f)
	if err != nil {
		return err
	}
	subject := ""
	if f.StationID != 0 {
		subject = audit.Subject("station", f.StationID)
	}
	return s.writeExport(ctx, p, where, args, w, subject, func(n int) string { return fmt.Sprintf("导出留言 %d 条（群众留言列表的筛选）", n) })
}

// writeExport reads the messages of where (on messages m joined to
// stations s) a page at a time, oldest first, into a streamed workbook. An
// export takes personal data out: once every row is read it is audited
// (subject, and the summary of how many rows), though it changes nothing.
func (s *Service) writeExport(ctx context.Context, p *access.Principal, where string, args []any, w io.Writer,
	subject string, summary func(rows int) string) error {
	categories := map[string]string{}
	for _, c := range Categories {
		categories[c.Code] = c.Name
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "留言"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, width := range exportWidths {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", exportHeader, excelize.RowOpts{}); err != nil {
		return err
	}
	now := s.Clock.Now()
	line := 1
	page := store.Page{Limit: exportPage}
	for line <= exportLimit {
		if page.Limit > exportLimit-line+1 {
			page.Limit = exportLimit - line + 1
		}
		rows, next, err := s.exportRows(ctx, where, args, page)
		if err != nil {
			return err
		}
		for i := range rows {
			r := &rows[i]
			name := r.Name
			if r.Anonymous {
				name = "（匿名）"
			}
			phone := ""
			if len(r.PhoneEnc) > 0 {
				clear, err := s.Box.Open(r.PhoneEnc)
				if err != nil {
					return err
				}
				phone = pii.MaskPhone(clear)
			}
			reply, repliedAt, rating := "", "", ""
			if r.Reply != nil {
				reply = *r.Reply
			}
			if r.RepliedAt != nil {
				repliedAt = sh(*r.RepliedAt).Format("2006-01-02 15:04")
			}
			if r.Rating != nil {
				rating = ratingName(*r.Rating)
			} else if r.CloseReason == "unrated" {
				rating = "未评价"
			}
			overdue := ""
			if r.overdue(now) {
				overdue = "是"
			}
			line++
			values := []any{r.Code, sh(r.CreatedAt).Format("2006-01-02 15:04"), r.StationName, categories[r.Category], r.Content,
				name, phone, statusNames[r.Status], reply, repliedAt, rating, overdue}
			cell, _ := excelize.CoordinatesToCellName(1, line)
			if err := sw.SetRow(cell, values); err != nil {
				return err
			}
		}
		if next.IsZero() {
			break
		}
		page.After = next
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := audit.Record(ctx, s.DB, p, audit.MessagesExport, subject, summary(line-1)); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}

// exportRows is a page of the export, oldest first, read in two steps as
// list does: the ids walking idx_messages_time (created_at, id, and the
// columns filtered on), each joined to its station for the scope; then the
// rows of those ids.
func (s *Service) exportRows(ctx context.Context, where string, args []any, page store.Page) ([]row, store.Cursor, error) {
	after, afterArgs := page.Since("m.created_at", "m.id")
	var keys []listKey
	if err := s.DB.SelectContext(ctx, &keys, `SELECT STRAIGHT_JOIN m.id, m.created_at FROM messages m JOIN stations s ON s.id = m.station_id
		WHERE `+where+` AND `+after+` ORDER BY m.created_at, m.id LIMIT ?`, append(append(append([]any{}, args...), afterArgs...), page.Limit+1)...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("messages: export: %w", err)
	}
	keys, next := store.Next(keys, page, func(k listKey) store.Cursor { return store.Cursor{At: k.CreatedAt, ID: k.ID} })
	if len(keys) == 0 {
		return nil, next, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	q, inArgs, err := store.In(selectMessage+" WHERE m.id IN (?) ORDER BY m.created_at, m.id", ids)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	var rows []row
	if err := s.DB.SelectContext(ctx, &rows, q, inArgs...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("messages: export: %w", err)
	}
	return rows, next, nil
}

// exportSubject names what was exported: a station, a unit or an area.
func exportSubject(f StatsFilter) string {
	switch {
	case f.StationID != 0:
		return audit.Subject("station", f.StationID)
	case f.UnitID != 0:
		return audit.Subject("unit", f.UnitID)
	case f.AreaCode != "":
		return "area:" + f.AreaCode
	}
	return ""
}

func exportSummary(f StatsFilter, n int) string {
	return fmt.Sprintf("导出留言 %d 条（%s 至 %s）", n, sh(f.From).Format("2006-01-02 15:04"), sh(f.To).Format("2006-01-02 15:04"))
}

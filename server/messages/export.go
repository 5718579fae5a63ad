package messages

import (
	"bytes"
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/pii"
)

// exportLimit bounds one export; a longer period must be split.
const exportLimit = 20000

var exportHeader = []any{"编号", "提交时间", "联络站", "类别", "内容", "姓名", "电话", "状态", "答复", "答复时间", "评价", "是否逾期"}

var statusNames = map[string]string{StatusSubmitted: "待受理", StatusAccepted: "已受理", StatusAssigned: "已交办", StatusTransferred: "已转办",
	StatusReplied: "已答复", StatusPromised: "已承诺", StatusReopened: "重新办理", StatusRejected: "不予受理", StatusClosed: "已办结"}

// Export writes the messages of a period as an .xlsx workbook: anonymous
// messages never show the name, and phones are masked.
func (s *Service) Export(ctx context.Context, p *access.Principal, f StatsFilter) ([]byte, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	f, err := f.period(s.Clock.Now())
	if err != nil {
		return nil, err
	}
	where, args := f.where(p)
	var rows []row
	if err := s.DB.SelectContext(ctx, &rows, selectMessage+" WHERE "+where+" ORDER BY m.created_at, m.id LIMIT ?", append(args, exportLimit)...); err != nil {
		return nil, err
	}
	categories := map[string]string{}
	for _, c := range Categories {
		categories[c.Code] = c.Name
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "留言"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	if err := x.SetSheetRow(sheet, "A1", &exportHeader); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	for i, r := range rows {
		name := r.Name
		if r.Anonymous {
			name = "（匿名）"
		}
		phone := ""
		if len(r.PhoneEnc) > 0 {
			clear, err := s.Box.Open(r.PhoneEnc)
			if err != nil {
				return nil, err
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
		values := []any{r.Code, sh(r.CreatedAt).Format("2006-01-02 15:04"), r.StationName, categories[r.Category], r.Content,
			name, phone, statusNames[r.Status], reply, repliedAt, rating, overdue}
		if err := x.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &values); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	// An export takes personal data out: it is audited, though it changes nothing.
	if err := audit.Record(ctx, s.DB, p, audit.MessagesExport, exportSubject(f), exportSummary(f, len(rows))); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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

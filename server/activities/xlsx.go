package activities

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// RecordXLSX is one deputy's performance file as a workbook: a row per kind.
func RecordXLSX(r *Record) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "履职档案"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	rows := [][]any{
		{"代表", r.Name, "年度", r.Year},
		{},
		{"活动类型", "受邀", "出席", "请假", "缺席"},
	}
	for _, k := range append(r.Kinds, r.Total) {
		rows = append(rows, []any{k.KindName, k.Invited, k.Attended, k.OnLeave, k.Absent})
	}
	rows = append(rows, []any{}, []any{"交办留言", r.MessagesAssigned, "已答复", r.MessagesReplied})
	median := ReplyTimeWords(r.MedianReply)
	if median == "" {
		median = "无"
	}
	rows = append(rows, []any{}, []any{"群众来信"},
		[]any{"收到", r.MessagesReceived}, []any{"已答复", r.MessagesAnswered}, []any{"首次答复用时中位数", median},
		[]any{}, []any{"立法征询意见", r.LegislativeOpinions})
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, err
		}
	}
	_ = f.SetColWidth(sheet, "A", "A", 40)
	return write(f)
}

// RecordsXLSX is the files of many deputies: one row per deputy, with the
// totals and the attendance of each kind.
func RecordsXLSX(year int, records []Record) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := fmt.Sprintf("%d年履职档案", year)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	header := []any{"代表ID", "姓名", "受邀", "出席", "请假", "缺席", "交办留言", "已答复", "收到来信", "来信已答复", "首次答复用时中位数（小时）"}
	for _, k := range Kinds {
		header = append(header, k.Name+"（出席/受邀）")
	}
	header = append(header, "立法征询意见")
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return nil, err
	}
	for i, r := range records {
		row := []any{r.DeputyID, r.Name, r.Total.Invited, r.Total.Attended, r.Total.OnLeave, r.Total.Absent, r.MessagesAssigned, r.MessagesReplied, r.MessagesReceived, r.MessagesAnswered, hoursCell(r.MessagesMedianReplyHours)}
		for _, k := range r.Kinds {
			row = append(row, fmt.Sprintf("%d/%d", k.Attended, k.Invited))
		}
		row = append(row, r.LegislativeOpinions)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, err
		}
	}
	return write(f)
}

// hoursCell is a number of hours, or an empty cell for none.
func hoursCell(h *float64) any {
	if h == nil {
		return ""
	}
	return *h
}

func write(f *excelize.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("activities: xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

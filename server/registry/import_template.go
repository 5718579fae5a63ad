package registry

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// importGuide explains each column of the import sheet, for the template's
// second sheet.
var importGuide = [][2]string{
	{colName, "必填。代表姓名。"},
	{colPhone, "必填。11位手机号，用于代表绑定小程序和接收通知；已有的手机号会更新该代表。"},
	{colLevels, "可多个，用逗号或顿号分隔：全国、自治区、市、县（区）、乡镇。"},
	{colGrassroots, "是 或 否；不填为否。"},
	{colEmployer, "代表的工作单位，用于发送履职时间保障通知。"},
	{colEmployerContact, "工作单位的联系人。"},
	{colEmployerPhone, "联系人的手机号或座机（如 0771-5551234）；座机不能接收短信，需电话通知。"},
	{colStations, "代表所在联络站的全称或编号，可多个；工作人员只能填写自己负责的联络站。"},
}

// ImportTemplate is an empty import sheet: the header row on the first
// sheet, what to write in each column on the second.
func ImportTemplate() ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	const data, guide = "代表名单", "填写说明"
	if err := x.SetSheetName("Sheet1", data); err != nil {
		return nil, err
	}
	header := make([]any, len(importColumns))
	for i, c := range importColumns {
		header[i] = c
	}
	if err := x.SetSheetRow(data, "A1", &header); err != nil {
		return nil, err
	}
	if err := x.SetColWidth(data, "A", "H", 18); err != nil {
		return nil, err
	}
	// Phone columns are text, so that Excel keeps leading zeros of landlines.
	text, err := x.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	for _, col := range []string{"B", "G"} {
		if err := x.SetColStyle(data, col, text); err != nil {
			return nil, err
		}
	}
	if _, err := x.NewSheet(guide); err != nil {
		return nil, err
	}
	if err := x.SetSheetRow(guide, "A1", &[]any{"列", "怎么填"}); err != nil {
		return nil, err
	}
	for i, g := range importGuide {
		if err := x.SetSheetRow(guide, fmt.Sprintf("A%d", i+2), &[]any{g[0], g[1]}); err != nil {
			return nil, err
		}
	}
	if err := x.SetColWidth(guide, "B", "B", 80); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

package consultations

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/liaison-stations/liaison/server/access"
)

// The export is the table a legislative committee files with the draft
// (意见汇总表): one row per opinion, ordered by article (opinions on the
// whole draft first, as 总体意见), with who gave it (as a category, never a
// name or phone), the station it came through, and the office's answer.

// ExportHeader is the first row of the export.
var ExportHeader = []any{"条款", "意见", "提出者类别", "来源联络站", "采纳情况", "理由"}

var exportWidths = []float64{12, 60, 12, 22, 10, 40}

// AuthorKindName is the Chinese name of an author kind.
func AuthorKindName(kind string) string {
	switch kind {
	case AuthorDeputy:
		return "人大代表"
	case AuthorMeeting:
		return "座谈会"
	default:
		return "群众"
	}
}

// exportRow is an opinion as the export writes it.
type exportRow struct {
	ArticleNumber *string `db:"article_number"`
	Content       string  `db:"content"`
	AuthorKind    string  `db:"author_kind"`
	StationName   *string `db:"station_name"`
	Outcome       *string `db:"outcome"`
	Reason        string  `db:"reason"`
}

// Export is ExportTo into memory.
func (s *Service) Export(ctx context.Context, p *access.Principal, id int64) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.ExportTo(ctx, p, id, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExportFileName is the download's name for a consultation.
func ExportFileName(id int64) string { return fmt.Sprintf("consultation-%d-opinions.xlsx", id) }

// ExportTo writes to w the .xlsx of a consultation's opinions for the staff
// who run it (any status but draft). Nothing is written to w before every
// row was read, so an error leaves w untouched.
func (s *Service) ExportTo(ctx context.Context, p *access.Principal, id int64, w io.Writer) error {
	c, err := s.manage(ctx, s.DB, p, id, false)
	if err != nil {
		return err
	}
	if c.Status == StatusDraft {
		return ErrNotOpen
	}
	var rows []exportRow
	// Joins stations (registry's table, read only) for names.
	err = s.DB.SelectContext(ctx, &rows, `SELECT a.number AS article_number, o.content, o.author_kind, st.name AS station_name, o.outcome, o.reason
		FROM consultation_opinions o
		LEFT JOIN consultation_articles a ON a.id = o.article_id
		LEFT JOIN stations st ON st.id = o.station_id
		WHERE o.consultation_id = ?
		ORDER BY a.position IS NOT NULL, a.position, o.id`, id)
	if err != nil {
		return fmt.Errorf("consultations: export: %w", err)
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "意见汇总"
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
	if err := sw.SetRow("A1", ExportHeader, excelize.RowOpts{}); err != nil {
		return err
	}
	for i, r := range rows {
		article := "总体意见"
		if r.ArticleNumber != nil {
			article = *r.ArticleNumber
		}
		station := "小程序直接提交"
		if r.StationName != nil {
			station = *r.StationName
		}
		outcome := "未答复"
		if r.Outcome != nil {
			outcome = OutcomeName(*r.Outcome)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{article, r.Content, AuthorKindName(r.AuthorKind), station, outcome, r.Reason}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}

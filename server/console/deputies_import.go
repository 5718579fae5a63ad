package console

import (
	"errors"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
)

// importColumn is one column of the import sheet, explained for the upload page.
type importColumn struct {
	Title    string
	Required bool
	How      string
}

var importColumns = []importColumn{
	{"姓名", true, "代表的姓名。"},
	{"手机号", true, "11位手机号。系统按手机号认人：已有这个手机号的，更新这位代表；没有的，新增一位代表。"},
	{"层级", false, "可填多个，用逗号或顿号隔开：全国、自治区、市、县（区）、乡镇。"},
	{"基层代表", false, "填“是”或“否”，不填算“否”。"},
	{"工作单位", false, "代表的工作单位，用于发送履职时间保障通知。"},
	{"单位联系人", false, "工作单位里负责接收通知的人。"},
	{"单位联系电话", false, "联系人的手机号或座机（如 0771-5551234）。座机收不到短信，需要电话通知。"},
	{"联络站", false, "代表所在联络站的全称或编号，可填多个。工作人员只能填写自己负责的联络站。"},
}

type importPageData struct {
	Columns  []importColumn
	MaxMB    int
	MaxRows  int
	JobsFrom int
}

func (c *Console) importPageData() importPageData {
	return importPageData{Columns: importColumns, MaxMB: registry.MaxImportBytes >> 20, MaxRows: registry.MaxBatchRows, JobsFrom: registry.ImportJobRows}
}

// deputiesImport is the upload page: the columns explained, the template, the form.
func (c *Console) deputiesImport(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	c.render(w, r, http.StatusOK, "deputies_import.html", view{Title: "导入代表名单", Nav: "deputies", Data: c.importPageData()})
}

// deputiesImportTemplate is the empty sheet to fill in.
func (c *Console) deputiesImportTemplate(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	data, err := registry.ImportTemplate()
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", contentDisposition("deputies-template.xlsx", "代表名单模板.xlsx"))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// importUploadPath is the one console path that takes a multipart body
// (limitBody leaves its cap to deputiesImportUpload).
const importUploadPath = "/console/deputies/import"

// deputiesImportUpload keeps the uploaded file and checks it; the preview
// page shows what it found. Nothing changes yet.
func (c *Console) deputiesImportUpload(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	const overhead = 1 << 20
	r.Body = http.MaxBytesReader(w, r.Body, registry.MaxImportBytes+overhead)
	tooLarge := "文件不能超过" + strconv.Itoa(registry.MaxImportBytes>>20) + "MB。请把名单分成几个文件，分几次导入。"
	bad := func(msg string) {
		c.render(w, r, http.StatusBadRequest, "deputies_import.html", view{Title: "导入代表名单", Nav: "deputies",
			Data: c.importPageData(), Errors: map[string]string{"file": msg}})
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		if mbe := new(http.MaxBytesError); errors.As(err, &mbe) {
			bad(tooLarge)
			return
		}
		bad("请选择要上传的 Excel 文件（.xlsx）。")
		return
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	f, fh, err := r.FormFile("file")
	if err != nil {
		bad("请选择要上传的 Excel 文件（.xlsx）。")
		return
	}
	defer f.Close()
	switch {
	case fh.Size > registry.MaxImportBytes:
		bad(tooLarge)
		return
	case !strings.EqualFold(filepath.Ext(fh.Filename), ".xlsx"):
		bad("只能上传 .xlsx 格式的 Excel 文件。如果是 .xls 或 WPS 表格，请先“另存为” .xlsx 格式再上传。")
		return
	}
	b, err := c.Registry.StartImport(r.Context(), p, filepath.Base(fh.Filename), f)
	if e := apperr.From(err); err != nil && (e.Kind == apperr.KindInvalid || e.Kind == apperr.KindTooLarge) {
		msg := e.Message
		switch e.Code {
		case "missing_column", "empty_file":
			msg += "。请用本页的模板：第一行是列名，名单从第二行填起，填在第一张表里。"
		case "file_too_large":
			msg = tooLarge
		}
		bad(msg)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/imports/"+strconv.FormatInt(b.ID, 10), "")
}

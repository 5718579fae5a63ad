package console

import (
	"net/http"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// importClassTitles are the preview's classes in plain words.
var importClassTitles = map[string]string{
	registry.RowError:     "有错误",
	registry.RowNew:       "新增",
	registry.RowChanged:   "有变化",
	registry.RowUnchanged: "无变化",
}

type importShowData struct {
	Batch  *registry.ImportBatch
	Rows   []registry.ImportPreviewRow
	Next   string
	Class  string
	Titles map[string]string
}

// importID is the batch id of the path; ok is false for a malformed one.
func importID(r *http.Request) (int64, bool) {
	return pathID(r, "id")
}

// deputiesImportShow is the preview of an upload (or its progress while a
// task checks or applies it, or the result once applied).
func (c *Console) deputiesImportShow(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := importID(r)
	if !ok {
		c.notFound(w, r)
		return
	}
	b, err := c.Registry.Import(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data := importShowData{Batch: b, Titles: importClassTitles}
	if b.State == registry.BatchChecked || b.State == registry.BatchApplied {
		class := r.URL.Query().Get("class")
		if _, ok := importClassTitles[class]; !ok {
			class = ""
		}
		var cur store.Cursor
		if v := r.URL.Query().Get("cursor"); v != "" {
			if cur, ok = store.DecodeCursor(v); !ok {
				c.notFound(w, r)
				return
			}
		}
		rows, next, err := c.Registry.ImportRows(r.Context(), p, id, class, store.Page{Limit: 50, After: cur})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		data.Rows, data.Next, data.Class = rows, store.EncodeCursor(next), class
	}
	c.render(w, r, http.StatusOK, "deputies_import_show.html", view{Title: "导入预览", Nav: "deputies", Data: data})
}

// deputiesImportProgress is the progress of a batch's task, for the page's bar.
func (c *Console) deputiesImportProgress(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := importID(r)
	if !ok {
		c.notFound(w, r)
		return
	}
	b, err := c.Registry.Import(r.Context(), p, id)
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]any{"finished": true, "label": "导入记录不存在"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"done": b.Done, "total": b.Total, "label": b.ProgressLabel(), "finished": !b.Busy()})
}

// deputiesImportApply applies every row of a batch without errors, all or
// nothing; applying it again changes nothing more.
func (c *Console) deputiesImportApply(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := importID(r)
	if !ok {
		c.notFound(w, r)
		return
	}
	b, err := c.Registry.ApplyImport(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	to := "/console/imports/" + strconv.FormatInt(id, 10)
	switch b.State {
	case registry.BatchApplied:
		c.redirect(w, r, to, "已导入：新增 "+strconv.Itoa(b.New)+" 人，更新 "+strconv.Itoa(b.Changed)+" 人")
	case registry.BatchApplying:
		c.redirect(w, r, to, "正在导入，请稍候")
	default:
		c.redirect(w, r, to, "")
	}
}

package console

import (
	"net/http"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/consultations"
)

// consultationReview answers one opinion, or the ticked ones together
// (合并答复), with an outcome and a reason (ReviewMany).
func (c *Console) consultationReview(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, http.StatusBadRequest, "表单无法读取，请重新填写。")
		return
	}
	var ids []int64
	for _, v := range r.PostForm["opinion_id"] {
		oid, err := strconv.ParseInt(v, 10, 64)
		if err != nil || oid <= 0 {
			c.notFound(w, r)
			return
		}
		ids = append(ids, oid)
	}
	if len(ids) == 0 {
		c.showConsultation(w, r, p, http.StatusBadRequest, map[string]string{"": "请先勾选要统一反馈的意见。"})
		return
	}
	in := consultations.ReviewInput{Outcome: r.PostForm.Get("outcome"), Reason: r.PostForm.Get("reason")}
	if _, err := c.Consultations.ReviewMany(r.Context(), p, id, ids, in); err != nil {
		if e, ok := fieldErrors(err); ok {
			msg := "反馈没有保存："
			for _, k := range []string{"outcome", "reason", "opinion_ids", ""} {
				if m := e[k]; m != "" {
					msg += m + "。"
				}
			}
			c.showConsultation(w, r, p, http.StatusBadRequest, map[string]string{"": msg})
			return
		}
		c.fail(w, r, err)
		return
	}
	flash := "已保存反馈。"
	if len(ids) > 1 {
		flash = "已给 " + itoa(int64(len(ids))) + " 条意见统一反馈。"
	}
	c.redirect(w, r, "/console/consultations/"+itoa(id)+"#opinions", flash)
}

// consultationFinish ends the review: every author is told the outcome.
func (c *Console) consultationFinish(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	if _, err := c.Consultations.FinishReview(r.Context(), p, id); err != nil {
		c.fail(w, r, err)
		return
	}
	c.redirect(w, r, "/console/consultations/"+itoa(id), "已完成反馈：采纳情况会告知每一位提意见的人。")
}

// consultationExport is the .xlsx of the opinions article by article
// (条款 / 意见 / 提出者类别 / 来源联络站 / 采纳情况 / 理由).
func (c *Console) consultationExport(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	data, err := c.Consultations.Export(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", contentDisposition(consultations.ExportFileName(id), "征求意见汇总表-"+itoa(id)+".xlsx"))
	_, _ = w.Write(data)
}

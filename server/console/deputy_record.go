package console

import (
	"fmt"
	"net/http"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
)

// deputyRecordXLSX is a deputy's performance file of ?year= as Excel, the
// same workbook the API gives for ?format=xlsx.
func (c *Console) deputyRecordXLSX(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	d, ok := c.deputyOf(w, r, p)
	if !ok {
		return
	}
	year, err := c.Activities.ParseYear(r.URL.Query().Get("year"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	rec, err := c.Activities.DeputyRecord(r.Context(), p, d.ID, year)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data, err := activities.RecordXLSX(rec)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("%s-%d年履职档案.xlsx", d.Name, year)
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", contentDisposition(fmt.Sprintf("record-%d-%d.xlsx", d.ID, year), name))
	_, _ = w.Write(data)
}

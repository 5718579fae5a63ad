package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
)

func (s *Server) mountAudit(v1 *gin.RouterGroup) {
	v1.GET("/admin/audit", s.listAudit)
	v1.GET("/admin/audit/export", s.exportAudit)
}

// auditFilter reads ?actor=&action=&subject=&from=&to= (from and to as in
// periodQuery: dates in Asia/Shanghai, to inclusive, or RFC 3339 times).
func auditFilter(c *gin.Context, fe apperr.FieldErrors) audit.Filter {
	f := audit.Filter{Actor: int64Query(c, "actor", fe), Action: c.Query("action"), Subject: c.Query("subject")}
	f.From, f.To = periodQuery(c, fe)
	return f
}

func (s *Server) listAudit(c *gin.Context) {
	withFilteredList(s, c, auditFilter, s.Audit.List)
}

func (s *Server) exportAudit(c *gin.Context) {
	p, f, ok := userAndFilter(s, c, auditFilter)
	if !ok {
		return
	}
	data, err := s.Audit.Export(c.Request.Context(), p, f)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="audit.xlsx"`)
	c.Data(http.StatusOK, xlsxType, data)
}

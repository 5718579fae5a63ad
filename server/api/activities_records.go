package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

const recordXLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// mountRecords adds the performance files and station compliance.
func (s *Server) mountRecords(v1 *gin.RouterGroup) {
	v1.GET("/admin/deputies/:id/record", s.deputyRecord)
	v1.GET("/me/record", s.myRecord)
	v1.GET("/admin/records", s.stationRecords)
	v1.GET("/admin/stations/:id/compliance", s.stationCompliance)
	v1.GET("/admin/compliance", s.areaCompliance)
}

var errDeputyNotFound = apperr.NotFound("deputy_not_found", "代表不存在")

// wantsXLSX reports whether the client asked for Excel (?format=xlsx or Accept).
func wantsXLSX(c *gin.Context) bool {
	return c.Query("format") == "xlsx" || strings.Contains(c.GetHeader("Accept"), recordXLSXType)
}

func sendXLSX(c *gin.Context, name string, data []byte, err error) {
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	c.Data(http.StatusOK, recordXLSXType, data)
}

func (s *Server) year(c *gin.Context) (int, bool) {
	y, err := s.Activities.ParseYear(c.Query("year"))
	if err != nil {
		fail(c, err)
		return 0, false
	}
	return y, true
}

func (s *Server) sendRecord(c *gin.Context, r *activities.Record, err error) {
	if err != nil || !wantsXLSX(c) {
		answer(c, http.StatusOK, r, err)
		return
	}
	data, err := activities.RecordXLSX(r)
	sendXLSX(c, fmt.Sprintf("record-%d-%d.xlsx", r.DeputyID, r.Year), data, err)
}

func (s *Server) deputyRecord(c *gin.Context) {
	p, id, ok := s.userAndID(c, errDeputyNotFound)
	if !ok {
		return
	}
	y, ok := s.year(c)
	if !ok {
		return
	}
	r, err := s.Activities.DeputyRecord(c.Request.Context(), p, id, y)
	s.sendRecord(c, r, err)
}

func (s *Server) myRecord(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	y, ok := s.year(c)
	if !ok {
		return
	}
	r, err := s.Activities.MyRecord(c.Request.Context(), p, y)
	s.sendRecord(c, r, err)
}

func (s *Server) stationRecords(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	y, ok := s.year(c)
	if !ok {
		return
	}
	fe := apperr.FieldErrors{}
	stationID := int64Query(c, "station_id", fe)
	if err := fe.Err(); err != nil {
		fail(c, err)
		return
	}
	rs, err := s.Activities.StationRecords(c.Request.Context(), p, stationID, c.Query("area_code"), y)
	if err != nil || !wantsXLSX(c) {
		if err != nil {
			fail(c, err)
			return
		}
		listJSON(c, rs, store.Cursor{})
		return
	}
	data, err := activities.RecordsXLSX(y, rs)
	sendXLSX(c, fmt.Sprintf("records-%d.xlsx", y), data, err)
}

func (s *Server) stationCompliance(c *gin.Context) {
	p, id, ok := s.userAndID(c, registry.ErrStationNotFound)
	if !ok {
		return
	}
	y, ok := s.year(c)
	if !ok {
		return
	}
	r, err := s.Activities.StationCompliance(c.Request.Context(), p, id, y)
	answer(c, http.StatusOK, r, err)
}

func (s *Server) areaCompliance(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	y, ok := s.year(c)
	if !ok {
		return
	}
	page, ok := pageOf(c)
	if !ok {
		return
	}
	items, next, err := s.Activities.AreaCompliance(c.Request.Context(), p, c.Query("area_code"), y, page)
	if err != nil {
		fail(c, err)
		return
	}
	listJSON(c, items, next)
}

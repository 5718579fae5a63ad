package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// mountRegistry adds the registry's routes: areas, stations,
// deputies (and their Excel import), deputy groups and handling units.
func (s *Server) mountRegistry(v1 *gin.RouterGroup) {
	v1.GET("/areas", s.listAreas)
	v1.GET("/stations", s.nearestStations)
	v1.GET("/stations/:id", s.stationCard)

	v1.POST("/admin/stations", s.createStation)
	v1.GET("/admin/stations", s.listStations)
	v1.GET("/admin/stations/:id", s.getStation)
	v1.PATCH("/admin/stations/:id", s.updateStation)
	v1.PUT("/admin/stations/:id", s.updateStation) // wx.request has no PATCH: the same partial update
	v1.GET("/admin/stations/:id/qrcode", s.stationCode)
	v1.PUT("/admin/stations/:id/convenor", s.setConvenor)
	v1.DELETE("/admin/stations/:id/convenor", s.clearConvenor)

	v1.POST("/admin/deputies", s.createDeputy)
	v1.GET("/admin/deputies", s.listDeputies)
	v1.POST("/admin/deputies/import", s.importDeputies)
	v1.GET("/admin/deputies/import/template", s.importTemplate)
	v1.GET("/admin/deputies/:id", s.getDeputy)
	v1.PATCH("/admin/deputies/:id", s.updateDeputy)
	v1.PUT("/admin/deputies/:id", s.updateDeputy) // wx.request has no PATCH: the same partial update
	v1.GET("/admin/deputies/:id/qrcode", s.deputyCode)

	v1.POST("/admin/groups", s.createGroup)
	v1.GET("/admin/groups", s.listGroups)
	v1.GET("/admin/groups/:id", s.getGroup)
	v1.PATCH("/admin/groups/:id", s.updateGroup)
	v1.PUT("/admin/groups/:id", s.updateGroup) // wx.request has no PATCH: the same partial update

	v1.POST("/admin/units", s.createUnit)
	v1.GET("/admin/units", s.listUnits)
}

func (s *Server) listAreas(c *gin.Context) {
	areas, err := s.Registry.Areas(c.Request.Context(), c.Query("parent"))
	if err != nil {
		fail(c, err)
		return
	}
	listJSON(c, areas, store.Cursor{})
}

func (s *Server) nearestStations(c *gin.Context) {
	if c.Query("near") == "" && c.Query("q") != "" {
		items, err := s.Registry.SearchStations(c.Request.Context(), c.Query("q"))
		if err != nil {
			fail(c, err)
			return
		}
		listJSON(c, items, store.Cursor{})
		return
	}
	q := registry.NearQuery{Near: c.Query("near"), Limit: c.Query("limit")}
	items, err := s.Registry.NearestStations(c.Request.Context(), q)
	if err != nil {
		fail(c, err)
		return
	}
	listJSON(c, items, store.Cursor{})
}

// stationCard is public: no sign-in.
func (s *Server) stationCard(c *gin.Context) {
	id, ok := idParam(c, registry.ErrStationNotFound)
	if !ok {
		return
	}
	card, err := s.Registry.StationCard(c.Request.Context(), id)
	if err != nil || !s.Config.PublicStationLetters {
		answer(c, http.StatusOK, card, err)
		return
	}
	// public_station_letters: the card adds its deputies' letters this year.
	letters, err := s.Messages.StationLettersThisYear(c.Request.Context(), card.ID)
	answer(c, http.StatusOK, struct {
		*registry.StationCard
		Letters *messages.StationLetters `json:"letters"`
	}{card, letters}, err)
}

// --- stations (staff) ---

func (s *Server) createStation(c *gin.Context) {
	withBody(s, c, http.StatusCreated, s.Registry.CreateStation)
}

func (s *Server) listStations(c *gin.Context) {
	withFilteredList(s, c, stationFilter, s.Registry.Stations)
}

// stationFilter reads ?area_code=&q=.
func stationFilter(c *gin.Context, _ apperr.FieldErrors) registry.StationFilter {
	return registry.StationFilter{AreaCode: c.Query("area_code"), Q: c.Query("q")}
}

func (s *Server) getStation(c *gin.Context) {
	withID(s, c, registry.ErrStationNotFound, s.Registry.Station)
}

func (s *Server) updateStation(c *gin.Context) {
	withIDBody(s, c, registry.ErrStationNotFound, http.StatusOK, s.Registry.UpdateStation)
}

func (s *Server) stationCode(c *gin.Context) {
	p, id, ok := s.userAndID(c, registry.ErrStationNotFound)
	if !ok {
		return
	}
	code, err := s.Registry.StationCode(c.Request.Context(), p, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=86400")
	c.Data(http.StatusOK, code.Type, code.Data)
}

func (s *Server) deputyCode(c *gin.Context) {
	p, id, ok := s.userAndID(c, registry.ErrDeputyNotFound)
	if !ok {
		return
	}
	code, err := s.Registry.DeputyCode(c.Request.Context(), p, id)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=86400")
	c.Data(http.StatusOK, code.Type, code.Data)
}

type convenorRequest struct {
	DeputyID *int64 `json:"deputy_id"`
}

func (s *Server) setConvenor(c *gin.Context) {
	withIDBody(s, c, registry.ErrStationNotFound, http.StatusOK, func(ctx context.Context, p *access.Principal, id int64, req convenorRequest) (*registry.Station, error) {
		if req.DeputyID == nil || *req.DeputyID <= 0 {
			return nil, apperr.Invalid(map[string]string{"deputy_id": "请选择召集人"})
		}
		return s.Registry.SetConvenor(ctx, p, id, *req.DeputyID)
	})
}

func (s *Server) clearConvenor(c *gin.Context) {
	withID(s, c, registry.ErrStationNotFound, func(ctx context.Context, p *access.Principal, id int64) (*registry.Station, error) {
		return s.Registry.SetConvenor(ctx, p, id, 0)
	})
}

// --- deputies ---

func (s *Server) createDeputy(c *gin.Context) {
	withBody(s, c, http.StatusCreated, s.Registry.CreateDeputy)
}

func (s *Server) listDeputies(c *gin.Context) {
	withFilteredList(s, c, deputyFilter, s.Registry.Deputies)
}

// deputyFilter reads ?q=&station_id=.
func deputyFilter(c *gin.Context, fe apperr.FieldErrors) registry.DeputyFilter {
	return registry.DeputyFilter{Q: c.Query("q"), StationID: int64Query(c, "station_id", fe)}
}

func (s *Server) getDeputy(c *gin.Context) {
	withID(s, c, registry.ErrDeputyNotFound, s.Registry.Deputy)
}

func (s *Server) updateDeputy(c *gin.Context) {
	withIDBody(s, c, registry.ErrDeputyNotFound, http.StatusOK, s.Registry.UpdateDeputy)
}

// multipartOverhead is room for the multipart framing around the file.
const multipartOverhead = 1 << 20

func (s *Server) importDeputies(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	if err := p.RequireStaff(); err != nil {
		fail(c, err)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, registry.MaxImportBytes+multipartOverhead)
	fh, err := c.FormFile("file")
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		fail(c, apperr.New(apperr.KindTooLarge, "file_too_large", "文件不能超过10MB"))
		return
	case err != nil:
		fail(c, &apperr.Error{Kind: apperr.KindInvalid, Code: "invalid_input", Message: "请上传文件",
			Fields: map[string]string{"file": "请选择 .xlsx 文件"}, Err: err})
		return
	case fh.Size > registry.MaxImportBytes:
		fail(c, apperr.New(apperr.KindTooLarge, "file_too_large", "文件不能超过10MB"))
		return
	}
	f, err := fh.Open()
	if err != nil {
		fail(c, apperr.Internal(err))
		return
	}
	defer f.Close()
	res, err := s.Registry.ImportDeputies(c.Request.Context(), p, f)
	answer(c, http.StatusOK, res, err)
}

// --- groups ---

func (s *Server) createGroup(c *gin.Context) {
	withBody(s, c, http.StatusCreated, s.Registry.CreateGroup)
}

func (s *Server) listGroups(c *gin.Context) {
	withFilteredList(s, c, groupFilter, s.Registry.Groups)
}

// groupFilter reads ?area_code=&kind=.
func groupFilter(c *gin.Context, _ apperr.FieldErrors) registry.GroupFilter {
	return registry.GroupFilter{AreaCode: c.Query("area_code"), Kind: c.Query("kind")}
}

func (s *Server) getGroup(c *gin.Context) {
	withID(s, c, registry.ErrGroupNotFound, s.Registry.Group)
}

func (s *Server) updateGroup(c *gin.Context) {
	withIDBody(s, c, registry.ErrGroupNotFound, http.StatusOK, s.Registry.UpdateGroup)
}

// --- units ---

func (s *Server) createUnit(c *gin.Context) {
	withBody(s, c, http.StatusCreated, s.Registry.CreateUnit)
}

func (s *Server) listUnits(c *gin.Context) {
	withFilteredList(s, c, unitFilter, s.Registry.Units)
}

// unitFilter reads ?area_code=&q=.
func unitFilter(c *gin.Context, _ apperr.FieldErrors) registry.UnitFilter {
	return registry.UnitFilter{AreaCode: c.Query("area_code"), Q: c.Query("q")}
}

// importTemplate is the empty import sheet, for staff.
func (s *Server) importTemplate(c *gin.Context) {
	p, ok := s.requireUser(c)
	if !ok {
		return
	}
	if err := p.RequireStaff(); err != nil {
		fail(c, err)
		return
	}
	data, err := registry.ImportTemplate()
	if err != nil {
		fail(c, apperr.Internal(err))
		return
	}
	c.Header("Content-Disposition", `attachment; filename="deputies-template.xlsx"; filename*=UTF-8''%E4%BB%A3%E8%A1%A8%E5%90%8D%E5%8D%95%E6%A8%A1%E6%9D%BF.xlsx`)
	c.Data(http.StatusOK, xlsxType, data)
}

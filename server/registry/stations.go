package registry

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/store"
)

// Station kinds.
const (
	KindCommunity    = "community"    // 村/社区联络站
	KindProfessional = "professional" // 专业/行业联络站, with a topic
)

// stationKindProblem names the kinds' codes, which a client sends, with what each means.
const stationKindProblem = "类型应为 community（村、社区联络站）或 professional（专业、行业联络站）"

// Errors of stations.
var (
	ErrStationNotFound = apperr.NotFound("station_not_found", "联络站不存在")
	errAreaOutOfScope  = apperr.Forbidden("area_out_of_scope", "无权管理该行政区划的联络站")
)

// Station is a liaison station as staff see it.
type Station struct {
	ID               int64    `json:"id" db:"id"`
	Name             string   `json:"name" db:"name"`
	Kind             string   `json:"kind" db:"kind"`
	Topic            string   `json:"topic" db:"topic"`
	AreaCode         string   `json:"area_code" db:"area_code"`
	Area             AreaRef  `json:"area" db:"-"`
	Address          string   `json:"address" db:"address"`
	Latitude         *float64 `json:"latitude" db:"latitude"`
	Longitude        *float64 `json:"longitude" db:"longitude"`
	CheckinRadiusM   int      `json:"checkin_radius_m" db:"checkin_radius_m"`
	OpenHours        string   `json:"open_hours" db:"open_hours"`
	Active           bool     `json:"active" db:"active"`
	ConvenorDeputyID *int64   `json:"convenor_deputy_id" db:"convenor_deputy_id"`
	// LegislativeContactPoint: the station is also a grassroots legislative
	// contact point (基层立法联系点), where drafts are consulted on.
	LegislativeContactPoint bool      `json:"legislative_contact_point" db:"legislative_contact_point"`
	CreatedAt               time.Time `json:"created_at" db:"created_at"`
	UpdatedAt               time.Time `json:"updated_at" db:"updated_at"`
	AreaName                string    `json:"-" db:"area_name"`
}

// StationInput is the body of a station's creation or change. A field left
// out (nil) is not changed.
type StationInput struct {
	Name           *string  `json:"name"`
	Kind           *string  `json:"kind"`
	Topic          *string  `json:"topic"`
	AreaCode       *string  `json:"area_code"`
	Address        *string  `json:"address"`
	Latitude       *float64 `json:"latitude"`
	Longitude      *float64 `json:"longitude"`
	CheckinRadiusM *int     `json:"checkin_radius_m"`
	OpenHours      *string  `json:"open_hours"`
	Active         *bool    `json:"active"`
	// LegislativeContactPoint marks (or unmarks) a 基层立法联系点.
	LegislativeContactPoint *bool `json:"legislative_contact_point"`
}

// applyTo writes the given fields onto st.
func (in StationInput) applyTo(st *Station) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&st.Name, in.Name)
	set(&st.Kind, in.Kind)
	set(&st.Topic, in.Topic)
	set(&st.AreaCode, in.AreaCode)
	set(&st.Address, in.Address)
	set(&st.OpenHours, in.OpenHours)
	if in.Latitude != nil {
		v := math.Round(*in.Latitude*1e6) / 1e6
		st.Latitude = &v
	}
	if in.Longitude != nil {
		v := math.Round(*in.Longitude*1e6) / 1e6
		st.Longitude = &v
	}
	if in.CheckinRadiusM != nil {
		st.CheckinRadiusM = *in.CheckinRadiusM
	}
	if in.Active != nil {
		st.Active = *in.Active
	}
	if in.LegislativeContactPoint != nil {
		st.LegislativeContactPoint = *in.LegislativeContactPoint
	}
}

// Validate checks a station as it would be stored. Whether its area exists
// is the service's check.
func (st *Station) Validate() apperr.FieldErrors {
	f := apperr.FieldErrors{}
	n := len([]rune(st.Name))
	f.Check(n < 2 || n > 100, "name", "名称应为2–100个字")
	f.Check(st.Kind != KindCommunity && st.Kind != KindProfessional, "kind", stationKindProblem)
	f.Check(st.Kind == KindProfessional && st.Topic == "", "topic", "专业联络站须填写专业领域")
	f.Check(len([]rune(st.Topic)) > 50, "topic", "专业领域不超过50个字")
	f.Check(!areaCodePattern.MatchString(st.AreaCode), "area_code", "请选择行政区划")
	f.Check(len([]rune(st.Address)) > 200, "address", "地址不超过200个字")
	f.Check(len([]rune(st.OpenHours)) > 100, "open_hours", "开放时间不超过100个字")
	f.Check(st.Latitude != nil && !(*st.Latitude >= -90 && *st.Latitude <= 90), "latitude", "纬度应在 -90 到 90 之间")
	f.Check(st.Longitude != nil && !(*st.Longitude >= -180 && *st.Longitude <= 180), "longitude", "经度应在 -180 到 180 之间")
	f.Check(st.Latitude == nil && st.Longitude != nil, "latitude", "经纬度须同时填写")
	f.Check(st.Longitude == nil && st.Latitude != nil, "longitude", "经纬度须同时填写")
	f.Check(st.CheckinRadiusM < 10 || st.CheckinRadiusM > 5000, "checkin_radius_m", "签到半径应为10–5000米")
	return f
}

// checkArea records a field error when code is well formed but unknown.
func (s *Service) checkArea(ctx context.Context, q store.Queryer, f apperr.FieldErrors, field, code string) error {
	if _, bad := f[field]; bad || code == "" {
		return nil
	}
	var n int
	if err := q.GetContext(ctx, &n, `SELECT COUNT(*) FROM areas WHERE code = ?`, code); err != nil {
		return fmt.Errorf("registry: area: %w", err)
	}
	f.Check(n == 0, field, "行政区划不存在")
	return nil
}

// CreateStation adds a station in an area the caller covers (403 otherwise).
func (s *Service) CreateStation(ctx context.Context, p *access.Principal, in StationInput) (*Station, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	st := Station{CheckinRadiusM: s.DefaultCheckinRadiusM, Active: true}
	in.applyTo(&st)
	f := st.Validate()
	if err := s.checkArea(ctx, s.DB, f, "area_code", st.AreaCode); err != nil {
		return nil, err
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if !p.Scope().CoversArea(st.AreaCode) {
		return nil, errAreaOutOfScope
	}
	now := s.now()
	var id int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO stations
			(name, kind, topic, area_code, address, latitude, longitude, checkin_radius_m, open_hours, active, legislative_contact_point, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			st.Name, st.Kind, st.Topic, st.AreaCode, st.Address, st.Latitude, st.Longitude, st.CheckinRadiusM, st.OpenHours, st.Active,
			st.LegislativeContactPoint, now, now)
		if store.IsForeignKey(err) {
			return apperr.Invalid(map[string]string{"area_code": "行政区划不存在"})
		}
		if err != nil {
			return fmt.Errorf("registry: insert station: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("registry: station id: %w", err)
		}
		return audit.Record(ctx, tx, p, audit.StationCreate, audit.Subject("station", id),
			fmt.Sprintf("新建联络站「%s」（%s，%s）", st.Name, st.AreaCode, st.Address))
	})
	if err != nil {
		return nil, err
	}
	return s.Station(ctx, p, id)
}

// UpdateStation changes the given fields of a station in the caller's scope.
// Moving it to another area needs that area to be covered too (403).
func (s *Service) UpdateStation(ctx context.Context, p *access.Principal, id int64, in StationInput) (*Station, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	scope := p.Scope()
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		st, err := stationInScope(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		oldArea, before := st.AreaCode, *st
		in.applyTo(st)
		f := st.Validate()
		if st.AreaCode != oldArea {
			if err := s.checkArea(ctx, tx, f, "area_code", st.AreaCode); err != nil {
				return err
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if st.AreaCode != oldArea && !scope.CoversArea(st.AreaCode) {
			return errAreaOutOfScope
		}
		_, err = tx.ExecContext(ctx, `UPDATE stations SET name = ?, kind = ?, topic = ?, area_code = ?, address = ?,
			latitude = ?, longitude = ?, checkin_radius_m = ?, open_hours = ?, active = ?, legislative_contact_point = ?, updated_at = ? WHERE id = ?`,
			st.Name, st.Kind, st.Topic, st.AreaCode, st.Address, st.Latitude, st.Longitude, st.CheckinRadiusM, st.OpenHours, st.Active,
			st.LegislativeContactPoint, s.now(), id)
		if err != nil {
			return fmt.Errorf("registry: update station: %w", err)
		}
		if st.AreaCode != oldArea {
			for _, f := range s.moved {
				if err := f(ctx, tx, id, st.AreaCode); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, p, audit.StationUpdate, audit.Subject("station", id),
			fmt.Sprintf("修改联络站「%s」：%s", before.Name, stationChanges(&before, st)))
	})
	if err != nil {
		return nil, err
	}
	return s.Station(ctx, p, id)
}

// StationArea is a station's area code, read with a share lock on the
// station that tx holds to its end: a move of the station (which locks it
// for update) waits for tx, or tx for the move, so that what tx files under
// the area is where the station is when both are done.
func (s *Service) StationArea(ctx context.Context, tx *sqlx.Tx, id int64) (string, error) {
	var area string
	err := tx.GetContext(ctx, &area, `SELECT area_code FROM stations WHERE id = ? LOCK IN SHARE MODE`, id)
	if store.IsNoRows(err) {
		return "", ErrStationNotFound
	}
	if err != nil {
		return "", fmt.Errorf("registry: station area: %w", err)
	}
	return area, nil
}

const stationColumns = `s.id, s.name, s.kind, s.topic, s.area_code, s.address, s.latitude, s.longitude,
	s.checkin_radius_m, s.open_hours, s.active, s.convenor_deputy_id, s.created_at, s.updated_at, a.name AS area_name,
	s.legislative_contact_point`

// stationInScope loads a station the scope covers (404 otherwise), locking
// it for the transaction when lock is set (q must then be a transaction).
func stationInScope(ctx context.Context, q store.Queryer, scope access.Scope, id int64, lock bool) (*Station, error) {
	if lock {
		if err := lockRow(ctx, q, "stations", id); err != nil {
			return nil, err
		}
	}
	where, args := scope.StationSQL("s.id", "s.area_code")
	query := `SELECT ` + stationColumns + ` FROM stations s JOIN areas a ON a.code = s.area_code WHERE s.id = ? AND ` + where
	var st Station
	err := q.GetContext(ctx, &st, query, append([]any{id}, args...)...)
	if store.IsNoRows(err) {
		return nil, ErrStationNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: station: %w", err)
	}
	st.finish()
	return &st, nil
}

func (st *Station) finish() {
	st.Area = AreaRef{Code: st.AreaCode, Name: st.AreaName}
	st.CreatedAt, st.UpdatedAt = local(st.CreatedAt), local(st.UpdatedAt)
}

// Station is one station in the caller's scope, active or not.
func (s *Service) Station(ctx context.Context, p *access.Principal, id int64) (*Station, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	return stationInScope(ctx, s.DB, p.Scope(), id, false)
}

// StationFilter narrows the staff list of stations.
type StationFilter struct {
	// AreaCode keeps the stations of that area's subtree.
	AreaCode string
	// Q is part of the name.
	Q string
	// Kind keeps the stations of one kind (community, professional).
	Kind string
}

// Validate checks the filter.
func (f StationFilter) Validate() apperr.FieldErrors {
	fe := apperr.FieldErrors{}
	fe.Check(f.AreaCode != "" && !areaCodePattern.MatchString(f.AreaCode), "area_code", "行政区划代码应为6位或9位数字")
	fe.Check(len([]rune(f.Q)) > 100, "q", "搜索词不超过100个字")
	fe.Check(f.Kind != "" && f.Kind != KindCommunity && f.Kind != KindProfessional, "kind", stationKindProblem)
	return fe
}

// Stations lists the stations in the caller's scope in the order they were
// created (created_at, then id), a page at a time, with the cursor of the
// next page (zero at the end).
func (s *Service) Stations(ctx context.Context, p *access.Principal, f StationFilter, page store.Page) ([]Station, store.Cursor, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, store.Cursor{}, err
	}
	f.Q = strings.TrimSpace(f.Q)
	if err := f.Validate().Err(); err != nil {
		return nil, store.Cursor{}, err
	}
	page = normalPage(page)
	where, args := p.Scope().StationSQL("s.id", "s.area_code")
	after, afterArgs := page.Since("s.created_at", "s.id")
	query := `SELECT ` + stationColumns + ` FROM stations s JOIN areas a ON a.code = s.area_code WHERE ` + where + ` AND ` + after
	args = append(args, afterArgs...)
	if f.AreaCode != "" {
		query += ` AND s.area_code LIKE ?`
		args = append(args, access.AreaPrefix(f.AreaCode)+"%")
	}
	if f.Q != "" {
		query += ` AND s.name LIKE ?`
		args = append(args, likeContains(f.Q))
	}
	if f.Kind != "" {
		query += ` AND s.kind = ?`
		args = append(args, f.Kind)
	}
	query += ` ORDER BY s.created_at, s.id LIMIT ?`
	args = append(args, page.Limit+1)
	rows := []Station{}
	if err := s.DB.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("registry: stations: %w", err)
	}
	for i := range rows {
		rows[i].finish()
	}
	rows, next := store.Next(rows, page, func(st Station) store.Cursor { return store.Cursor{At: st.CreatedAt, ID: st.ID} })
	return rows, next, nil
}

// StationCard is the public card of a station (GET /api/v1/stations/{id}): no phone numbers.
type StationCard struct {
	ID        int64        `json:"id"`
	Name      string       `json:"name"`
	Kind      string       `json:"kind"`
	Topic     string       `json:"topic"`
	Address   string       `json:"address"`
	Latitude  *float64     `json:"latitude"`
	Longitude *float64     `json:"longitude"`
	OpenHours string       `json:"open_hours"`
	Area      AreaRef      `json:"area"`
	Deputies  []CardDeputy `json:"deputies"`
	// LegislativeContactPoint: also a 基层立法联系点.
	LegislativeContactPoint bool `json:"legislative_contact_point"`
}

// CardDeputy is a deputy as the public sees them on a station's card.
type CardDeputy struct {
	ID     int64    `json:"id"`
	Name   string   `json:"name"`
	Levels []string `json:"levels"`
	// Convenor is set on a station's card only.
	Convenor bool `json:"convenor,omitempty"`
}

// StationCard is the public card of an active station; an inactive or
// unknown one is 404.
func (s *Service) StationCard(ctx context.Context, id int64) (*StationCard, error) {
	st, err := stationInScope(ctx, s.DB, access.Scope{All: true}, id, false)
	if err != nil {
		return nil, err
	}
	if !st.Active {
		return nil, ErrStationNotFound
	}
	card := &StationCard{ID: st.ID, Name: st.Name, Kind: st.Kind, Topic: st.Topic, Address: st.Address,
		Latitude: st.Latitude, Longitude: st.Longitude, OpenHours: st.OpenHours, Area: st.Area, Deputies: []CardDeputy{},
		LegislativeContactPoint: st.LegislativeContactPoint}
	var rows []struct {
		ID     int64  `db:"id"`
		Name   string `db:"name"`
		Levels string `db:"levels"`
	}
	err = s.DB.SelectContext(ctx, &rows, `SELECT d.id, d.name, d.levels FROM station_deputies sd
		JOIN deputies d ON d.id = sd.deputy_id WHERE sd.station_id = ? AND d.active = 1 ORDER BY d.id`, id)
	if err != nil {
		return nil, fmt.Errorf("registry: station deputies: %w", err)
	}
	for _, r := range rows {
		card.Deputies = append(card.Deputies, CardDeputy{ID: r.ID, Name: r.Name, Levels: splitList(r.Levels),
			Convenor: st.ConvenorDeputyID != nil && *st.ConvenorDeputyID == r.ID})
	}
	return card, nil
}

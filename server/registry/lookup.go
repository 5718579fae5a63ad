package registry

import (
	"context"
	"fmt"
	"strings"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// ErrDeputyNotFound is the 404 for a deputy that is not there or not visible.
var ErrDeputyNotFound = apperr.NotFound("deputy_not_found", "代表不存在")

// DeputyIDByPhone finds the active deputy whose phone is phone (already normalised).
func (s *Service) DeputyIDByPhone(ctx context.Context, phone string) (int64, error) {
	var id int64
	err := s.DB.GetContext(ctx, &id, `SELECT id FROM deputies WHERE phone_hash = ? AND active = 1`, s.Box.Hash(phone))
	if store.IsNoRows(err) {
		return 0, ErrDeputyNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("registry: deputy by phone: %w", err)
	}
	return id, nil
}

// DeputyProfile is what a deputy sees of themselves.
type DeputyProfile struct {
	ID         int64    `json:"id" db:"id"`
	Name       string   `json:"name" db:"name"`
	Levels     []string `json:"levels" db:"-"`
	Grassroots bool     `json:"grassroots" db:"grassroots"`
	Phone      string   `json:"phone" db:"-"` // masked
	StationIDs []int64  `json:"station_ids" db:"-"`
}

// DeputyProfile loads a deputy's own profile, phone masked.
func (s *Service) DeputyProfile(ctx context.Context, id int64) (*DeputyProfile, error) {
	var row struct {
		ID         int64  `db:"id"`
		Name       string `db:"name"`
		Levels     string `db:"levels"`
		Grassroots bool   `db:"grassroots"`
		PhoneEnc   []byte `db:"phone_enc"`
	}
	err := s.DB.GetContext(ctx, &row, `SELECT id, name, levels, grassroots, phone_enc FROM deputies WHERE id = ?`, id)
	if store.IsNoRows(err) {
		return nil, ErrDeputyNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: deputy profile: %w", err)
	}
	p := &DeputyProfile{ID: row.ID, Name: row.Name, Grassroots: row.Grassroots, Levels: splitList(row.Levels), StationIDs: []int64{}}
	if p.Phone, err = s.maskedPhone(row.PhoneEnc); err != nil {
		return nil, err
	}
	if err := s.DB.SelectContext(ctx, &p.StationIDs, `SELECT station_id FROM station_deputies WHERE deputy_id = ? ORDER BY station_id`, id); err != nil {
		return nil, fmt.Errorf("registry: deputy stations: %w", err)
	}
	return p, nil
}

// StationAreas returns the area code of each existing station among ids.
func (s *Service) StationAreas(ctx context.Context, ids []int64) (map[int64]string, error) {
	return stationAreas(ctx, s.DB, ids)
}

// DeputyStationAreas returns the stations (id → area code) a deputy belongs to.
func (s *Service) DeputyStationAreas(ctx context.Context, deputyID int64) (map[int64]string, error) {
	var rows []struct {
		ID       int64  `db:"id"`
		AreaCode string `db:"area_code"`
	}
	err := s.DB.SelectContext(ctx, &rows, `SELECT s.id, s.area_code FROM station_deputies sd JOIN stations s ON s.id = sd.station_id WHERE sd.deputy_id = ?`, deputyID)
	if err != nil {
		return nil, fmt.Errorf("registry: deputy stations: %w", err)
	}
	out := map[int64]string{}
	for _, r := range rows {
		out[r.ID] = r.AreaCode
	}
	return out, nil
}

// AreaExists reports whether code is a known area.
func (s *Service) AreaExists(ctx context.Context, code string) (bool, error) {
	var n int
	if err := s.DB.GetContext(ctx, &n, `SELECT COUNT(*) FROM areas WHERE code = ?`, code); err != nil {
		return false, fmt.Errorf("registry: area: %w", err)
	}
	return n > 0, nil
}

func (s *Service) maskedPhone(sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	phone, err := s.Box.Open(sealed)
	if err != nil {
		return "", fmt.Errorf("registry: %w", err)
	}
	return pii.MaskPhone(phone), nil
}

func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// PublicDeputies are the active deputies among ids as the public sees them
// (name and levels), by id.
func (s *Service) PublicDeputies(ctx context.Context, ids []int64) (map[int64]CardDeputy, error) {
	out := map[int64]CardDeputy{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := store.In(`SELECT id, name, levels FROM deputies WHERE id IN (?) AND active = 1`, ids)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID     int64  `db:"id"`
		Name   string `db:"name"`
		Levels string `db:"levels"`
	}
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("registry: public deputies: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = CardDeputy{ID: r.ID, Name: r.Name, Levels: splitList(r.Levels)}
	}
	return out, nil
}

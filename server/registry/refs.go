package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/store"
)

// The reads other capabilities make of stations, deputies, groups and units.
// They take a store.Queryer where the caller reads inside its transaction.

// StationRef is what another capability shows of a station.
type StationRef struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	AreaCode string `db:"area_code"`
	// CreatedAt is set by ActiveStations: rules apply from a station's creation.
	CreatedAt time.Time `db:"created_at"`
}

// ActiveStation is an active station, or ErrStationNotFound.
func (s *Service) ActiveStation(ctx context.Context, id int64) (*StationRef, error) {
	var st StationRef
	err := s.DB.GetContext(ctx, &st, `SELECT id, name, area_code FROM stations WHERE id = ? AND active = 1`, id)
	if store.IsNoRows(err) {
		return nil, ErrStationNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: station: %w", err)
	}
	return &st, nil
}

// ActiveStations are all active stations.
func (s *Service) ActiveStations(ctx context.Context) ([]StationRef, error) {
	var out []StationRef
	if err := s.DB.SelectContext(ctx, &out, `SELECT id, name, area_code, created_at FROM stations WHERE active = 1`); err != nil {
		return nil, fmt.Errorf("registry: stations: %w", err)
	}
	return out, nil
}

// StationRefs maps each existing station among ids to its reference.
func (s *Service) StationRefs(ctx context.Context, ids []int64) (map[int64]StationRef, error) {
	out := make(map[int64]StationRef, len(ids))
	err := store.EachChunk(ids, inChunk, func(part []int64) error {
		query, args, err := store.In(`SELECT id, name, area_code FROM stations WHERE id IN (?)`, part)
		if err != nil {
			return err
		}
		var rows []StationRef
		if err := s.DB.SelectContext(ctx, &rows, query, args...); err != nil {
			return fmt.Errorf("registry: stations: %w", err)
		}
		for _, r := range rows {
			out[r.ID] = r
		}
		return nil
	})
	return out, err
}

// StationPlace is where a station is and how near its check-in must be.
type StationPlace struct {
	CheckinRadiusM int      `db:"checkin_radius_m"`
	Latitude       *float64 `db:"latitude"`
	Longitude      *float64 `db:"longitude"`
}

// StationPlace is the place of a station (active or not), or ErrStationNotFound.
func (s *Service) StationPlace(ctx context.Context, q store.Queryer, id int64) (*StationPlace, error) {
	var p StationPlace
	err := q.GetContext(ctx, &p, `SELECT checkin_radius_m, latitude, longitude FROM stations WHERE id = ?`, id)
	if store.IsNoRows(err) {
		return nil, ErrStationNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: station place: %w", err)
	}
	return &p, nil
}

// StationCovered reports whether the station exists (active or not) and the scope covers it.
func (s *Service) StationCovered(ctx context.Context, q store.Queryer, scope access.Scope, id int64) (bool, error) {
	cond, args := scope.StationSQL("s.id", "s.area_code")
	var n int
	if err := q.GetContext(ctx, &n, `SELECT COUNT(*) FROM stations s WHERE s.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return false, fmt.Errorf("registry: station: %w", err)
	}
	return n > 0, nil
}

// CountCoveredDeputies counts the active deputies among ids who belong to a
// station the scope covers.
func (s *Service) CountCoveredDeputies(ctx context.Context, q store.Queryer, scope access.Scope, ids []int64) (int, error) {
	cond, args := scope.StationSQL("s.id", "s.area_code")
	query, qargs, err := store.In(`SELECT COUNT(DISTINCT sd.deputy_id) FROM station_deputies sd JOIN stations s ON s.id = sd.station_id
		JOIN deputies d ON d.id = sd.deputy_id WHERE d.active = 1 AND sd.deputy_id IN (?) AND `+cond, append([]any{ids}, args...)...)
	if err != nil {
		return 0, err
	}
	var n int
	if err := q.GetContext(ctx, &n, query, qargs...); err != nil {
		return 0, fmt.Errorf("registry: deputies: %w", err)
	}
	return n, nil
}

// StationDeputyIDs are the active deputies of a station, by id.
func (s *Service) StationDeputyIDs(ctx context.Context, q store.Queryer, stationID int64) ([]int64, error) {
	var ids []int64
	if err := q.SelectContext(ctx, &ids, `SELECT sd.deputy_id FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id
		WHERE sd.station_id = ? AND d.active = 1 ORDER BY sd.deputy_id`, stationID); err != nil {
		return nil, fmt.Errorf("registry: station deputies: %w", err)
	}
	return ids, nil
}

// GroupDeputyIDs are the active deputies of a deputy group, by id.
func (s *Service) GroupDeputyIDs(ctx context.Context, q store.Queryer, groupID int64) ([]int64, error) {
	var ids []int64
	if err := q.SelectContext(ctx, &ids, `SELECT m.deputy_id FROM deputy_group_members m JOIN deputies d ON d.id = m.deputy_id
		WHERE m.group_id = ? AND d.active = 1 ORDER BY m.deputy_id`, groupID); err != nil {
		return nil, fmt.Errorf("registry: group deputies: %w", err)
	}
	return ids, nil
}

// StationDeputyName is the name of an active deputy of the station; false
// when the deputy is not one.
func (s *Service) StationDeputyName(ctx context.Context, q store.Queryer, stationID, deputyID int64) (string, bool, error) {
	var name string
	err := q.GetContext(ctx, &name, `SELECT d.name FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id
		WHERE sd.station_id = ? AND sd.deputy_id = ? AND d.active = 1`, stationID, deputyID)
	if store.IsNoRows(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("registry: station deputy: %w", err)
	}
	return name, true, nil
}

// UnitName is the name of a handling unit; false when there is none.
func (s *Service) UnitName(ctx context.Context, q store.Queryer, id int64) (string, bool, error) {
	var name string
	err := q.GetContext(ctx, &name, `SELECT name FROM units WHERE id = ?`, id)
	if store.IsNoRows(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("registry: unit: %w", err)
	}
	return name, true, nil
}

// DeputyContact is how to reach a deputy and their employer. The phones are
// sealed with the service's pii.Box, as stored.
type DeputyContact struct {
	ID               int64  `db:"id"`
	Name             string `db:"name"`
	PhoneEnc         []byte `db:"phone_enc"`
	EmployerName     string `db:"employer_name"`
	EmployerContact  string `db:"employer_contact"`
	EmployerPhoneEnc []byte `db:"employer_phone_enc"`
}

// inChunk bounds an IN (…) list: a region-wide activity invites tens of
// thousands of deputies.
const inChunk = 2000

// DeputyContacts maps each deputy among ids (active or not) to their contact.
func (s *Service) DeputyContacts(ctx context.Context, q store.Queryer, ids []int64) (map[int64]DeputyContact, error) {
	out := make(map[int64]DeputyContact, len(ids))
	err := store.EachChunk(ids, inChunk, func(part []int64) error {
		query, args, err := store.In(`SELECT id, name, phone_enc, employer_name, employer_contact, employer_phone_enc FROM deputies WHERE id IN (?)`, part)
		if err != nil {
			return err
		}
		var rows []DeputyContact
		if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
			return fmt.Errorf("registry: deputy contacts: %w", err)
		}
		for _, r := range rows {
			out[r.ID] = r
		}
		return nil
	})
	return out, err
}

// DeputyName is the name of a deputy (active or not).
func (s *Service) DeputyName(ctx context.Context, q store.Queryer, id int64) (string, error) {
	var name string
	if err := q.GetContext(ctx, &name, `SELECT name FROM deputies WHERE id = ?`, id); err != nil {
		return "", fmt.Errorf("registry: deputy name: %w", err)
	}
	return name, nil
}

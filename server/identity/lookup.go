package identity

import (
	"context"
	"fmt"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/store"
)

// The reads other capabilities make of users and their roles: they reach a
// user on WeChat (openid) and find the staff of a station here, not in SQL of
// their own.

// Staff is a user holding a staff role, with what their staff roles cover.
type Staff struct {
	UserID int64
	OpenID string
	Scope  access.Scope
}

// StaffList is every staff user, by user id.
type StaffList []Staff

// Covering are the staff whose scope covers the station (in area areaCode).
func (l StaffList) Covering(stationID int64, areaCode string) []Staff {
	var out []Staff
	for _, u := range l {
		if u.Scope.CoversStation(stationID, areaCode) {
			out = append(out, u)
		}
	}
	return out
}

// Staff lists the users with a staff role, with the stations and areas their
// roles cover, by user id. The scans that remind staff read it once and ask
// Covering per station.
func (s *Service) Staff(ctx context.Context) (StaffList, error) {
	var rows []struct {
		UserID   int64   `db:"user_id"`
		OpenID   string  `db:"openid"`
		AreaCode *string `db:"area_code"`
		Station  *int64  `db:"station_id"`
	}
	err := s.DB.SelectContext(ctx, &rows, `SELECT r.user_id, u.openid, r.area_code, rs.station_id
		FROM user_roles r JOIN users u ON u.id = r.user_id LEFT JOIN role_stations rs ON rs.role_id = r.id
		WHERE r.role = 'staff' ORDER BY r.user_id, r.id, rs.station_id`)
	if err != nil {
		return nil, fmt.Errorf("identity: staff: %w", err)
	}
	var out StaffList
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].UserID != r.UserID {
			out = append(out, Staff{UserID: r.UserID, OpenID: r.OpenID})
		}
		sc := &out[len(out)-1].Scope
		if r.Station != nil {
			sc.StationIDs = append(sc.StationIDs, *r.Station)
		}
		if r.AreaCode != nil && strings.TrimSpace(*r.AreaCode) != "" {
			prefix := access.AreaPrefix(*r.AreaCode)
			if len(sc.AreaPrefixes) == 0 || sc.AreaPrefixes[len(sc.AreaPrefixes)-1] != prefix {
				sc.AreaPrefixes = append(sc.AreaPrefixes, prefix)
			}
		}
	}
	return out, nil
}

// StaffCovering are the staff users whose scope covers the station.
func (s *Service) StaffCovering(ctx context.Context, stationID int64, areaCode string) ([]Staff, error) {
	l, err := s.Staff(ctx)
	if err != nil {
		return nil, err
	}
	return l.Covering(stationID, areaCode), nil
}

// OpenID is the WeChat openid of a user, "" for no user (id 0 or not
// there); q may be the caller's transaction.
func (s *Service) OpenID(ctx context.Context, q store.Queryer, userID int64) (string, error) {
	if userID == 0 {
		return "", nil
	}
	var openid string
	err := q.GetContext(ctx, &openid, `SELECT openid FROM users WHERE id = ?`, userID)
	if store.IsNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("identity: openid: %w", err)
	}
	return openid, nil
}

// UserByOpenID is the id of the user signed in with openid; false when none.
func (s *Service) UserByOpenID(ctx context.Context, openid string) (int64, bool, error) {
	var id int64
	err := s.DB.GetContext(ctx, &id, `SELECT id FROM users WHERE openid = ?`, openid)
	if store.IsNoRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("identity: user by openid: %w", err)
	}
	return id, true, nil
}

// DeputyUser is the WeChat user bound to a deputy.
type DeputyUser struct {
	DeputyID int64  `db:"deputy_id"`
	UserID   int64  `db:"id"`
	OpenID   string `db:"openid"`
}

// DeputyUsers maps each deputy among ids that has a WeChat user bound to
// that user; q may be the caller's transaction.
func (s *Service) DeputyUsers(ctx context.Context, q store.Queryer, ids []int64) (map[int64]DeputyUser, error) {
	out := make(map[int64]DeputyUser, len(ids))
	err := store.EachChunk(ids, 2000, func(part []int64) error {
		query, args, err := store.In(`SELECT deputy_id, id, openid FROM users WHERE deputy_id IN (?)`, part)
		if err != nil {
			return err
		}
		var rows []DeputyUser
		if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
			return fmt.Errorf("identity: deputy users: %w", err)
		}
		for _, r := range rows {
			out[r.DeputyID] = r
		}
		return nil
	})
	return out, err
}

package identity

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/store"
)

// grants loads a user's roles with their scopes.
func (s *Service) grants(ctx context.Context, q store.Queryer, userID int64) ([]access.Grant, error) {
	var rows []struct {
		ID       int64   `db:"id"`
		Role     string  `db:"role"`
		AreaCode *string `db:"area_code"`
		DeputyID *int64  `db:"deputy_id"`
	}
	if err := q.SelectContext(ctx, &rows, `SELECT id, role, area_code, deputy_id FROM user_roles WHERE user_id = ? ORDER BY id`, userID); err != nil {
		return nil, fmt.Errorf("identity: roles: %w", err)
	}
	var links []struct {
		RoleID    int64 `db:"role_id"`
		StationID int64 `db:"station_id"`
	}
	if err := q.SelectContext(ctx, &links, `SELECT rs.role_id, rs.station_id FROM role_stations rs
		JOIN user_roles r ON r.id = rs.role_id WHERE r.user_id = ? ORDER BY rs.station_id`, userID); err != nil {
		return nil, fmt.Errorf("identity: role stations: %w", err)
	}
	grants := make([]access.Grant, 0, len(rows))
	for _, r := range rows {
		g := access.Grant{Role: r.Role}
		if r.AreaCode != nil {
			g.AreaCode = *r.AreaCode
		}
		if r.DeputyID != nil {
			g.DeputyID = *r.DeputyID
		}
		for _, l := range links {
			if l.RoleID == r.ID {
				g.StationIDs = append(g.StationIDs, l.StationID)
			}
		}
		grants = append(grants, g)
	}
	return grants, nil
}

// addGrant gives a user a role inside tx. A deputy role that the user holds
// already is not given twice.
func addGrant(ctx context.Context, tx *sqlx.Tx, userID int64, g access.Grant, grantedBy *int64, now any) error {
	if g.Role == access.RoleDeputy || g.Role == access.RoleAdmin {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = ? AND (deputy_id <=> ?)`,
			userID, g.Role, nullInt(g.DeputyID)); err != nil {
			return fmt.Errorf("identity: roles: %w", err)
		}
		if n > 0 {
			return nil
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, area_code, deputy_id, granted_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		userID, g.Role, nullString(g.AreaCode), nullInt(g.DeputyID), grantedBy, now)
	if err != nil {
		return fmt.Errorf("identity: add role: %w", err)
	}
	roleID, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("identity: add role: %w", err)
	}
	for _, id := range g.StationIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO role_stations (role_id, station_id) VALUES (?, ?)`, roleID, id); err != nil {
			return fmt.Errorf("identity: role station: %w", err)
		}
	}
	return nil
}

func roleNames(grants []access.Grant) []string {
	names := []string{}
	for _, g := range grants {
		if !slices.Contains(names, g.Role) {
			names = append(names, g.Role)
		}
	}
	return names
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

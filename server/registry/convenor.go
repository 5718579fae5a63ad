package registry

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
)

var errConvenorNotMember = apperr.Conflict("deputy_not_member", "召集人须为本联络站的代表")

// SetConvenor makes a member deputy the convenor (召集人) of a station in the
// caller's scope; deputyID 0 leaves the station without one. A deputy who is
// not a member of the station is a 409.
func (s *Service) SetConvenor(ctx context.Context, p *access.Principal, stationID, deputyID int64) (*Station, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	if deputyID < 0 {
		return nil, apperr.Invalid(map[string]string{"deputy_id": "代表编号无效"})
	}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		st, err := stationInScope(ctx, tx, p.Scope(), stationID, true)
		if err != nil {
			return err
		}
		var convenor any
		if deputyID > 0 {
			var n int
			err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM station_deputies WHERE station_id = ? AND deputy_id = ?`, stationID, deputyID)
			if err != nil {
				return fmt.Errorf("registry: membership: %w", err)
			}
			if n == 0 {
				return errConvenorNotMember
			}
			convenor = deputyID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stations SET convenor_deputy_id = ?, updated_at = ? WHERE id = ?`, convenor, s.now(), stationID); err != nil {
			return fmt.Errorf("registry: set convenor: %w", err)
		}
		summary := fmt.Sprintf("联络站「%s」召集人设为代表 %d", st.Name, deputyID)
		if deputyID == 0 {
			summary = fmt.Sprintf("联络站「%s」不再设召集人", st.Name)
		}
		return audit.Record(ctx, tx, p, audit.StationConvenor, audit.Subject("station", stationID), summary)
	})
	if err != nil {
		return nil, err
	}
	return s.Station(ctx, p, stationID)
}

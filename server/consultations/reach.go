package consultations

import (
	"context"
	"fmt"

	"github.com/liaison-stations/liaison/server/store"
)

// reachSQL is a WHERE fragment on consultations c keeping those that reach
// the station of area stationArea (id stationID): every station of the
// consultation's area (its area is the station's city or region), or the
// station listed.
func reachSQL(stationID int64, stationArea string) (string, []any) {
	region := ""
	if len(stationArea) >= 2 {
		region = stationArea[:2] + "0000"
	}
	return `((c.reach = 'area' AND c.area_code IN (?, ?)) OR (c.reach = 'stations' AND EXISTS (
		SELECT 1 FROM consultation_stations cs WHERE cs.consultation_id = c.id AND cs.station_id = ?)))`,
		[]any{cityOf(stationArea), region, stationID}
}

// Reaches reports whether the consultation is consulted at the station (any
// status): a consultation meeting there may be about it. q may be the
// caller's transaction. An unknown consultation or station reaches nowhere.
func (s *Service) Reaches(ctx context.Context, q store.Queryer, consultationID, stationID int64) (bool, error) {
	var area string
	err := q.GetContext(ctx, &area, `SELECT area_code FROM stations WHERE id = ?`, stationID)
	if store.IsNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("consultations: station: %w", err)
	}
	cond, args := reachSQL(stationID, area)
	var n int
	if err := q.GetContext(ctx, &n, `SELECT COUNT(*) FROM consultations c WHERE c.id = ? AND `+cond, append([]any{consultationID}, args...)...); err != nil {
		return false, fmt.Errorf("consultations: reach: %w", err)
	}
	return n > 0, nil
}

package registry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// Page sizes of lists (the OpenAPI document's introduction).
const (
	defaultLimit = 20
	maxLimit     = 100
)

// normalPage makes a page the caller left empty (or too large) a sane one.
func normalPage(p store.Page) store.Page {
	if p.Limit <= 0 {
		p.Limit = defaultLimit
	}
	if p.Limit > maxLimit {
		p.Limit = maxLimit
	}
	return p
}

// likeContains is a LIKE pattern matching s anywhere, with LIKE's wildcards in s escaped.
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// areaScopeSQL keeps rows whose area column lies under an area the scope
// covers, the same rule as Scope.CoversArea. Station-only grants cover no
// area, so they keep nothing here.
func areaScopeSQL(s access.Scope, areaCol string) (string, []any) {
	if s.All {
		return "1=1", nil
	}
	if len(s.AreaPrefixes) == 0 {
		return "1=0", nil
	}
	parts := make([]string, 0, len(s.AreaPrefixes))
	args := make([]any, 0, len(s.AreaPrefixes))
	for _, p := range s.AreaPrefixes {
		parts = append(parts, areaCol+" LIKE ?")
		args = append(args, p+"%")
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// deputyScopeSQL keeps deputies who belong to a station in scope; idCol
// names the deputy id column of the outer query.
func deputyScopeSQL(s access.Scope, idCol string) (string, []any) {
	if s.All {
		return "1=1", nil
	}
	where, args := s.StationSQL("sc.id", "sc.area_code")
	member := "SELECT 1 FROM station_deputies sdc JOIN stations sc ON sc.id = sdc.station_id WHERE sdc.deputy_id = " + idCol + " AND " + where
	if wideAreas(s) {
		// Most deputies are in a region's or a city's scope: checked one by
		// one as the list walks deputies in order, a page stops after its
		// rows. MariaDB would turn EXISTS into a semi-join and first gather
		// every membership of the scope (a region's 120 000); a scalar
		// subquery it leaves as it is.
		return "(" + member + " LIMIT 1) IS NOT NULL", args
	}
	return "EXISTS (" + member + ")", args
}

// wideAreas reports whether s is made of region- or city-wide areas only
// (codes 45…, 4501…), no single stations.
func wideAreas(s access.Scope) bool {
	if len(s.StationIDs) > 0 || len(s.AreaPrefixes) == 0 {
		return false
	}
	for _, p := range s.AreaPrefixes {
		if len(p) > 4 {
			return false
		}
	}
	return true
}

// lockRow locks one row of table by id for the transaction, before the
// caller reads it through its scope: locking the scoped read itself would
// also lock the joined rows (areas, memberships), and MariaDB has no
// FOR UPDATE OF. A missing row is left to the scoped read to report.
func lockRow(ctx context.Context, tx store.Queryer, table string, id int64) error {
	var got []int64
	if err := tx.SelectContext(ctx, &got, "SELECT id FROM "+table+" WHERE id = ? FOR UPDATE", id); err != nil {
		return fmt.Errorf("registry: lock %s %d: %w", table, id, err)
	}
	return nil
}

// local shows a stored (UTC) time in Asia/Shanghai.
func local(t time.Time) time.Time { return t.In(clock.Shanghai) }

// now is the service clock's time, in UTC and at the database's millisecond precision.
func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Millisecond) }

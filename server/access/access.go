// Package access is liaison's one authorization layer: who the caller is
// (Principal), which stations and areas their roles cover (Scope), and the
// rules built on them. Capabilities take a Principal and put its Scope into
// their SQL; handlers do not invent checks of their own.
package access

import (
	"context"
	"slices"
	"strings"

	"github.com/liaison-stations/liaison/server/apperr"
)

// Role names (the OpenAPI document's introduction describes each).
const (
	RoleAdmin  = "admin"
	RoleStaff  = "staff"
	RoleDeputy = "deputy"
)

// Grant is one role a user holds, with its scope.
type Grant struct {
	Role       string  `json:"role"`
	AreaCode   string  `json:"area_code,omitempty"`
	StationIDs []int64 `json:"station_ids,omitempty"`
	DeputyID   int64   `json:"deputy_id,omitempty"`
}

// Principal is the signed-in caller.
type Principal struct {
	UserID   int64
	DeputyID int64 // the deputy this user is bound to, 0 if none
	Grants   []Grant
	// ClientIP is the address the request came from (gin's ClientIP, which
	// believes X-Forwarded-For of trusted proxies only), for the audit log.
	ClientIP string
}

// IsAdmin reports whether the caller may do everything.
func (p *Principal) IsAdmin() bool { return p != nil && p.has(RoleAdmin) }

// IsStaff reports whether the caller works for some stations (admins do too).
func (p *Principal) IsStaff() bool { return p != nil && (p.has(RoleAdmin) || p.has(RoleStaff)) }

func (p *Principal) has(role string) bool {
	return slices.ContainsFunc(p.Grants, func(g Grant) bool { return g.Role == role })
}

// Scope is the union of the stations the caller's staff roles cover.
func (p *Principal) Scope() Scope {
	var s Scope
	if p == nil {
		return s
	}
	for _, g := range p.Grants {
		switch g.Role {
		case RoleAdmin:
			return Scope{All: true}
		case RoleStaff:
			s.StationIDs = append(s.StationIDs, g.StationIDs...)
			if g.AreaCode != "" {
				s.AreaPrefixes = append(s.AreaPrefixes, AreaPrefix(g.AreaCode))
			}
		}
	}
	return s
}

// RequireStaff answers 403 unless the caller has a staff or admin role.
func (p *Principal) RequireStaff() error {
	if !p.IsStaff() {
		return apperr.Forbidden("staff_only", "仅限联络站工作人员")
	}
	return nil
}

// RequireAdmin answers 403 unless the caller is an admin.
func (p *Principal) RequireAdmin() error {
	if !p.IsAdmin() {
		return apperr.Forbidden("admin_only", "仅限管理员")
	}
	return nil
}

// Scope says which stations a caller covers: all, some by id, or every
// station under some area codes.
type Scope struct {
	All          bool
	StationIDs   []int64
	AreaPrefixes []string
}

// Empty reports whether the scope covers nothing.
func (s Scope) Empty() bool { return !s.All && len(s.StationIDs) == 0 && len(s.AreaPrefixes) == 0 }

// CoversArea reports whether every station of area code lies inside the scope
// (an area is covered only by an area grant at or above it).
func (s Scope) CoversArea(code string) bool {
	if s.All {
		return true
	}
	for _, p := range s.AreaPrefixes {
		if strings.HasPrefix(AreaPrefix(code), p) {
			return true
		}
	}
	return false
}

// CoversStation reports whether the station (id, in area) is in scope.
func (s Scope) CoversStation(id int64, areaCode string) bool {
	return s.All || slices.Contains(s.StationIDs, id) || s.CoversArea(areaCode)
}

// StationSQL is a WHERE fragment that keeps rows of stations in scope, given
// the columns holding the station id and its area code. Its arguments go with
// it. An empty scope keeps nothing.
func (s Scope) StationSQL(idCol, areaCol string) (string, []any) {
	if s.All {
		return "1=1", nil
	}
	var parts []string
	var args []any
	if len(s.StationIDs) > 0 {
		parts = append(parts, idCol+" IN ("+placeholders(len(s.StationIDs))+")")
		for _, id := range s.StationIDs {
			args = append(args, id)
		}
	}
	for _, p := range s.AreaPrefixes {
		parts = append(parts, areaCol+" LIKE ?")
		args = append(args, p+"%")
	}
	if len(parts) == 0 {
		return "1=0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// AreaPrefix is the part of a GB/T 2260 code that every code of its subtree
// starts with: 450000 (region) → 45, 450100 (city) → 4501, 450102 (county) →
// 450102, 450102001 (township) → itself.
func AreaPrefix(code string) string {
	if len(code) == 6 {
		switch {
		case strings.HasSuffix(code, "0000"):
			return code[:2]
		case strings.HasSuffix(code, "00"):
			return code[:4]
		}
	}
	return code
}

type ctxKey struct{}

// WithPrincipal returns a context carrying the caller.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the caller, or nil for an anonymous request.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

type ipKey struct{}

// WithClientIP returns a context carrying the client's address, for the
// audit rows of requests that have no Principal yet (a sign-in).
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, ipKey{}, ip)
}

// ClientIP is the client's address: the Principal's, else the context's.
func ClientIP(ctx context.Context, p *Principal) string {
	if p != nil && p.ClientIP != "" {
		return p.ClientIP
	}
	ip, _ := ctx.Value(ipKey{}).(string)
	return ip
}

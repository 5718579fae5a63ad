package identity

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// OpenInvite is an invite that can still be redeemed, as admins see it
// (GET /api/v1/admin/invites). Its code is never shown again.
type OpenInvite struct {
	ID        int64       `json:"id" db:"id"`
	Role      string      `json:"role" db:"role"`
	Scope     InviteScope `json:"scope" db:"-"`
	CreatedBy *int64      `json:"created_by" db:"created_by"`
	CreatedAt time.Time   `json:"created_at" db:"created_at"`
	ExpiresAt time.Time   `json:"expires_at" db:"expires_at"`

	AreaCode   *string `json:"-" db:"area_code"`
	StationIDs string  `json:"-" db:"station_ids"`
	DeputyID   *int64  `json:"-" db:"deputy_id"`
}

// InviteScope is what an invite grants beside its role.
type InviteScope struct {
	AreaCode   string  `json:"area_code,omitempty"`
	StationIDs []int64 `json:"station_ids,omitempty"`
	DeputyID   int64   `json:"deputy_id,omitempty"`
}

// Invites lists the invites not yet redeemed, cancelled or expired, newest
// first, for admins: whom a code is still out for.
func (s *Service) Invites(ctx context.Context, p *access.Principal, page store.Page) ([]OpenInvite, store.Cursor, error) {
	if err := p.RequireAdmin(); err != nil {
		return nil, store.Cursor{}, err
	}
	after, args := page.Before("created_at", "id")
	var rows []OpenInvite
	if err := s.DB.SelectContext(ctx, &rows, `SELECT id, role, area_code, station_ids, deputy_id, created_by, created_at, expires_at
		FROM invites WHERE redeemed_at IS NULL AND cancelled_at IS NULL AND expires_at > ? AND `+after+`
		ORDER BY created_at DESC, id DESC LIMIT ?`, append(append([]any{s.Clock.Now()}, args...), page.Limit+1)...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("identity: invites: %w", err)
	}
	rows, next := store.Next(rows, page, func(i OpenInvite) store.Cursor { return store.Cursor{At: i.CreatedAt, ID: i.ID} })
	for i := range rows {
		r := &rows[i]
		r.Scope.StationIDs = splitIDs(r.StationIDs)
		if r.AreaCode != nil {
			r.Scope.AreaCode = *r.AreaCode
		}
		if r.DeputyID != nil {
			r.Scope.DeputyID = *r.DeputyID
		}
		r.CreatedAt, r.ExpiresAt = r.CreatedAt.In(clock.Shanghai), r.ExpiresAt.In(clock.Shanghai)
	}
	return rows, next, nil
}

// CancelInvite cancels an invite that has not been redeemed, for admins: its
// code then fails (409 invite_cancelled). Cancelling it again changes
// nothing; a redeemed invite cannot be cancelled (revoke the user instead).
func (s *Service) CancelInvite(ctx context.Context, p *access.Principal, id int64) error {
	if err := p.RequireAdmin(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var inv struct {
			Role        string     `db:"role"`
			AreaCode    *string    `db:"area_code"`
			StationIDs  string     `db:"station_ids"`
			DeputyID    *int64     `db:"deputy_id"`
			RedeemedAt  *time.Time `db:"redeemed_at"`
			CancelledAt *time.Time `db:"cancelled_at"`
		}
		err := tx.GetContext(ctx, &inv, `SELECT role, area_code, station_ids, deputy_id, redeemed_at, cancelled_at FROM invites WHERE id = ? FOR UPDATE`, id)
		if store.IsNoRows(err) {
			return errInviteNotFound
		}
		if err != nil {
			return fmt.Errorf("identity: invite: %w", err)
		}
		switch {
		case inv.RedeemedAt != nil:
			return errInviteUsed
		case inv.CancelledAt != nil:
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invites SET cancelled_at = ?, cancelled_by = ? WHERE id = ?`, s.Clock.Now(), nullInt(p.UserID), id); err != nil {
			return fmt.Errorf("identity: cancel invite: %w", err)
		}
		area, deputy := "", int64(0)
		if inv.AreaCode != nil {
			area = *inv.AreaCode
		}
		if inv.DeputyID != nil {
			deputy = *inv.DeputyID
		}
		return audit.Record(ctx, tx, p, audit.InviteCancel, audit.Subject("invite", id), "作废邀请码："+describeGrant(inv.Role, area, splitIDs(inv.StationIDs), deputy))
	})
}

// cancelInvitesBy cancels, in tx, the unredeemed invites userID made: a
// revoked admin must not regain a role with an invite made earlier.
func cancelInvitesBy(ctx context.Context, tx *sqlx.Tx, userID int64, by *access.Principal, now time.Time) (int, error) {
	var byID any
	if by != nil {
		byID = nullInt(by.UserID)
	}
	res, err := tx.ExecContext(ctx, `UPDATE invites SET cancelled_at = ?, cancelled_by = ?
		WHERE created_by = ? AND redeemed_at IS NULL AND cancelled_at IS NULL`, now, byID, userID)
	if err != nil {
		return 0, fmt.Errorf("identity: cancel invites: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// describeGrant says in Chinese what a role grants, for the audit log.
func describeGrant(role, areaCode string, stationIDs []int64, deputyID int64) string {
	parts := []string{roleLabel(role)}
	if areaCode != "" {
		parts = append(parts, "区域 "+areaCode)
	}
	if len(stationIDs) > 0 {
		parts = append(parts, "联络站 "+joinIDs(stationIDs))
	}
	if deputyID != 0 {
		parts = append(parts, "代表 "+strconv.FormatInt(deputyID, 10))
	}
	return strings.Join(parts, "，")
}

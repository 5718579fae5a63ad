package identity

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// User is a signed-in WeChat user as an admin sees them: who they are in
// liaison (their roles), not their WeChat identity.
type User struct {
	ID          int64          `json:"id" db:"id"`
	DeputyID    *int64         `json:"deputy_id" db:"deputy_id"`
	CreatedAt   time.Time      `json:"created_at" db:"created_at"`
	LastLoginAt time.Time      `json:"last_login_at" db:"last_login_at"`
	Roles       []access.Grant `json:"roles" db:"-"`
}

// UserFilter narrows the admins' list of users.
type UserFilter struct {
	// Role keeps users holding it (admin, staff or deputy).
	Role string
	// StationID keeps users whose staff role lists the station.
	StationID int64
	// AreaCode keeps users whose staff role covers exactly that area.
	AreaCode string
}

var errUserNotFound = apperr.NotFound("user_not_found", "用户不存在")

// Users lists users who hold a role (or, filtered, a given role), newest
// first, for admins: whom to take access away from when someone leaves.
func (s *Service) Users(ctx context.Context, p *access.Principal, f UserFilter, page store.Page) ([]User, store.Cursor, error) {
	if err := p.RequireAdmin(); err != nil {
		return nil, store.Cursor{}, err
	}
	fe := apperr.FieldErrors{}
	fe.Check(f.Role != "" && f.Role != access.RoleAdmin && f.Role != access.RoleStaff && f.Role != access.RoleDeputy,
		"role", "角色应为管理员、工作人员或代表之一")
	if err := fe.Err(); err != nil {
		return nil, store.Cursor{}, err
	}
	where := []string{"EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id)"}
	var args []any
	if f.Role != "" {
		where, args = append(where, "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?)"), append(args, f.Role)
	}
	if f.StationID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM user_roles r JOIN role_stations rs ON rs.role_id = r.id WHERE r.user_id = u.id AND rs.station_id = ?)")
		args = append(args, f.StationID)
	}
	if f.AreaCode != "" {
		where, args = append(where, "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.area_code = ?)"), append(args, f.AreaCode)
	}
	after, afterArgs := page.Before("u.created_at", "u.id")
	where, args = append(where, after), append(args, afterArgs...)
	var users []User
	if err := s.DB.SelectContext(ctx, &users, `SELECT u.id, u.deputy_id, u.created_at, u.last_login_at FROM users u WHERE `+
		strings.Join(where, " AND ")+` ORDER BY u.created_at DESC, u.id DESC LIMIT ?`, append(args, page.Limit+1)...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("identity: users: %w", err)
	}
	users, next := store.Next(users, page, func(u User) store.Cursor { return store.Cursor{At: u.CreatedAt, ID: u.ID} })
	for i := range users {
		g, err := s.grants(ctx, s.DB, users[i].ID)
		if err != nil {
			return nil, store.Cursor{}, err
		}
		users[i].Roles = g
		users[i].CreatedAt, users[i].LastLoginAt = users[i].CreatedAt.In(clock.Shanghai), users[i].LastLoginAt.In(clock.Shanghai)
	}
	return users, next, nil
}

// Revoked is what a revocation took away.
type Revoked struct {
	UserID   int64 `json:"user_id"`
	Roles    int   `json:"roles"`
	Sessions int   `json:"sessions"`
	// Invites is how many of the invites they made and no one redeemed were cancelled.
	Invites int `json:"invites"`
}

// Revoke takes every role from a user (the deputy binding too) and ends all
// their sessions, in one transaction: their next request is a 401, and
// signing in again gives a user with no role. The invites they made that
// no one redeemed are cancelled with it, and the revocation is audited. An
// admin cannot revoke
// themselves (no one would be left to undo it).
func (s *Service) Revoke(ctx context.Context, p *access.Principal, userID int64) (*Revoked, error) {
	if err := p.RequireAdmin(); err != nil {
		return nil, err
	}
	if p.UserID != 0 && p.UserID == userID {
		return nil, apperr.Conflict("revoke_self", "不能撤销自己的权限，请由另一位管理员操作")
	}
	out := &Revoked{UserID: userID}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM users WHERE id = ? FOR UPDATE`, userID); err != nil {
			return err
		}
		if n == 0 {
			return errUserNotFound
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = ?`, userID)
		if err != nil {
			return err
		}
		roles, _ := res.RowsAffected()
		out.Roles = int(roles)
		if _, err := tx.ExecContext(ctx, `UPDATE users SET deputy_id = NULL WHERE id = ?`, userID); err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, s.Clock.Now(), userID)
		if err != nil {
			return err
		}
		sessions, _ := res.RowsAffected()
		out.Sessions = int(sessions)
		if out.Invites, err = cancelInvitesBy(ctx, tx, userID, p, s.Clock.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, audit.UserRevoke, audit.Subject("user", userID),
			fmt.Sprintf("撤销用户 %d 的权限：角色 %d 个，登录会话 %d 个，作废邀请码 %d 个", userID, out.Roles, out.Sessions, out.Invites))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

package identity

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// InviteInput is what an invite grants (POST /api/v1/admin/invites).
type InviteInput struct {
	Role       string  `json:"role"`
	AreaCode   string  `json:"area_code"`
	StationIDs []int64 `json:"station_ids"`
	DeputyID   int64   `json:"deputy_id"`
}

// Invite is a freshly made invite. The code is shown once; only its hash is kept.
type Invite struct {
	InviteCode string    `json:"invite_code"`
	ExpiresAt  time.Time `json:"expires_at"`
}

var (
	errInviteNotFound = apperr.NotFound("invite_not_found", "邀请码不存在")
	errInviteUsed     = apperr.Conflict("invite_used", "邀请码已被使用")
	errInviteExpired  = apperr.Conflict("invite_expired", "邀请码已过期，请联系管理员重新生成")
	// A cancelled invite reads as one that cannot be used, without saying who cancelled it.
	errInviteCancelled = apperr.Conflict("invite_cancelled", "邀请码已作废，请联系管理员重新生成")
	errDeputyBound     = apperr.Conflict("deputy_already_bound", "该代表已绑定其他微信账号")
	errUserIsDeputy    = apperr.Conflict("user_already_deputy", "当前微信账号已绑定其他代表")
)

// validate checks the input's own shape; existence and scope are checked by CreateInvite.
func (in *InviteInput) validate() error {
	f := apperr.FieldErrors{}
	in.StationIDs = compactIDs(in.StationIDs)
	switch in.Role {
	case access.RoleAdmin:
		f.Check(in.AreaCode != "" || len(in.StationIDs) > 0 || in.DeputyID != 0, "role", "管理员邀请不带范围")
	case access.RoleStaff:
		f.Check(in.AreaCode == "" && len(in.StationIDs) == 0, "station_ids", "工作人员须指定联络站或区域")
		f.Check(in.DeputyID != 0, "deputy_id", "工作人员邀请不带代表")
	case access.RoleDeputy:
		f.Check(in.DeputyID <= 0, "deputy_id", "须指定代表")
		f.Check(in.AreaCode != "" || len(in.StationIDs) > 0, "role", "代表邀请不带范围")
	default:
		f.Add("role", "角色应为管理员、工作人员或代表之一")
	}
	f.Check(len(in.StationIDs) > 100, "station_ids", "联络站最多 100 个")
	return f.Err()
}

// CreateInvite makes a one-time invite. by is the caller; nil means the
// operator at the command line (`liaison admin invite`), who may invite anyone.
// Staff may invite staff and deputies inside their own scope, never admins.
func (s *Service) CreateInvite(ctx context.Context, by *access.Principal, in InviteInput) (*Invite, error) {
	if by != nil {
		if err := by.RequireStaff(); err != nil {
			return nil, err
		}
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	if err := s.checkInviteTargets(ctx, by, in); err != nil {
		return nil, err
	}
	code, err := newInviteCode()
	if err != nil {
		return nil, apperr.Internal(err)
	}
	now := s.Clock.Now()
	expires := now.Add(s.InviteTTL)
	var createdBy any
	if by != nil {
		createdBy = by.UserID
	}
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO invites (code_hash, role, area_code, station_ids, deputy_id, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			hashSecret(normalizeInviteCode(code)), in.Role, nullString(in.AreaCode), joinIDs(in.StationIDs), nullInt(in.DeputyID), createdBy, now, expires)
		if err != nil {
			return fmt.Errorf("identity: create invite: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("identity: create invite: %w", err)
		}
		actor := by
		if actor == nil {
			actor = &access.Principal{} // the operator at the command line
		}
		return audit.Record(ctx, tx, actor, audit.InviteCreate, audit.Subject("invite", id), "生成邀请码："+describeGrant(in.Role, in.AreaCode, in.StationIDs, in.DeputyID))
	})
	if err != nil {
		return nil, err
	}
	return &Invite{InviteCode: code, ExpiresAt: expires.In(clock.Shanghai)}, nil
}

// checkInviteTargets: the area, stations and deputy exist, and staff keep to their scope.
func (s *Service) checkInviteTargets(ctx context.Context, by *access.Principal, in InviteInput) error {
	scope := access.Scope{All: true}
	if by != nil {
		scope = by.Scope()
	}
	if in.Role == access.RoleAdmin && !scope.All {
		return apperr.Forbidden("invite_forbidden", "工作人员不能邀请管理员")
	}
	if in.AreaCode != "" {
		ok, err := s.Registry.AreaExists(ctx, in.AreaCode)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Invalid(map[string]string{"area_code": "区域不存在"})
		}
		if !scope.CoversArea(in.AreaCode) {
			return apperr.Forbidden("out_of_scope", "超出您的管辖范围")
		}
	}
	if len(in.StationIDs) > 0 {
		areas, err := s.Registry.StationAreas(ctx, in.StationIDs)
		if err != nil {
			return err
		}
		for _, id := range in.StationIDs {
			area, ok := areas[id]
			if !ok || !scope.CoversStation(id, area) {
				// Not there and not yours read the same.
				return apperr.Invalid(map[string]string{"station_ids": "联络站不存在：" + strconv.FormatInt(id, 10)})
			}
		}
	}
	if in.DeputyID != 0 && !s.deputyInScope(ctx, scope, in.DeputyID) {
		return apperr.Invalid(map[string]string{"deputy_id": "代表不存在"})
	}
	return nil
}

// deputyInScope reports whether the deputy exists and, for staff, belongs to a station they cover.
func (s *Service) deputyInScope(ctx context.Context, scope access.Scope, deputyID int64) bool {
	if _, err := s.Registry.DeputyProfile(ctx, deputyID); err != nil {
		return false
	}
	if scope.All {
		return true
	}
	stations, err := s.Registry.DeputyStationAreas(ctx, deputyID)
	if err != nil {
		return false
	}
	for id, area := range stations {
		if scope.CoversStation(id, area) {
			return true
		}
	}
	return false
}

// Redeem takes a one-time invite for the caller.
func (s *Service) Redeem(ctx context.Context, p *access.Principal, code string) (*Me, error) {
	code = normalizeInviteCode(code)
	if code == "" || len(code) > 32 {
		return nil, apperr.Invalid(map[string]string{"invite_code": "请输入邀请码"})
	}
	now := s.Clock.Now()
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var inv struct {
			ID          int64      `db:"id"`
			Role        string     `db:"role"`
			AreaCode    *string    `db:"area_code"`
			StationIDs  string     `db:"station_ids"`
			DeputyID    *int64     `db:"deputy_id"`
			ExpiresAt   time.Time  `db:"expires_at"`
			RedeemedAt  *time.Time `db:"redeemed_at"`
			CancelledAt *time.Time `db:"cancelled_at"`
		}
		err := tx.GetContext(ctx, &inv, `SELECT id, role, area_code, station_ids, deputy_id, expires_at, redeemed_at, cancelled_at
			FROM invites WHERE code_hash = ? FOR UPDATE`, hashSecret(code))
		if store.IsNoRows(err) {
			return errInviteNotFound
		}
		if err != nil {
			return fmt.Errorf("identity: invite: %w", err)
		}
		if inv.RedeemedAt != nil {
			return errInviteUsed
		}
		if inv.CancelledAt != nil {
			return errInviteCancelled
		}
		if !now.Before(inv.ExpiresAt) {
			return errInviteExpired
		}
		g := access.Grant{Role: inv.Role, StationIDs: splitIDs(inv.StationIDs)}
		if inv.AreaCode != nil {
			g.AreaCode = *inv.AreaCode
		}
		if inv.DeputyID != nil {
			g.DeputyID = *inv.DeputyID
			if err := bindDeputy(ctx, tx, p.UserID, g.DeputyID); err != nil {
				return err
			}
		}
		if err := addGrant(ctx, tx, p.UserID, g, nil, now); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE invites SET redeemed_by = ?, redeemed_at = ? WHERE id = ?`, p.UserID, now, inv.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, audit.InviteRedeem, audit.Subject("invite", inv.ID),
			"使用邀请码："+describeGrant(g.Role, g.AreaCode, g.StationIDs, g.DeputyID))
	})
	if err != nil {
		return nil, err
	}
	return s.Me(ctx, p.UserID)
}

// bindDeputy links a user to a deputy: one deputy per user, one user per deputy.
func bindDeputy(ctx context.Context, tx *sqlx.Tx, userID, deputyID int64) error {
	var current *int64
	if err := tx.GetContext(ctx, &current, `SELECT deputy_id FROM users WHERE id = ? FOR UPDATE`, userID); err != nil {
		return fmt.Errorf("identity: user: %w", err)
	}
	if current != nil {
		if *current == deputyID {
			return nil
		}
		return errUserIsDeputy
	}
	_, err := tx.ExecContext(ctx, `UPDATE users SET deputy_id = ? WHERE id = ?`, deputyID, userID)
	if store.IsDuplicate(err) {
		return errDeputyBound
	}
	if store.IsForeignKey(err) {
		return apperr.NotFound("deputy_not_found", "代表不存在")
	}
	if err != nil {
		return fmt.Errorf("identity: bind deputy: %w", err)
	}
	return nil
}

// inviteAlphabet has no 0/O, 1/I/L: codes are read out over the phone.
const inviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newInviteCode makes a 12-character code shown as XXXX-XXXX-XXXX (about 59 bits).
func newInviteCode() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		// 256 % 31 != 0 gives a bias of under 1%; irrelevant at 59 bits.
		sb.WriteByte(inviteAlphabet[int(c)%len(inviteAlphabet)])
	}
	return sb.String(), nil
}

func normalizeInviteCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, strings.TrimSpace(code))
}

func compactIDs(ids []int64) []int64 {
	out := []int64{}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

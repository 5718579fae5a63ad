package identity

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/wechat"
)

// Me is what GET /api/v1/me answers.
type Me struct {
	ID     int64                   `json:"id"`
	Roles  []access.Grant          `json:"roles"`
	Deputy *registry.DeputyProfile `json:"deputy"`
}

// Me describes a user: roles with scope, and the deputy they are, if any.
func (s *Service) Me(ctx context.Context, userID int64) (*Me, error) {
	var deputyID *int64
	if err := s.DB.GetContext(ctx, &deputyID, `SELECT deputy_id FROM users WHERE id = ?`, userID); err != nil {
		if store.IsNoRows(err) {
			return nil, errBadToken
		}
		return nil, fmt.Errorf("identity: me: %w", err)
	}
	grants, err := s.grants(ctx, s.DB, userID)
	if err != nil {
		return nil, err
	}
	me := &Me{ID: userID, Roles: grants}
	if deputyID != nil {
		if me.Deputy, err = s.Registry.DeputyProfile(ctx, *deputyID); err != nil {
			return nil, err
		}
	}
	return me, nil
}

// BindPhone takes a getPhoneNumber code; when the number is a registered
// deputy's, the caller becomes that deputy. The number is neither logged nor kept.
func (s *Service) BindPhone(ctx context.Context, p *access.Principal, code string) (*Me, error) {
	if code == "" || len(code) > 128 {
		return nil, apperr.Invalid(map[string]string{"code": "缺少手机号授权凭证"})
	}
	if s.WeChat == nil {
		return nil, errWeChatOff
	}
	raw, err := s.WeChat.PhoneNumber(ctx, code)
	switch {
	case wechat.IsInvalidCode(err):
		return nil, &apperr.Error{Kind: apperr.KindInvalid, Code: "wechat_code_invalid", Message: "手机号授权凭证无效或已使用，请重试",
			Fields: map[string]string{"code": "手机号授权凭证无效或已使用"}, Err: err}
	case wechat.IsRateLimited(err):
		return nil, errWeChatRateLimit
	case err != nil:
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后再试", err)
	}
	phone, ok := pii.NormalizeMobile(raw)
	if !ok {
		return nil, errNotADeputy
	}
	deputyID, err := s.Registry.DeputyIDByPhone(ctx, phone)
	if apperr.CodeOf(err) == "deputy_not_found" {
		return nil, errNotADeputy
	}
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := bindDeputy(ctx, tx, p.UserID, deputyID); err != nil {
			return err
		}
		return addGrant(ctx, tx, p.UserID, access.Grant{Role: access.RoleDeputy, DeputyID: deputyID}, nil, now)
	})
	if err != nil {
		return nil, err
	}
	return s.Me(ctx, p.UserID)
}

var errNotADeputy = apperr.NotFound("deputy_not_found", "该手机号未登记为代表，请联系联络站工作人员")

package identity

import (
	"context"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
)

// RedeemPage is the mini program page an invite's code opens, with the
// invite filled in (scene i=<code>).
const RedeemPage = "pages/redeem/index"

// InviteImage is the mini program code of a freshly made invite, for the
// person it is for to scan instead of typing it: staff show it on the
// console once, as they would read the code out. Staff only.
func (s *Service) InviteImage(ctx context.Context, p *access.Principal, code string) ([]byte, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	code = normalizeInviteCode(code)
	if code == "" || len(code) > 30 {
		return nil, apperr.Invalid(map[string]string{"invite_code": "邀请码无效"})
	}
	if s.Codes == nil {
		return nil, errNoCodes
	}
	img, err := s.Codes.UnlimitedQRCode(ctx, "i="+code, RedeemPage)
	if err != nil {
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后刷新", err)
	}
	return img, nil
}

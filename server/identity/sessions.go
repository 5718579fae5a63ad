package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/wechat"
)

// SignedIn is the answer of a sign-in.
type SignedIn struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      UserCard  `json:"user"`
}

// UserCard is the user part of a sign-in answer.
type UserCard struct {
	ID    int64    `json:"id"`
	Roles []string `json:"roles"`
}

var (
	errNoToken         = apperr.Unauthorized("unauthorized", "请先登录")
	errBadToken        = apperr.Unauthorized("token_invalid", "登录已失效，请重新登录")
	errWeChatOff       = apperr.New(apperr.KindUnavailable, "wechat_not_configured", "微信登录未配置")
	errDevLoginOff     = apperr.NotFound("not_found", "请求的地址不存在")
	errWeChatRateLimit = &apperr.Error{Kind: apperr.KindRateLimited, Code: "wechat_rate_limited", Message: "请求过于频繁，请稍后再试", RetryAfter: 10 * time.Second}
)

// SignInWeChat exchanges a wx.login code for a session. The session key
// WeChat returns is not kept: liaison decrypts nothing on the client's
// behalf (phone numbers come through getuserphonenumber codes).
func (s *Service) SignInWeChat(ctx context.Context, code string) (*SignedIn, error) {
	if code == "" || len(code) > 128 {
		return nil, apperr.Invalid(map[string]string{"code": "缺少登录凭证"})
	}
	if s.WeChat == nil {
		return nil, errWeChatOff
	}
	sess, err := s.WeChat.Code2Session(ctx, code)
	switch {
	case wechat.IsInvalidCode(err):
		if err := s.auditSignInFailed(ctx, "微信登录凭证无效或已使用"); err != nil {
			return nil, err
		}
		return nil, &apperr.Error{Kind: apperr.KindInvalid, Code: "wechat_code_invalid", Message: "登录凭证无效或已使用，请重新登录",
			Fields: map[string]string{"code": "登录凭证无效或已使用"}, Err: err}
	case wechat.IsRateLimited(err):
		e := *errWeChatRateLimit
		e.Err = err
		return nil, &e
	case err != nil:
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后再试", err)
	}
	if sess.OpenID == "" {
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后再试", errors.New("code2session answered no openid"))
	}
	return s.signIn(ctx, sess.OpenID, sess.UnionID)
}

var devOpenID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// SignInDev signs in as openid without WeChat, when dev_login is on.
func (s *Service) SignInDev(ctx context.Context, openid string) (*SignedIn, error) {
	if !s.DevLogin {
		return nil, errDevLoginOff
	}
	if !devOpenID.MatchString(openid) {
		return nil, apperr.Invalid(map[string]string{"openid": "openid 须为 1–64 位字母、数字、- 或 _"})
	}
	return s.signIn(ctx, s.devOpenID(ctx, openid), "")
}

// DevOpenIDs is what a WeChat stand-in offers that resolves a wx.login code
// to an openid without WeChat (dev mode's): the development sign-in then
// signs in as the same user as a wx.login code of the same value.
type DevOpenIDs interface {
	DevOpenID(code string) string
}

// devOpenID is the openid the development sign-in of name signs in as: the
// one a wx.login code of that value gives under dev mode's stand-in, else
// name itself.
func (s *Service) devOpenID(_ context.Context, name string) string {
	if d, ok := s.WeChat.(DevOpenIDs); ok {
		return d.DevOpenID(name)
	}
	return name
}

// upsertUser makes the user of openid, or notes their sign-in, and answers
// their id. One statement, so that two first sign-ins of one openid make one user.
func upsertUser(ctx context.Context, tx *sqlx.Tx, openid, unionid string, now time.Time) (int64, error) {
	var union any
	if unionid != "" {
		union = unionid
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (openid, unionid, created_at, last_login_at) VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE last_login_at = VALUES(last_login_at), unionid = COALESCE(VALUES(unionid), unionid)`,
		openid, union, now, now); err != nil {
		return 0, fmt.Errorf("identity: upsert user: %w", err)
	}
	var userID int64
	if err := tx.GetContext(ctx, &userID, `SELECT id FROM users WHERE openid = ?`, openid); err != nil {
		return 0, fmt.Errorf("identity: user id: %w", err)
	}
	return userID, nil
}

func (s *Service) signIn(ctx context.Context, openid, unionid string) (*SignedIn, error) {
	now := s.Clock.Now()
	token, hash, err := newSecret()
	if err != nil {
		return nil, apperr.Internal(err)
	}
	var userID int64
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if userID, err = upsertUser(ctx, tx, openid, unionid, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, userID, now, now.Add(s.SessionTTL))
		if err != nil {
			return fmt.Errorf("identity: create session: %w", err)
		}
		return auditSignIn(ctx, tx, userID)
	})
	if err != nil {
		return nil, err
	}
	grants, err := s.grants(ctx, s.DB, userID)
	if err != nil {
		return nil, err
	}
	return &SignedIn{Token: token, ExpiresAt: now.Add(s.SessionTTL).In(clock.Shanghai), User: UserCard{ID: userID, Roles: roleNames(grants)}}, nil
}

// Authenticate finds the caller of a bearer token. An unknown, expired or
// revoked token is a 401.
func (s *Service) Authenticate(ctx context.Context, token string) (*access.Principal, error) {
	if token == "" {
		return nil, errNoToken
	}
	var row struct {
		UserID    int64         `db:"user_id"`
		DeputyID  sql.NullInt64 `db:"deputy_id"`
		ExpiresAt time.Time     `db:"expires_at"`
		RevokedAt sql.NullTime  `db:"revoked_at"`
	}
	err := s.DB.GetContext(ctx, &row, `SELECT s.user_id, u.deputy_id, s.expires_at, s.revoked_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.kind = ?`, hashSecret(token), sessionKindAPI)
	if store.IsNoRows(err) {
		return nil, errBadToken
	}
	if err != nil {
		return nil, fmt.Errorf("identity: session: %w", err)
	}
	if row.RevokedAt.Valid || !s.Clock.Now().Before(row.ExpiresAt) {
		return nil, errBadToken
	}
	grants, err := s.grants(ctx, s.DB, row.UserID)
	if err != nil {
		return nil, err
	}
	return &access.Principal{UserID: row.UserID, DeputyID: row.DeputyID.Int64, Grants: grants}, nil
}

// SignOut revokes the session of token.
func (s *Service) SignOut(ctx context.Context, token string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`, s.Clock.Now(), hashSecret(token))
	if err != nil {
		return fmt.Errorf("identity: sign out: %w", err)
	}
	return nil
}

// newSecret makes a random opaque secret and the hash that is stored of it.
func newSecret() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	t := base64.RawURLEncoding.EncodeToString(b)
	return t, hashSecret(t), nil
}

func hashSecret(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// ShortSession opens a further session of the caller's user that ends after
// ttl: for a browser page (the queue dashboard) whose cookie must not carry
// the long-lived token of the mini program. Revoking the user ends it too.
func (s *Service) ShortSession(ctx context.Context, p *access.Principal, ttl time.Duration) (string, error) {
	if p == nil || p.UserID == 0 {
		return "", errNoToken
	}
	token, hash, err := newSecret()
	if err != nil {
		return "", apperr.Internal(err)
	}
	now := s.Clock.Now()
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, p.UserID, now, now.Add(ttl)); err != nil {
		return "", fmt.Errorf("identity: short session: %w", err)
	}
	return token, nil
}

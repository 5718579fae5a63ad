package identity

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// The console (管理后台) is signed in to without a password: the browser asks
// for a login request, shows its mini program code, and a staff member who
// scans it with WeChat approves it in the mini program. Only the browser that
// asked — the one holding the request's secret in its cookie — then receives
// the session, once. A console session ends after ConsoleIdle without use, and
// ConsoleMaxAge after it began, whichever comes first; revoking the user ends
// it like every other session.

// ConsoleLoginPage is the mini program page a console login code opens.
const ConsoleLoginPage = "pages/console-login/index"

// ConsoleLoginTTL is how long a login request may be approved.
const ConsoleLoginTTL = 2 * time.Minute

// Console login statuses.
const (
	ConsoleLoginPending  = "pending"
	ConsoleLoginApproved = "approved"
	ConsoleLoginExpired  = "expired"
)

const (
	sessionKindAPI     = "api"
	sessionKindConsole = "console"
)

var (
	errConsoleLoginNotFound = apperr.NotFound("console_login_not_found", "登录请求不存在")
	errConsoleLoginExpired  = apperr.Conflict("console_login_expired", "登录请求已过期，请在电脑上刷新页面重新扫码")
	errConsoleLoginUsed     = apperr.Conflict("console_login_used", "该登录请求已确认过")
	errConsoleSignedOut     = apperr.Unauthorized("console_signed_out", "登录已失效，请重新扫码登录")
	errNoCodes              = apperr.Unavailable("wechat_not_configured", "微信未配置，无法生成登录码", nil)
)

// ConsoleLoginStart is what the browser keeps of the request it asked for:
// the id (public: it is in the code) and the secret (its cookie only).
type ConsoleLoginStart struct {
	ID        string
	Secret    string
	ExpiresAt time.Time
}

// ConsoleLogin is a login request as the approving staff member sees it:
// when and from where the sign-in was asked.
type ConsoleLogin struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	ClientIP  string    `json:"client_ip"`
	Browser   string    `json:"browser"`
}

// ConsoleClaim is what a polling browser learns: the status and, once, the
// session token of the approved sign-in.
type ConsoleClaim struct {
	Status    string
	Token     string
	ExpiresAt time.Time
}

type consoleLoginRow struct {
	ID         string        `db:"id"`
	SecretHash []byte        `db:"secret_hash"`
	ClientIP   string        `db:"client_ip"`
	UserAgent  string        `db:"user_agent"`
	CreatedAt  time.Time     `db:"created_at"`
	ExpiresAt  time.Time     `db:"expires_at"`
	ApprovedBy sql.NullInt64 `db:"approved_by"`
	ApprovedAt sql.NullTime  `db:"approved_at"`
	ClaimedAt  sql.NullTime  `db:"claimed_at"`
}

func (r *consoleLoginRow) status(now time.Time) string {
	switch {
	case r.ApprovedAt.Valid:
		return ConsoleLoginApproved
	case !now.Before(r.ExpiresAt):
		return ConsoleLoginExpired
	}
	return ConsoleLoginPending
}

// claimable: an approved request's session may be collected for as long as
// the request could have been approved, counted from the approval, so that an
// approval in the last second still reaches the browser at its next poll.
func (r *consoleLoginRow) claimable(now time.Time) bool {
	return r.ApprovedAt.Valid && !r.ClaimedAt.Valid && now.Before(r.ApprovedAt.Time.Add(ConsoleLoginTTL))
}

const consoleLoginColumns = `id, secret_hash, client_ip, user_agent, created_at, expires_at, approved_by, approved_at, claimed_at`

// consoleLoginID is 22 characters of base64url: with "l=" the scene is 24 of
// the 32 characters wxacode.getUnlimited allows.
var consoleLoginID = regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)

// StartConsoleLogin makes a login request for a browser at clientIP.
func (s *Service) StartConsoleLogin(ctx context.Context, clientIP, userAgent string) (*ConsoleLoginStart, error) {
	idBytes := make([]byte, 16)
	if _, err := rand.Read(idBytes); err != nil {
		return nil, apperr.Internal(err)
	}
	id := base64.RawURLEncoding.EncodeToString(idBytes)
	secret, hash, err := newSecret()
	if err != nil {
		return nil, apperr.Internal(err)
	}
	now := s.Clock.Now()
	expires := now.Add(ConsoleLoginTTL)
	_, err = s.DB.ExecContext(ctx, `INSERT INTO console_logins (id, secret_hash, client_ip, user_agent, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, hash, truncate(clientIP, 64), truncate(userAgent, 300), now, expires)
	if err != nil {
		return nil, fmt.Errorf("identity: console login: %w", err)
	}
	return &ConsoleLoginStart{ID: id, Secret: secret, ExpiresAt: expires.In(clock.Shanghai)}, nil
}

func (s *Service) consoleLogin(ctx context.Context, q store.Queryer, id, lock string) (*consoleLoginRow, error) {
	if !consoleLoginID.MatchString(id) {
		return nil, errConsoleLoginNotFound
	}
	var row consoleLoginRow
	err := sqlx.GetContext(ctx, q, &row, `SELECT `+consoleLoginColumns+` FROM console_logins WHERE id = ?`+lock, id)
	if store.IsNoRows(err) {
		return nil, errConsoleLoginNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("identity: console login: %w", err)
	}
	return &row, nil
}

// ConsoleLoginFor is the request of id for the browser holding secret; any
// other browser is told it does not exist.
func (s *Service) ConsoleLoginFor(ctx context.Context, id, secret string) (*ConsoleLogin, error) {
	row, err := s.consoleLogin(ctx, s.DB, id, "")
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare(row.SecretHash, hashSecret(secret)) != 1 {
		return nil, errConsoleLoginNotFound
	}
	return row.view(s.Clock.Now()), nil
}

func (r *consoleLoginRow) view(now time.Time) *ConsoleLogin {
	return &ConsoleLogin{ID: r.ID, Status: r.status(now), CreatedAt: r.CreatedAt.In(clock.Shanghai), ExpiresAt: r.ExpiresAt.In(clock.Shanghai),
		ClientIP: r.ClientIP, Browser: DescribeBrowser(r.UserAgent)}
}

// ConsoleLogin shows a staff member who scanned a login code when and from
// where it was asked, before they approve it.
func (s *Service) ConsoleLogin(ctx context.Context, p *access.Principal, id string) (*ConsoleLogin, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	row, err := s.consoleLogin(ctx, s.DB, id, "")
	if err != nil {
		return nil, err
	}
	return row.view(s.Clock.Now()), nil
}

// ApproveConsoleLogin signs the browser that asked for id in as the caller.
// A request is approved once, within ConsoleLoginTTL of being asked.
func (s *Service) ApproveConsoleLogin(ctx context.Context, p *access.Principal, id string) (*ConsoleLogin, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var out *ConsoleLogin
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		row, err := s.consoleLogin(ctx, tx, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		switch row.status(now) {
		case ConsoleLoginApproved:
			return errConsoleLoginUsed
		case ConsoleLoginExpired:
			return errConsoleLoginExpired
		}
		if _, err := tx.ExecContext(ctx, `UPDATE console_logins SET approved_by = ?, approved_at = ? WHERE id = ?`, p.UserID, now, id); err != nil {
			return fmt.Errorf("identity: approve console login: %w", err)
		}
		row.ApprovedAt = sql.NullTime{Time: now, Valid: true}
		out = row.view(now)
		return nil
	})
	return out, err
}

// ClaimConsoleLogin answers a polling browser: pending, expired, or — the
// first time it asks after the approval — approved with a new console
// session. A browser without the request's secret learns nothing.
func (s *Service) ClaimConsoleLogin(ctx context.Context, id, secret string) (*ConsoleClaim, error) {
	now := s.Clock.Now()
	var out *ConsoleClaim
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		row, err := s.consoleLogin(ctx, tx, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare(row.SecretHash, hashSecret(secret)) != 1 {
			return errConsoleLoginNotFound
		}
		status := row.status(now)
		if status != ConsoleLoginApproved {
			out = &ConsoleClaim{Status: status}
			return nil
		}
		if !row.claimable(now) {
			out = &ConsoleClaim{Status: ConsoleLoginExpired}
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE console_logins SET claimed_at = ? WHERE id = ?`, now, id); err != nil {
			return fmt.Errorf("identity: claim console login: %w", err)
		}
		token, expires, err := s.openConsoleSession(ctx, tx, row.ApprovedBy.Int64, now)
		if err != nil {
			return err
		}
		if err := auditConsoleSignIn(ctx, tx, row); err != nil {
			return err
		}
		out = &ConsoleClaim{Status: ConsoleLoginApproved, Token: token, ExpiresAt: expires}
		return nil
	})
	return out, err
}

func (s *Service) openConsoleSession(ctx context.Context, q sqlx.ExecerContext, userID int64, now time.Time) (string, time.Time, error) {
	token, hash, err := newSecret()
	if err != nil {
		return "", time.Time{}, apperr.Internal(err)
	}
	expires := now.Add(s.ConsoleMaxAge)
	if _, err := q.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, kind, idle_until) VALUES (?, ?, ?, ?, ?, ?)`,
		hash, userID, now, expires, sessionKindConsole, now.Add(s.ConsoleIdle)); err != nil {
		return "", time.Time{}, fmt.Errorf("identity: console session: %w", err)
	}
	return token, expires, nil
}

// SignInConsoleDev opens a console session for the user a wx.login code of
// openid signs in as (dev mode only, like SignInDev).
func (s *Service) SignInConsoleDev(ctx context.Context, openid string) (*ConsoleClaim, error) {
	if !s.DevLogin {
		return nil, errDevLoginOff
	}
	if !devOpenID.MatchString(openid) {
		return nil, apperr.Invalid(map[string]string{"openid": "openid 须为 1–64 位字母、数字、- 或 _"})
	}
	now := s.Clock.Now()
	var out *ConsoleClaim
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		userID, err := upsertUser(ctx, tx, s.devOpenID(ctx, openid), "", now)
		if err != nil {
			return err
		}
		token, expires, err := s.openConsoleSession(ctx, tx, userID, now)
		out = &ConsoleClaim{Status: ConsoleLoginApproved, Token: token, ExpiresAt: expires}
		return err
	})
	return out, err
}

// AuthenticateConsole finds the caller of a console session token and keeps
// the session alive: each use moves its idle end forward (written at most
// once a minute). A mini program token is not a console session.
func (s *Service) AuthenticateConsole(ctx context.Context, token string) (*access.Principal, error) {
	if token == "" {
		return nil, errConsoleSignedOut
	}
	var row struct {
		ID        int64         `db:"id"`
		UserID    int64         `db:"user_id"`
		DeputyID  sql.NullInt64 `db:"deputy_id"`
		ExpiresAt time.Time     `db:"expires_at"`
		IdleUntil sql.NullTime  `db:"idle_until"`
		RevokedAt sql.NullTime  `db:"revoked_at"`
	}
	err := s.DB.GetContext(ctx, &row, `SELECT s.id, s.user_id, u.deputy_id, s.expires_at, s.idle_until, s.revoked_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.kind = ?`, hashSecret(token), sessionKindConsole)
	if store.IsNoRows(err) {
		return nil, errConsoleSignedOut
	}
	if err != nil {
		return nil, fmt.Errorf("identity: console session: %w", err)
	}
	now := s.Clock.Now()
	if row.RevokedAt.Valid || !now.Before(row.ExpiresAt) || !row.IdleUntil.Valid || !now.Before(row.IdleUntil.Time) {
		return nil, errConsoleSignedOut
	}
	if next := now.Add(s.ConsoleIdle); next.Sub(row.IdleUntil.Time) >= time.Minute {
		if _, err := s.DB.ExecContext(ctx, `UPDATE sessions SET idle_until = ? WHERE id = ? AND revoked_at IS NULL`, next, row.ID); err != nil {
			return nil, fmt.Errorf("identity: console session: %w", err)
		}
	}
	grants, err := s.grants(ctx, s.DB, row.UserID)
	if err != nil {
		return nil, err
	}
	return &access.Principal{UserID: row.UserID, DeputyID: row.DeputyID.Int64, Grants: grants}, nil
}

// ConsoleLoginCode is the mini program code of a login request (scene
// l=<id>), for the browser that asked for it only.
func (s *Service) ConsoleLoginCode(ctx context.Context, id, secret string) ([]byte, error) {
	if _, err := s.ConsoleLoginFor(ctx, id, secret); err != nil {
		return nil, err
	}
	if s.Codes == nil {
		return nil, errNoCodes
	}
	img, err := s.Codes.UnlimitedQRCode(ctx, "l="+id, ConsoleLoginPage)
	if err != nil {
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后刷新", err)
	}
	return img, nil
}

// PurgeConsoleLogins deletes login requests a day old: they were approved
// and collected, or never will be.
func (s *Service) PurgeConsoleLogins(ctx context.Context) (int, error) {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM console_logins WHERE created_at < ?`, s.Clock.Now().Add(-24*time.Hour))
	if err != nil {
		return 0, fmt.Errorf("identity: purge console logins: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

var (
	uaBrowsers = []struct{ name, re string }{
		{"微信", `MicroMessenger/([0-9]+)`}, {"Edge", `Edg/([0-9]+)`}, {"360", `QIHU 360|360SE|360EE`},
		{"QQ浏览器", `QQBrowser/([0-9]+)`}, {"Firefox", `Firefox/([0-9]+)`}, {"Chrome", `Chrome/([0-9]+)`}, {"Safari", `Version/([0-9]+).*Safari/`},
	}
	uaSystems = []struct{ name, re string }{
		{"Windows", `Windows NT`}, {"macOS", `Mac OS X`}, {"Android", `Android`}, {"iOS", `iPhone|iPad`}, {"统信UOS", `UOS`}, {"Linux", `Linux`},
	}
	uaCompiled = map[string]*regexp.Regexp{}
)

func init() {
	for _, b := range uaBrowsers {
		uaCompiled[b.re] = regexp.MustCompile(b.re)
	}
	for _, o := range uaSystems {
		uaCompiled[o.re] = regexp.MustCompile(o.re)
	}
}

// DescribeBrowser names a User-Agent's browser and system in a few words
// ("Chrome 131 · Windows") for a person deciding whether a sign-in is theirs.
func DescribeBrowser(ua string) string {
	browser, system := "", ""
	for _, b := range uaBrowsers {
		if m := uaCompiled[b.re].FindStringSubmatch(ua); m != nil {
			browser = b.name
			if len(m) > 1 && m[1] != "" {
				browser += " " + m[1]
			}
			break
		}
	}
	for _, o := range uaSystems {
		if uaCompiled[o.re].MatchString(ua) {
			system = o.name
			break
		}
	}
	switch {
	case browser == "" && system == "":
		return "未知浏览器"
	case browser == "":
		return system
	case system == "":
		return browser
	}
	return browser + " · " + system
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

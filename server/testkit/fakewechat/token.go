package fakewechat

import (
	"crypto/rand"
	"net/http"
)

// tokenState holds the access tokens the fake has issued.
type tokenState struct {
	valid  map[string]bool
	stable string // the current stable_token, "" when none is valid
	issued int
}

func (ts *tokenState) init() { ts.valid = map[string]bool{} }

// TokensIssued reports how many access tokens the fake has issued, through
// /cgi-bin/token and /cgi-bin/stable_token together.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// ExpireTokens invalidates every token issued so far: calls that present one
// answer 40001, and the next stable_token call issues a new token.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.valid)
	s.stable = ""
}

func (s *Server) validToken(tok string) bool { return s.valid[tok] }

func (s *Server) issueToken() string {
	s.issued++
	tok := "fake_at_" + rand.Text()
	s.valid[tok] = true
	return tok
}

type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// checkApp answers as WeChat does to a wrong or missing appid or secret.
func (s *Server) checkApp(appID, secret string) *apiError {
	var e apiError
	switch {
	case appID == "":
		e = s.fail(41002, "appid missing")
	case appID != s.appID:
		e = s.fail(40013, "invalid appid")
	case secret == "":
		e = s.fail(41004, "appsecret missing")
	case secret != s.secret:
		e = s.fail(40125, "invalid appsecret")
	default:
		return nil
	}
	return &e
}

// token is GET /cgi-bin/token: every call issues a new token (earlier ones
// stay valid, as WeChat keeps them for a grace period).
func (s *Server) token(r *http.Request) any {
	q := r.URL.Query()
	if q.Get("grant_type") != "client_credential" {
		return s.fail(40002, "invalid grant_type")
	}
	if e := s.checkApp(q.Get("appid"), q.Get("secret")); e != nil {
		return e
	}
	return tokenAnswer{AccessToken: s.issueToken(), ExpiresIn: tokenExpiresInSecs}
}

// stableToken is POST /cgi-bin/stable_token: the current token while it is
// valid, a new one when forced or when none is valid.
func (s *Server) stableToken(r *http.Request) any {
	var in struct {
		GrantType    string `json:"grant_type"`
		AppID        string `json:"appid"`
		Secret       string `json:"secret"`
		ForceRefresh bool   `json:"force_refresh"`
	}
	if !decodeBody(r, &in) {
		return s.fail(47001, "data format error")
	}
	if in.GrantType != "client_credential" {
		return s.fail(40002, "invalid grant_type")
	}
	if e := s.checkApp(in.AppID, in.Secret); e != nil {
		return e
	}
	if in.ForceRefresh || s.stable == "" {
		s.stable = s.issueToken()
	}
	return tokenAnswer{AccessToken: s.stable, ExpiresIn: tokenExpiresInSecs}
}

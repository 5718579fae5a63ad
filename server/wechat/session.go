package wechat

import (
	"fmt"
	"log/slog"
)

// Session is a signed-in mini program user. Its session key stays
// unexported: it is left out of every fmt verb, slog and encoding/json.
type Session struct {
	OpenID     string
	UnionID    string // empty unless the mini program is bound to an open platform account
	sessionKey string
}

// SessionKey is WeChat's session_key, needed only to check or decrypt data
// signed by wx APIs. Never log it, store it in clear or send it to a client.
func (s Session) SessionKey() string { return s.sessionKey }

// String omits the session key.
func (s Session) String() string {
	return fmt.Sprintf("{OpenID:%s UnionID:%s}", s.OpenID, s.UnionID)
}

// Format prints String for every verb, and a Go literal without the
// session key for %#v, so that no verb reaches the unexported field.
func (s Session) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprintf(f, "wechat.Session{OpenID:%q, UnionID:%q}", s.OpenID, s.UnionID)
		return
	}
	fmt.Fprint(f, s.String())
}

// LogValue implements slog.LogValuer, without the session key.
func (s Session) LogValue() slog.Value {
	return slog.GroupValue(slog.String("openid", s.OpenID), slog.String("unionid", s.UnionID))
}

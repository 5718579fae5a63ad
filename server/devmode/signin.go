package devmode

import (
	"context"
	"regexp"
	"sync"

	"github.com/liaison-stations/liaison/server/wechat"
)

// DevToolsOpenID is the WeChat user every real wx.login code signs in as:
// WeChat DevTools (and a phone in preview) gives codes of 32 letters and
// digits that only WeChat could resolve, and one stable user is what a
// developer clicking through the mini program wants.
const DevToolsOpenID = "devtools"

// realCode is the shape of a code WeChat's wx.login gives.
var realCode = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)

// localWeChat answers code2session and getuserphonenumber in place of
// WeChat when dev mode has no WeChat credentials, so that the mini program
// signs in against liaison-dev by its normal code path
// (wx.login → POST /api/v1/auth/wechat). A code "dev-NAME" signs in as the
// user whose openid is "dev-NAME": tests use it to be several people; so
// does any code that is not shaped like WeChat's (a name of the
// development sign-in). Codes are not single-use here. app.WithLocalSignIn refuses it in production.
type localWeChat struct {
	mu sync.Mutex
	// phone is the number a getPhoneNumber code that names none gives: the
	// demo convenor's, so that "bind my phone" in DevTools makes a deputy.
	phone string
}

var devPhoneCode = regexp.MustCompile(`^dev-(1[3-9][0-9]{9})$`)

// Code2Session implements identity.WeChat.
func (l *localWeChat) Code2Session(_ context.Context, code string) (wechat.Session, error) {
	if realCode.MatchString(code) {
		return wechat.Session{OpenID: DevToolsOpenID}, nil
	}
	return wechat.Session{OpenID: code}, nil
}

// DevOpenID implements identity.DevOpenIDs: the development sign-in of name
// (POST /api/v1/auth/dev, the console's) is the user a wx.login code of name is.
func (l *localWeChat) DevOpenID(name string) string {
	s, _ := l.Code2Session(context.Background(), name)
	return s.OpenID
}

// PhoneNumber implements identity.WeChat: "dev-13800138001" gives that
// number, any other code the demo convenor's.
func (l *localWeChat) PhoneNumber(_ context.Context, code string) (string, error) {
	if m := devPhoneCode.FindStringSubmatch(code); m != nil {
		return m[1], nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.phone == "" {
		return "13800138000", nil // no demo (--no-seed): a number nobody is registered with
	}
	return l.phone, nil
}

func (l *localWeChat) setPhone(p string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.phone = p
}

// Package wechat is liaison's adapter over silenceper/wechat for the mini
// program: sign-in (jscode2session), phone numbers, and mini program codes.
//
// The access token is WeChat's stable token, kept in Redis so that every
// process shares one; a call refused for its token (40001, 42001) is retried
// once with a fresh one. Errors never carry the app secret, a session key,
// a login code or an access token.
//
// silenceper hard-codes https://api.weixin.qq.com, so New installs an HTTP
// client into silenceper that sends those requests to Config.APIBase. That
// client is process-wide: one process talks to one WeChat origin, the one
// given to the latest New.
package wechat

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/redis/go-redis/v9"
	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/miniprogram"
	"github.com/silenceper/wechat/v2/miniprogram/business"
	mpconfig "github.com/silenceper/wechat/v2/miniprogram/config"
	"github.com/silenceper/wechat/v2/miniprogram/qrcode"
)

// Config identifies the mini program and where its API is.
type Config struct {
	AppID  string
	Secret string
	// APIBase is the origin every WeChat call goes to: DefaultAPIBase when
	// empty, a fake's URL in tests (LIAISON_WECHAT_API_BASE).
	APIBase string
}

// Client calls WeChat for one mini program. It is safe for concurrent use.
type Client struct {
	mp     *miniprogram.MiniProgram
	secret string
	tokens *tokens
}

// New builds a Client whose access token is shared, through rdb under
// keyPrefix, with every Client of the same AppID and prefix.
func New(cfg Config, rdb redis.UniversalClient, keyPrefix string) (*Client, error) {
	if cfg.AppID == "" || cfg.Secret == "" {
		return nil, errors.New("wechat: AppID and Secret are required")
	}
	if rdb == nil {
		return nil, errors.New("wechat: a Redis client is required for the shared access token")
	}
	if err := setAPIBase(cfg.APIBase); err != nil {
		return nil, err
	}
	rc := &redisCache{rdb: rdb, prefix: keyPrefix}
	mp := miniprogram.NewMiniProgram(&mpconfig.Config{
		AppID:       cfg.AppID,
		AppSecret:   cfg.Secret,
		Cache:       rc,
		UseStableAK: true,
	})
	stable, ok := mp.GetContext().AccessTokenContextHandle.(*credential.StableAccessToken)
	if !ok {
		return nil, errors.New("wechat: silenceper did not build a stable access token handle")
	}
	return &Client{mp: mp, secret: cfg.Secret, tokens: newTokens(stable, rc, cfg.AppID)}, nil
}

// Code2Session exchanges a wx.login code for the user's identity.
// A refused code is an error for which IsInvalidCode is true.
func (c *Client) Code2Session(ctx context.Context, code string) (Session, error) {
	// silenceper puts the code into the URL unescaped; the code comes from the client.
	res, err := c.mp.GetAuth().Code2SessionContext(ctx, url.QueryEscape(code))
	if err != nil {
		return Session{}, convertError("jscode2session", c.secret, err)
	}
	if res.OpenID == "" {
		return Session{}, errors.New("wechat jscode2session: answer without openid")
	}
	return Session{OpenID: res.OpenID, UnionID: res.UnionID, sessionKey: res.SessionKey}, nil
}

// PhoneNumber exchanges a getPhoneNumber button code for the user's number
// without country code (11 digits for a mainland number).
// A refused code is an error for which IsInvalidCode is true.
func (c *Client) PhoneNumber(ctx context.Context, code string) (string, error) {
	var info business.PhoneInfo
	err := c.withToken(ctx, "getuserphonenumber", func() (err error) {
		info, err = c.mp.GetBusiness().GetPhoneNumberWithContext(ctx, &business.GetPhoneNumberRequest{Code: code})
		return err
	})
	if err != nil {
		return "", err
	}
	if info.PurePhoneNumber == "" {
		return "", errors.New("wechat getuserphonenumber: answer without purePhoneNumber")
	}
	return info.PurePhoneNumber, nil
}

// UnlimitedQRCode returns the image of a mini program code opening page
// (the home page when empty) with scene (at most 32 characters). When WeChat
// refuses, the error wraps *Error.
//
// silenceper makes this call without a context: ctx is checked before it
// starts, and the HTTP client's timeout bounds it.
func (c *Client) UnlimitedQRCode(ctx context.Context, scene, page string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("wechat getwxacodeunlimit: %w", err)
	}
	var img []byte
	err := c.withToken(ctx, "getwxacodeunlimit", func() (err error) {
		img, err = c.mp.GetQRCode().GetWXACodeUnlimit(qrcode.QRCoder{Scene: scene, Page: page})
		return err
	})
	if err != nil {
		return nil, err
	}
	return img, nil
}

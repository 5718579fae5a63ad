package wechat

import (
	"context"
	"fmt"

	"github.com/silenceper/wechat/v2/miniprogram/security"
)

// Verdicts of content security (result.suggest of msg_sec_check v2).
const (
	SuggestPass   = "pass"
	SuggestReview = "review"
	SuggestRisky  = "risky"
)

// CheckText asks WeChat's content security (msg_sec_check, version 2, scene
// "comment") about a text written by openid, who must have used the mini
// program within the last two hours. It answers pass, review or risky; an
// error means WeChat could not judge (unreachable, quota, bad token …).
func (c *Client) CheckText(ctx context.Context, openid, text string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("wechat msg_sec_check: %w", err)
	}
	var res security.MsgCheckResponse
	err := c.withToken(ctx, "msg_sec_check", func() (err error) {
		res, err = c.mp.GetSecurity().MsgCheckContext(ctx, &security.MsgCheckRequest{OpenID: openid, Scene: security.MsgSceneComment, Content: text})
		return err
	})
	if err != nil {
		return "", err
	}
	switch s := string(res.Result.Suggest); s {
	case SuggestPass, SuggestReview, SuggestRisky:
		return s, nil
	default:
		return "", fmt.Errorf("wechat msg_sec_check: unknown suggest %q", s)
	}
}

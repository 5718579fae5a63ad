package wechat

import (
	"context"
	"fmt"

	"github.com/silenceper/wechat/v2/miniprogram/subscribe"
)

// WeChat error codes of subscribeMessage.send.
const (
	codeRefused         = 43101 // the user has not granted (or has used up) this template
	codeInvalidTemplate = 40037 // template id invalid
	codeTemplateData    = 47003 // template data does not match the template's field rules
	codeInvalidOpenID   = 40003
)

// SubscribeMessage is one subscribe message (subscribeMessage.send).
type SubscribeMessage struct {
	ToUser     string            // openid
	TemplateID string            // from the mini program's template library
	Page       string            // page opened from the card, e.g. pages/message/index?id=42
	Data       map[string]string // field name (thing1, time2 …) → value, already within the field's limits
	// State is developer, trial or formal (the default).
	State string
}

// SendSubscribe sends a subscribe message. WeChat takes no idempotency key:
// the caller must make sure it calls this at most once per notice.
// A user without a grant gives an error for which IsRefused is true.
func (c *Client) SendSubscribe(ctx context.Context, m SubscribeMessage) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("wechat subscribe send: %w", err)
	}
	data := make(map[string]*subscribe.DataItem, len(m.Data))
	for k, v := range m.Data {
		data[k] = &subscribe.DataItem{Value: v}
	}
	msg := &subscribe.Message{ToUser: m.ToUser, TemplateID: m.TemplateID, Page: m.Page, Data: data, MiniprogramState: m.State, Lang: "zh_CN"}
	return c.withToken(ctx, "subscribe send", func() error {
		return c.mp.GetSubscribe().Send(msg)
	})
}

// IsRefused reports whether WeChat refused a subscribe message because the
// user has no grant for its template (43101). Nothing was delivered.
func IsRefused(err error) bool { return hasCode(err, codeRefused) }

// IsPermanent reports whether WeChat refused a message for a reason that a
// retry cannot mend: no grant, a bad template id or data, an unknown openid.
func IsPermanent(err error) bool {
	return hasCode(err, codeRefused, codeInvalidTemplate, codeTemplateData, codeInvalidOpenID)
}

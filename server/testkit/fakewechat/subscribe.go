package fakewechat

import "net/http"

// subscribeState records subscribe messages and the users who refuse them.
type subscribeState struct {
	sent    []SubscribeMessage
	refused map[string]bool
	msgID   int64
}

func (ss *subscribeState) init() { ss.refused = map[string]bool{} }

// SubscribeMessage is one message accepted by subscribe/send.
type SubscribeMessage struct {
	ToUser           string                       `json:"touser"`
	TemplateID       string                       `json:"template_id"`
	Page             string                       `json:"page"`
	MiniprogramState string                       `json:"miniprogram_state"`
	Lang             string                       `json:"lang"`
	Data             map[string]SubscribeDataItem `json:"data"`
	MsgID            int64                        `json:"-"`
}

// SubscribeDataItem is one template field.
type SubscribeDataItem struct {
	Value string `json:"value"`
}

// RefuseSubscribe makes subscribe/send to openID answer 43101 (user refused, or no grant left).
func (s *Server) RefuseSubscribe(openID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refused[openID] = true
}

// SentSubscribeMessages returns the subscribe messages accepted so far.
func (s *Server) SentSubscribeMessages() []SubscribeMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SubscribeMessage(nil), s.sent...)
}

// subscribeSend is POST /cgi-bin/message/subscribe/send.
func (s *Server) subscribeSend(r *http.Request) any {
	var in SubscribeMessage
	if !decodeBody(r, &in) {
		return s.fail(47001, "data format error")
	}
	switch {
	case in.ToUser == "":
		return s.fail(40003, "invalid openid")
	case in.TemplateID == "":
		return s.fail(40037, "invalid template_id")
	case len(in.Data) == 0:
		return s.fail(47003, "argument invalid! data is empty")
	case s.refused[in.ToUser]:
		return s.fail(43101, "user refuse to accept the msg")
	}
	s.msgID++
	in.MsgID = s.msgID
	s.sent = append(s.sent, in)
	return struct {
		apiError
		MsgID int64 `json:"msgid"`
	}{apiError{ErrMsg: "ok"}, in.MsgID}
}

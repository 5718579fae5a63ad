package fakewechat

import (
	"net/http"
	"strings"
)

// PathMsgSecCheck is content security for text (msg_sec_check, version 2).
const PathMsgSecCheck = "/wxa/msg_sec_check"

// securityState decides the verdicts of msg_sec_check.
type securityState struct {
	verdicts map[string]string // word in the content → suggest
	checked  []MsgSecCheck
	down     bool
}

func (ss *securityState) init() { ss.verdicts = map[string]string{} }

// MsgSecCheck is one request to msg_sec_check.
type MsgSecCheck struct {
	OpenID  string `json:"openid"`
	Scene   int    `json:"scene"`
	Version int    `json:"version"`
	Content string `json:"content"`
}

// SetVerdict makes msg_sec_check answer suggest ("pass", "review" or
// "risky") for any content containing word. Other content passes.
func (s *Server) SetVerdict(word, suggest string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.verdicts[word] = suggest
}

// SecurityDown makes msg_sec_check answer with HTTP 502, as when WeChat
// cannot be reached (or until called with false).
func (s *Server) SecurityDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Checked returns the msg_sec_check requests answered so far.
func (s *Server) Checked() []MsgSecCheck {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]MsgSecCheck(nil), s.checked...)
}

func (s *Server) msgSecCheck(r *http.Request) any {
	if s.down {
		return badGateway{}
	}
	var in MsgSecCheck
	if !decodeBody(r, &in) {
		return s.fail(47001, "data format error")
	}
	switch {
	case in.Version != 2:
		return s.fail(40097, "invalid args: version must be 2")
	case in.OpenID == "":
		return s.fail(40003, "invalid openid")
	case in.Scene < 1 || in.Scene > 4:
		return s.fail(40097, "invalid args: scene")
	}
	s.checked = append(s.checked, in)
	suggest, label := "pass", 100
	for word, v := range s.verdicts {
		if strings.Contains(in.Content, word) {
			suggest, label = v, 20001
		}
	}
	type result struct {
		Suggest string `json:"suggest"`
		Label   int    `json:"label"`
	}
	return struct {
		apiError
		TraceID string `json:"trace_id"`
		Result  result `json:"result"`
	}{apiError{ErrMsg: "ok"}, "trace-fake", result{suggest, label}}
}

// badGateway is a handler answer sent as HTTP 502 without a WeChat body.
type badGateway struct{}

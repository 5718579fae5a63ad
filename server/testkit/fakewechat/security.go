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

// msgSecCheck answers as WeChat's msgSecCheck (version 2) does, after its
// documentation (developers.weixin.qq.com, 小程序 › 服务端 API › 内容安全 ›
// msgSecCheck): POST /wxa/msg_sec_check?access_token=…, a JSON body with
// version 2, the openid of a user of the mini program (who must have used it
// within two hours), scene 1–4 (1 资料, 2 评论, 3 论坛, 4 社交日志) and the
// content; errcode 0 with result.suggest (pass, review or risky) and
// result.label (100 normal, 20001 时政 …; the fake flags every word with
// 20001); 40003 for a missing openid, 40097 for bad arguments, 47001 for a
// body that is not JSON. WeChat being unreachable is HTTP 502 (SecurityDown).
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

package fakesms

import (
	"encoding/json"
	"strings"

	"github.com/liaison-stations/liaison/server/clock"
)

// receipt is one element of Tencent's receipt callback body
// (短信下发状态通知, cloud.tencent.com/document/api/382/59178).
type receipt struct {
	UserReceiveTime string `json:"user_receive_time"`
	NationCode      string `json:"nationcode"`
	Mobile          string `json:"mobile"`
	ReportStatus    string `json:"report_status"`
	ErrMsg          string `json:"errmsg"`
	Description     string `json:"description"`
	Sid             string `json:"sid"`
	Ext             string `json:"ext,omitempty"`
}

// Receipt is the body Tencent would POST to the receipt callback for the
// message with serial number serial: delivered, received now.
func (s *Server) Receipt(serial string) []byte {
	return s.receiptBody(serial, "SUCCESS", "DELIVRD", "用户短信送达成功")
}

// FailedReceipt is the callback body for a message that did not arrive;
// errmsg is the carrier's code, such as "MK:0001" or "UNDELIV".
func (s *Server) FailedReceipt(serial, errmsg string) []byte {
	return s.receiptBody(serial, "FAIL", errmsg, "用户短信未送达")
}

// receiptBody builds the JSON array for serial. ext carries the
// SessionContext, as Tencent does where it is enabled for the account. An
// unknown serial gets a receipt all the same, without number or ext.
func (s *Server) receiptBody(serial, status, errmsg, description string) []byte {
	s.mu.Lock()
	r := receipt{
		UserReceiveTime: s.clock.Now().In(clock.Shanghai).Format("2006-01-02 15:04:05"),
		NationCode:      "86",
		ReportStatus:    status,
		ErrMsg:          errmsg,
		Description:     description,
		Sid:             serial,
	}
	if i, ok := s.bySerial[serial]; ok {
		m := s.sent[i]
		r.Mobile, r.Ext = strings.TrimPrefix(m.PhoneNumber, "+86"), m.SessionContext
	}
	s.mu.Unlock()
	body, err := json.Marshal([]receipt{r})
	if err != nil {
		panic(err)
	}
	return body
}

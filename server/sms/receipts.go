package sms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/clock"
)

// Receipt is Tencent's word on whether one message reached the phone
// (短信下发状态通知, cloud.tencent.com/document/api/382/59178).
type Receipt struct {
	SerialNo  string // sid: Result.SerialNo of the send
	Delivered bool   // report_status SUCCESS
	// At is when the phone received it (user_receive_time, given in
	// Beijing time), in UTC; zero when Tencent gave no readable time.
	At time.Time
	// ErrMsg is the carrier's status code: DELIVRD, or the failure's code.
	ErrMsg string
	// Description explains ErrMsg ("用户短信送达成功").
	Description string
	// SessionContext is ext, the Message.ID sent as SessionContext; Tencent
	// fills it only where they have enabled it for the account.
	SessionContext string
}

// receiptJSON is one element of the callback body. mobile and nationcode are
// left out on purpose: the serial number finds the row.
type receiptJSON struct {
	UserReceiveTime string          `json:"user_receive_time"`
	ReportStatus    string          `json:"report_status"`
	ErrMsg          string          `json:"errmsg"`
	Description     string          `json:"description"`
	Sid             string          `json:"sid"`
	Ext             json.RawMessage `json:"ext"`
}

// receiveTimeLayout is user_receive_time's format, "2015-10-17 08:03:04".
const receiveTimeLayout = "2006-01-02 15:04:05"

// ParseReceipts reads a receipt callback body: a JSON array of receipts (a
// single object is taken too). A body that is not such JSON gives (nil, err).
// Elements that cannot be understood — no sid, or a report_status other than
// SUCCESS or FAIL — are left out and described in err, while the others are
// returned: one bad element must not make Tencent's retries drop the batch.
func ParseReceipts(body []byte) ([]Receipt, error) {
	body = bytes.TrimSpace(body)
	var items []receiptJSON
	if len(body) > 0 && body[0] == '{' {
		var one receiptJSON
		if err := json.Unmarshal(body, &one); err != nil {
			return nil, fmt.Errorf("sms receipts: %w", err)
		}
		items = []receiptJSON{one}
	} else if err := json.Unmarshal(body, &items); err != nil {
		return nil, fmt.Errorf("sms receipts: %w", err)
	}
	out := make([]Receipt, 0, len(items))
	var bad []error
	for i, it := range items {
		r, err := it.receipt()
		if err != nil {
			bad = append(bad, fmt.Errorf("sms receipts: element %d: %w", i, err))
			continue
		}
		out = append(out, r)
	}
	return out, errors.Join(bad...)
}

func (it receiptJSON) receipt() (Receipt, error) {
	if strings.TrimSpace(it.Sid) == "" {
		return Receipt{}, errors.New("no sid")
	}
	r := Receipt{
		SerialNo:       it.Sid,
		ErrMsg:         it.ErrMsg,
		Description:    it.Description,
		SessionContext: extString(it.Ext),
	}
	switch strings.ToUpper(strings.TrimSpace(it.ReportStatus)) {
	case "SUCCESS":
		r.Delivered = true
	case "FAIL":
	default:
		return Receipt{}, fmt.Errorf("sid %s: report_status %q is neither SUCCESS nor FAIL", it.Sid, it.ReportStatus)
	}
	if at, err := time.ParseInLocation(receiveTimeLayout, strings.TrimSpace(it.UserReceiveTime), clock.Shanghai); err == nil {
		r.At = at.UTC()
	}
	return r, nil
}

// extString reads ext, documented as a string; anything else is kept as its
// JSON text.
func extString(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

package sms_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/sms"
)

func TestLogWritesWhatWouldBeSentWithTheNumberMasked(t *testing.T) {
	var out bytes.Buffer
	s := sms.NewLog(slog.New(slog.NewJSONHandler(&out, nil)))

	res, err := s.Send(t.Context(), sms.Message{ID: 42, Phone: "13800138000", TemplateID: "1001",
		Params: []string{"张三", "联系人 13912345678"}})
	require.NoError(t, err)
	assert.Equal(t, "log:42", res.SerialNo)

	line := out.String()
	assert.NotContains(t, line, "13800138000", "never the full number")
	assert.NotContains(t, line, "13912345678", "not even inside a parameter")
	var rec struct {
		Notification int64    `json:"notification"`
		Phone        string   `json:"phone"`
		Template     string   `json:"template"`
		Params       []string `json:"params"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &rec), line)
	assert.Equal(t, int64(42), rec.Notification)
	assert.Equal(t, "138****8000", rec.Phone)
	assert.Equal(t, "1001", rec.Template)
	assert.Equal(t, []string{"张三", "联系人 139****5678"}, rec.Params)
	assert.Equal(t, 1, bytes.Count(out.Bytes(), []byte("\n")), "one line per message")
}

func TestLogRefusesWhatTencentWouldNotTake(t *testing.T) {
	var out bytes.Buffer
	s := sms.NewLog(slog.New(slog.NewJSONHandler(&out, nil)))
	_, err := s.Send(t.Context(), sms.Message{ID: 1, Phone: "138-0013-8000", TemplateID: "1001"})
	assert.Equal(t, sms.Permanent, sms.Classify(err))
	assert.Empty(t, out.String())
}

var _ sms.Sender = (*sms.Log)(nil)
var _ sms.Sender = (*sms.Tencent)(nil)

package sms

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/liaison-stations/liaison/server/pii"
)

// Log is the development channel: it writes what would have been sent to the
// log and sends nothing. The phone is masked (138****8000), and so is any
// mobile number inside the parameters.
type Log struct{ l *slog.Logger }

// NewLog writes to l, or to slog.Default() when l is nil.
func NewLog(l *slog.Logger) *Log {
	if l == nil {
		l = slog.Default()
	}
	return &Log{l: l}
}

// Send logs m. It refuses what Tencent's adapter refuses before sending, so
// that development meets the same errors; its serial number is "log:<id>".
func (s *Log) Send(ctx context.Context, m Message) (Result, error) {
	if err := m.check(); err != nil {
		return Result{}, err
	}
	params := make([]string, len(m.Params))
	for i, p := range m.Params {
		params[i] = maskPhones(p)
	}
	s.l.InfoContext(ctx, "sms (log channel, not sent)",
		slog.Int64("notification", m.ID),
		slog.String("phone", pii.MaskPhone(m.Phone)),
		slog.String("template", m.TemplateID),
		slog.Any("params", params),
	)
	return Result{SerialNo: "log:" + strconv.FormatInt(m.ID, 10)}, nil
}

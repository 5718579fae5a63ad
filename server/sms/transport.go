package sms

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// call records, for one Send, what the SDK does not report: whether the
// request left in full (after which a lost answer is ambiguous) and the
// HTTP status of the answer (the SDK turns a 502 with an HTML body into a
// JSON parse error).
type call struct {
	wrote  atomic.Bool
	status atomic.Int32
}

type callKey struct{}

// withCall attaches c to ctx: the transport fills in the status, and an
// httptrace hook notes when the request has been written in full.
func withCall(ctx context.Context, c *call) context.Context {
	ctx = context.WithValue(ctx, callKey{}, c)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				c.wrote.Store(true)
			}
		},
	})
}

// recorder is the SDK's HTTP transport: it notes the answer's status in the
// request's call.
type recorder struct{ next http.RoundTripper }

// RoundTrip implements http.RoundTripper.
func (rt recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := rt.next.RoundTrip(req)
	if c, ok := req.Context().Value(callKey{}).(*call); ok && res != nil {
		c.status.Store(int32(res.StatusCode))
	}
	return res, err
}

// newTransport is a transport of its own, sized for many concurrent sends to
// one host: net/http keeps only 2 idle connections per host by default, and
// a worker sending at concurrency 100 would otherwise open and close a
// connection for almost every message.
func newTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 512
	t.MaxIdleConnsPerHost = 256
	t.IdleConnTimeout = 30 * time.Second
	return recorder{next: t}
}

// Package latency makes a fake service answer as a distant one does: the
// request is handled when it arrives and the answer comes after a delay. A
// caller that hangs up meanwhile (a timeout, a killed process) has still had
// its request carried out and does not learn the outcome — as with Tencent
// Cloud SMS and WeChat, where a call whose answer was lost may have
// succeeded.
package latency

import (
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/liaison-stations/liaison/server/clock"
)

// HangUpHeader, set by a handler on its answer, makes Serve close the
// connection without an answer when the delay is over (a reply lost on the
// way back).
const HangUpHeader = "X-Fake-Hang-Up"

// Serve runs handle on r at once and gives its answer to w after d, unless
// the caller has gone by then. d <= 0 serves directly.
func Serve(w http.ResponseWriter, r *http.Request, d time.Duration, handle http.HandlerFunc) {
	if d <= 0 {
		handle(w, r)
		return
	}
	rec := httptest.NewRecorder()
	handle(rec, r)
	if !clock.Sleep(r.Context(), d) {
		return
	}
	if rec.Header().Get(HangUpHeader) != "" {
		HangUp(w)
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// HangUp closes the connection without an answer; on an answer Serve holds
// back, it marks the answer to be hung up when its time comes.
func HangUp(w http.ResponseWriter) {
	if rec, ok := w.(*httptest.ResponseRecorder); ok {
		rec.Header().Set(HangUpHeader, "1")
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("latency: the response writer cannot be hijacked")
	}
	if conn, _, err := hj.Hijack(); err == nil {
		conn.Close()
	}
}

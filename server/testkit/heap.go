package testkit

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/liaison-stations/liaison/server/testkit/procs"
)

// HeapPeak samples the Go heap in use and the process's resident memory
// (VmRSS: heap, stacks, the runtime's own and everything mapped) every
// 100 ms, for benchmarks that report the peak memory of a run. Stop ends the
// sampling and returns the peak heap in bytes; RSS the peak resident size.
type HeapPeak struct {
	peak atomic.Uint64
	rss  atomic.Uint64
	done chan struct{}
	wg   sync.WaitGroup
}

// SampleHeap starts sampling.
func SampleHeap() *HeapPeak {
	h := &HeapPeak{done: make(chan struct{})}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > h.peak.Load() {
				h.peak.Store(m.HeapInuse)
			}
			if r := procs.StatusBytes("self", "VmRSS"); r > h.rss.Load() {
				h.rss.Store(r)
			}
			select {
			case <-h.done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return h
}

// Stop ends the sampling and returns the peak heap in use, in bytes.
func (h *HeapPeak) Stop() uint64 {
	close(h.done)
	h.wg.Wait()
	return h.peak.Load()
}

// RSS is the peak resident size seen, in bytes (0 where /proc is missing).
func (h *HeapPeak) RSS() uint64 { return h.rss.Load() }

package testkit

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
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

// SampleHeap starts sampling every 100 ms.
func SampleHeap() *HeapPeak { return SampleHeapEvery(100 * time.Millisecond) }

// SampleHeapEvery starts sampling every d.
func SampleHeapEvery(d time.Duration) *HeapPeak {
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
			case <-time.After(d):
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

// Growth is how much a piece of work made the process grow at its peak,
// over what it held before: the Go heap in use and the resident size.
type Growth struct {
	Heap, RSS uint64
}

// MeasureGrowth runs f after a garbage collection and answers its peak
// growth, sampled every 10 ms: the memory a benchmark's work needs.
func MeasureGrowth(f func()) Growth {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	baseHeap, baseRSS := m.HeapInuse, procs.StatusBytes("self", "VmRSS")
	h := SampleHeapEvery(10 * time.Millisecond)
	f()
	peak := h.Stop()
	return Growth{Heap: peak - min(peak, baseHeap), RSS: h.RSS() - min(h.RSS(), baseRSS)}
}

// Report adds the growth to b's results as MB-heap-growth and MB-rss-growth.
func (g Growth) Report(b *testing.B) {
	b.ReportMetric(float64(g.Heap)/(1<<20), "MB-heap-growth")
	b.ReportMetric(float64(g.RSS)/(1<<20), "MB-rss-growth")
}

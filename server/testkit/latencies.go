package testkit

import (
	"slices"
	"testing"
	"time"
)

// Latencies collects the durations of a benchmark's requests and reports
// their p50 and p99 (nearest rank) as the metrics p50_ms and p99_ms.
type Latencies []time.Duration

// Time runs f and records how long it took.
func (l *Latencies) Time(f func()) {
	start := time.Now()
	f()
	*l = append(*l, time.Since(start))
}

// Report adds p50_ms and p99_ms to b's results.
func (l Latencies) Report(b *testing.B) {
	sorted := slices.Clone(l)
	slices.Sort(sorted)
	b.ReportMetric(ms(Quantile(sorted, 0.50)), "p50_ms")
	b.ReportMetric(ms(Quantile(sorted, 0.99)), "p99_ms")
}

// Quantile is the q-quantile of sorted latencies (nearest rank).
func Quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

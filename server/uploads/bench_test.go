package uploads_test

import (
	"bufio"
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/uploads"
)

// BenchmarkHugePNGUploads cleans 20 uploads at once, each a small PNG file
// (about 150 KB) that claims 7000×7000 pixels: ~190 MB each once decoded.
// It reports the peak Go heap and the process's peak resident memory
// (VmHWM): the decode budget keeps them near one such image, not twenty
// (the uploads wait their turn for as long as it takes).
func BenchmarkHugePNGUploads(b *testing.B) {
	img := image.NewNRGBA(image.Rect(0, 0, 7000, 7000))
	for i := 0; i < len(img.Pix); i += 4 * 997 {
		img.Pix[i], img.Pix[i+3] = 255, 255
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	img = nil
	// Forget the memory of making the file: the peaks are of the uploads.
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets VmHWM (Linux)
	d := uploads.NewDecoder(uploads.DecodeLimits{Wait: time.Hour})
	heap := testkit.SampleHeap()
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := d.Clean(context.Background(), data); err != nil {
					b.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	b.StopTimer()
	b.ReportMetric(float64(len(data))/1024, "file_KB")
	b.ReportMetric(float64(heap.Stop())/(1<<20), "peak_heap_MB")
	b.ReportMetric(vmHWM(b)/1024, "peak_RSS_MB")
}

// vmHWM is the process's peak resident set in KB (Linux /proc).
func vmHWM(b *testing.B) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb
		}
	}
	return 0
}

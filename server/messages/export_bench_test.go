package messages_test

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/testkit"
)

// BenchmarkExportMessages streams the .xlsx of 100 000 messages of one
// station (LIAISON_BENCH_EXPORT_N changes the count) to io.Discard and
// reports the peak growth of the Go heap and of the process's resident size
// over the export (MB-heap-growth, MB-rss-growth): the issue asks for less
// than 100 MB. The messages are written with one
// INSERT … SELECT, past the service (their tallies are not needed).
func BenchmarkExportMessages(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("LIAISON_BENCH_EXPORT_N")); err == nil && v > 0 {
		n = v
	}
	db := testkit.NewDB(b)
	testkit.SeedAreas(b, db)
	box, _ := pii.NewBox(bytes.Repeat([]byte{1}, 32))
	s := messages.New(aloneDeps(db, box))
	db.Exec(b, `INSERT INTO stations (name, kind, area_code, created_at, updated_at) VALUES ('基准站', 'community', ?, NOW(3), NOW(3))`, testkit.AreaQingxiu)
	var station int64
	if err := db.GetContext(b.Context(), &station, `SELECT MAX(id) FROM stations`); err != nil {
		b.Fatal(err)
	}
	phone, err := box.Seal("13800138000")
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Exec(b, `INSERT INTO messages (code, station_id, category, content, name, phone_enc, status, reply, accept_due, reply_due,
		replied_at, created_at, updated_at, county_code)
		SELECT CONCAT('BX', LPAD(seq, 9, '0')), ?, 'transport',
			CONCAT('第', seq, '条留言：小区门口的红绿灯经常坏，早高峰很危险，希望尽快修好。孩子们上学要过这条马路，家长们都很担心。'),
			'李女士', ?, IF(seq % 3 = 0, 'replied', 'submitted'), IF(seq % 3 = 0, '已联系交警部门检修，本周内修复。', NULL),
			? + INTERVAL seq SECOND + INTERVAL 2 DAY, ? + INTERVAL seq SECOND + INTERVAL 20 DAY,
			IF(seq % 3 = 0, ? + INTERVAL seq SECOND + INTERVAL 1 DAY, NULL), ? + INTERVAL seq SECOND, ? + INTERVAL seq SECOND, '450103'
		FROM seq_1_to_`+strconv.Itoa(n), station, phone, start, start, start, start, start)
	p := &access.Principal{UserID: 1, Grants: []access.Grant{{Role: access.RoleStaff, StationIDs: []int64{station}}}}
	f := messages.Filter{StationID: station, From: start, To: start.AddDate(1, 0, 0)}

	b.ResetTimer()
	var worst testkit.Growth
	for b.Loop() {
		var w countingWriter
		g := testkit.MeasureGrowth(func() {
			if err := s.ExportTo(b.Context(), p, f, &w); err != nil {
				b.Fatal(err)
			}
		})
		if w.n == 0 {
			b.Fatal("empty workbook")
		}
		worst.Heap, worst.RSS = max(worst.Heap, g.Heap), max(worst.RSS, g.RSS)
	}
	worst.Report(b)
	b.ReportMetric(float64(n), "rows")
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

package messages_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/uploads"
)

// passChecker stands in for WeChat content security: the benchmark measures
// liaison and its database, not WeChat's latency.
type passChecker struct{}

func (passChecker) CheckText(context.Context, string, string) (string, error) { return "pass", nil }

// BenchmarkSubmit measures message submission throughput (text only, and
// with one photo uploaded first) on the real MariaDB and Redis, against the
// raw single-row INSERT rate of the same database in the same run. All three
// run with GOMAXPROCS parallel clients and report ops/s.
func BenchmarkSubmit(b *testing.B) {
	db := testkit.NewDB(b)
	testkit.SeedAreas(b, db)
	rdb := testkit.NewRedis(b)
	box, _ := pii.NewBox(bytes.Repeat([]byte{1}, 32))
	rules, err := messages.LoadRules(filepath.Join("..", "..", "configs", "messages.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	rules.RateLimits.PerUser = messages.Limit{Count: 1 << 30, Per: time.Hour} // measured, never hit
	rules.RateLimits.PerIP = messages.Limit{Count: 1 << 30, Per: time.Hour}
	d := aloneDeps(db, box)
	d.Rules, d.Uploads, d.Redis, d.Content, d.RedisPrefix = rules, uploads.NewMemory(), rdb.Client, passChecker{}, "liaison:bench:"
	s := messages.New(d)
	db.Exec(b, `INSERT INTO stations (name, kind, area_code, created_at, updated_at) VALUES ('基准站', 'community', ?, NOW(3), NOW(3))`, testkit.AreaQingxiu)
	var station int64
	if err := db.GetContext(b.Context(), &station, `SELECT MAX(id) FROM stations`); err != nil {
		b.Fatal(err)
	}
	var users atomic.Int64
	newUser := func() *access.Principal {
		n := users.Add(1)
		res, err := db.ExecContext(b.Context(), `INSERT INTO users (openid, created_at, last_login_at) VALUES (?, NOW(3), NOW(3))`, fmt.Sprintf("bench-%d", n))
		if err != nil {
			b.Fatal(err)
		}
		id, _ := res.LastInsertId()
		return &access.Principal{UserID: id}
	}
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for x := range 640 {
		img.Set(x, x%480, color.RGBA{200, 30, 30, 255})
	}
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, img, nil); err != nil {
		b.Fatal(err)
	}
	in := messages.Input{Category: "transport", Content: "小区门口的红绿灯经常坏，早高峰很危险，希望尽快修好。", Name: "李女士", Phone: "13800138000"}

	b.Run("text", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			p := newUser()
			for pb.Next() {
				if _, err := s.Submit(b.Context(), p, station, in, messages.Origin{IP: "10.0.0.1"}); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	})
	b.Run("one_photo", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			p := newUser()
			for pb.Next() {
				pic, err := s.Upload(b.Context(), p, photo.Bytes())
				if err != nil {
					b.Error(err)
					return
				}
				withPhoto := in
				withPhoto.ImageIDs = []int64{pic.ID}
				if _, err := s.Submit(b.Context(), p, station, withPhoto, messages.Origin{IP: "10.0.0.1"}); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	})
	b.Run("raw_insert", func(b *testing.B) {
		db.Exec(b, `CREATE TABLE IF NOT EXISTS bench_raw (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, v VARCHAR(100) NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB`)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := db.ExecContext(b.Context(), `INSERT INTO bench_raw (v) VALUES (?)`, "小区门口的红绿灯经常坏"); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	})
}

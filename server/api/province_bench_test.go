package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/testkit"
	"github.com/liaison-stations/liaison/server/testkit/province"
	"github.com/liaison-stations/liaison/server/testkit/wired"
)

// BenchmarkProvince sends every list and statistics request of hotPaths,
// one at a time, through the whole HTTP handler of the wired service, on a
// database of Guangxi's size (province.Guangxi; seeded on the first run and
// kept as liaison_bench_province), as a region-wide staff member (area
// 450000) and as the staff of one county (province.County), and the
// citizen's and the deputy's own lists. Each sub-benchmark reports the p50
// and p99 of its b.N latencies; the target is a p99 under 100 ms. Run it
// with a fixed count for a steady p99:
//
//	make bench BENCH=Province BENCHTIME=200x
func BenchmarkProvince(b *testing.B) {
	s, db := wired.Province(b)
	region, _ := s.User(b, access.Grant{Role: access.RoleStaff, AreaCode: "450000"})
	county, _ := s.User(b, access.Grant{Role: access.RoleStaff, AreaCode: province.County})
	admin, _ := s.User(b, access.Grant{Role: access.RoleAdmin})
	var station int64
	if err := db.GetContext(b.Context(), &station, `SELECT MIN(id) FROM stations WHERE area_code LIKE ?`, province.County+"%"); err != nil {
		b.Fatal(err)
	}
	var subject string
	if err := db.GetContext(b.Context(), &subject, `SELECT n.subject FROM notifications n JOIN stations s ON s.id = n.station_id
		WHERE s.area_code LIKE ? LIMIT 1`, province.County+"%"); err != nil {
		b.Fatal(err)
	}
	type request struct{ name, token, path string }
	var requests []request
	for _, who := range []struct{ name, token string }{{"region", region}, {"county", county}} {
		for _, path := range hotPaths(station, subject) {
			requests = append(requests, request{who.name + "/" + benchName(path), who.token, path})
		}
	}
	deputy := signInAs(b, s, province.DeputyOpenID)
	requests = append(requests,
		request{"admin/users", admin, "/api/v1/admin/users"},
		request{"citizen/me/messages", signInAs(b, s, province.CitizenOpenID), "/api/v1/me/messages"},
		request{"deputy/me/activities", deputy, "/api/v1/me/activities"},
		request{"deputy/me/record", deputy, "/api/v1/me/record?year=2025"})
	for _, r := range requests {
		b.Run(r.name, func(b *testing.B) {
			var lat testkit.Latencies
			for b.Loop() {
				var w *httptest.ResponseRecorder
				lat.Time(func() { w = s.Do(b, "GET", r.path, r.token, nil) })
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d %s\n%s", r.path, w.Code, w.Body.String(), lastLines(s.Logs.String(), 5))
				}
			}
			lat.Report(b)
		})
	}
}

// lastLines is the end of the service's log, to say why a request failed.
func lastLines(log string, n int) string {
	lines := strings.Split(strings.TrimSpace(log), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// benchName is a path as a benchmark's name: admin/messages?status=submitted.
func benchName(path string) string {
	name := strings.TrimPrefix(path, "/api/v1/")
	return strings.NewReplacer(" ", "_").Replace(name)
}

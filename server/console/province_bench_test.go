package console_test

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

// BenchmarkConsoleProvince asks for every console list page and the 工作台,
// one at a time, through the whole handler of the wired service, on a
// database of Guangxi's size (province.Guangxi, seeded once and kept as
// liaison_bench_province, shared with server/api's BenchmarkProvince), as a
// region-wide staff member (area 450000), as the staff of one county
// (province.County) and, for the admins' pages, as an admin. Each
// sub-benchmark reports the p50 and p99 of the server's time (the handler,
// rendering included); the target is a p99 under 100 ms:
//
//	make bench BENCH=ConsoleProvince PKGS=./server/console/ BENCHTIME=100x
func BenchmarkConsoleProvince(b *testing.B) {
	s, db := wired.Province(b)
	var station int64
	if err := db.GetContext(b.Context(), &station, `SELECT MIN(id) FROM stations WHERE area_code LIKE ?`, province.County+"%"); err != nil {
		b.Fatal(err)
	}
	type who struct {
		name  string
		grant access.Grant
		paths []string
	}
	for _, w := range []who{
		{"region", access.Grant{Role: access.RoleStaff, AreaCode: "450000"}, consolePaths(station)},
		{"county", access.Grant{Role: access.RoleStaff, AreaCode: province.County}, consolePaths(station)},
		{"admin", access.Grant{Role: access.RoleAdmin}, adminPaths},
	} {
		browser, _, _ := s.ConsoleUser(b, w.grant)
		for _, path := range w.paths {
			b.Run(w.name+path, func(b *testing.B) {
				var lat testkit.Latencies
				for b.Loop() {
					var rec *httptest.ResponseRecorder
					lat.Time(func() { rec = browser.Get(b, path) })
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: %d\n%s", path, rec.Code, lastLines(s.Logs.String(), 5))
					}
				}
				lat.Report(b)
			})
		}
	}
}

// consolePaths are the staff's console pages a county office opens every
// day: the 工作台, the lists with their common filters.
func consolePaths(station int64) []string {
	return []string{
		"/console/",
		"/console/messages",
		"/console/messages?status=submitted",
		"/console/messages?overdue=1",
		"/console/stations",
		"/console/deputies",
		"/console/activities",
		"/console/compliance",
	}
}

var adminPaths = []string{"/console/users", "/console/invites", "/console/audit"}

func lastLines(log string, n int) string {
	lines := strings.Split(strings.TrimSpace(log), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

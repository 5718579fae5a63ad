package province

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/testkit"
)

// DatabaseName is the seeded database the benchmarks keep between runs.
const DatabaseName = "liaison_bench_province"

// SeedVersion names what Seed writes; change it when Seed changes, and the
// next run seeds again.
const SeedVersion = 4

// Open gives the province database, seeding it first when it is missing or
// was seeded by another SeedVersion or size (the marker table bench_seed
// says which; it is written last, so an interrupted seed is redone). The
// database is kept when the benchmark ends; drop it to start over:
// DROP DATABASE liaison_bench_province.
func Open(tb testing.TB, box *pii.Box, size Size) *testkit.DB {
	tb.Helper()
	cfg, err := mysql.ParseDSN(testkit.BaseDSN())
	if err != nil {
		tb.Fatalf("province: %v", err)
	}
	cfg.DBName = DatabaseName
	dsn := cfg.FormatDSN()
	ctx := context.Background()
	want := fmt.Sprintf("v%d %s", SeedVersion, size)
	if got := marker(ctx, dsn); got != want {
		tb.Logf("province: seeding %s (%s); it is kept for the next run", DatabaseName, want)
		start := time.Now()
		if err := store.DropDatabase(ctx, dsn); err != nil {
			tb.Fatalf("province: %v", err)
		}
		if _, err := store.MigrateUp(ctx, dsn); err != nil {
			tb.Fatalf("province: migrate: %v", err)
		}
		db, err := store.Open(ctx, dsn)
		if err != nil {
			tb.Fatalf("province: %v", err)
		}
		if err := Seed(ctx, db, box, size); err != nil {
			db.Close()
			tb.Fatalf("province: seed: %v", err)
		}
		if _, err := db.ExecContext(ctx, `CREATE TABLE bench_seed (marker VARCHAR(200) NOT NULL, seeded_at DATETIME NOT NULL, seconds INT NOT NULL)`); err != nil {
			tb.Fatalf("province: %v", err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO bench_seed VALUES (?, ?, ?)`, want, time.Now().UTC(), int(time.Since(start).Seconds())); err != nil {
			tb.Fatalf("province: %v", err)
		}
		db.Close()
		tb.Logf("province: seeded in %s", time.Since(start).Round(time.Second))
	}
	// Migrations added since the seed (a new index) are applied to it.
	if _, err := store.MigrateUp(ctx, dsn); err != nil {
		tb.Fatalf("province: migrate: %v", err)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("province: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return &testkit.DB{DB: db, DSN: dsn, Name: DatabaseName}
}

// marker is what bench_seed says, empty when there is no seeded database.
func marker(ctx context.Context, dsn string) string {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return ""
	}
	defer db.Close()
	var m string
	if err := db.GetContext(ctx, &m, `SELECT marker FROM bench_seed LIMIT 1`); err != nil {
		return ""
	}
	return m
}

// Package testkit gives tests real parts: a fresh migrated MariaDB/MySQL
// database and a Redis database of their own, and fake WeChat and SMS
// servers (sub-packages) for the services on the internet.
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/liaison-stations/liaison/server/store"
)

// BaseDSN is the server tests use: LIAISON_TEST_MYSQL_DSN, else the local MariaDB of CI.
func BaseDSN() string {
	if dsn := os.Getenv("LIAISON_TEST_MYSQL_DSN"); dsn != "" {
		return dsn
	}
	return "root@tcp(127.0.0.1:3306)/liaison?parseTime=true&loc=UTC&charset=utf8mb4"
}

// DB is a test database: its handle and its DSN.
type DB struct {
	*store.DB
	DSN  string
	Name string
}

// NewDB creates a database with a unique name, migrates it, and drops it when
// the test ends.
func NewDB(t testing.TB) *DB {
	t.Helper()
	cfg, err := mysql.ParseDSN(BaseDSN())
	if err != nil {
		t.Fatalf("testkit: LIAISON_TEST_MYSQL_DSN: %v", err)
	}
	cfg.DBName = "liaison_test_" + sanitize(t.Name()) + "_" + randomHex(4)
	if len(cfg.DBName) > 64 {
		cfg.DBName = "liaison_test_" + randomHex(12)
	}
	dsn := cfg.FormatDSN()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := store.MigrateUp(ctx, dsn); err != nil {
		_ = store.DropDatabase(context.Background(), dsn)
		t.Fatalf("testkit: migrate %s: %v (is MariaDB running on 127.0.0.1:3306?)", cfg.DBName, err)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("testkit: open: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		if err := store.DropDatabase(context.Background(), dsn); err != nil {
			t.Logf("testkit: drop %s: %v", cfg.DBName, err)
		}
	})
	return &DB{DB: db, DSN: dsn, Name: cfg.DBName}
}

// Count runs a COUNT(*) query and returns its number, failing the test on error.
func (db *DB) Count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.GetContext(context.Background(), &n, query, args...); err != nil {
		t.Fatalf("testkit: %s: %v", query, err)
	}
	return n
}

// Exec runs a statement, failing the test on error.
func (db *DB) Exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("testkit: %s: %v", query, err)
	}
}

// Areas are a few real Guangxi divisions that tests refer to by name.
const (
	AreaGuangxi  = "450000" // 广西壮族自治区
	AreaNanning  = "450100" // 南宁市
	AreaXingning = "450102" // 南宁市兴宁区
	AreaMinsheng = "450102001"
	AreaQingxiu  = "450103" // 南宁市青秀区
	AreaLiuzhou  = "450200" // 柳州市
	AreaChengzh  = "450202" // 柳州市城中区
)

// SeedAreas inserts a small real subtree of Guangxi's divisions.
func SeedAreas(t testing.TB, db *DB) {
	t.Helper()
	rows := [][4]string{
		{AreaGuangxi, "广西壮族自治区", "", "province"},
		{AreaNanning, "南宁市", AreaGuangxi, "city"},
		{AreaXingning, "兴宁区", AreaNanning, "county"},
		{AreaMinsheng, "民生街道", AreaXingning, "township"},
		{AreaQingxiu, "青秀区", AreaNanning, "county"},
		{AreaLiuzhou, "柳州市", AreaGuangxi, "city"},
		{AreaChengzh, "城中区", AreaLiuzhou, "county"},
	}
	for _, r := range rows {
		var parent any
		if r[2] != "" {
			parent = r[2]
		}
		db.Exec(t, "INSERT INTO areas (code, name, parent_code, level) VALUES (?, ?, ?, ?)", r[0], r[1], parent, r[3])
	}
}

func sanitize(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	if len(s) > 30 {
		s = s[:30]
	}
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("testkit: %v", err))
	}
	return hex.EncodeToString(b)
}

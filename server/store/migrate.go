package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/golang-migrate/migrate/v4"
	migratemysql "github.com/golang-migrate/migrate/v4/database/mysql"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/liaison-stations/liaison/migrations"
)

// MigrationStatus is where the schema stands.
type MigrationStatus struct {
	Version uint // 0: no migration applied
	Latest  uint
	Dirty   bool
}

// MigrateUp creates the database named in dsn when it does not exist, then
// applies every migration not yet applied. Running it twice changes nothing.
func MigrateUp(ctx context.Context, dsn string) (MigrationStatus, error) {
	if err := EnsureDatabase(ctx, dsn); err != nil {
		return MigrationStatus{}, err
	}
	m, err := newMigrate(dsn)
	if err != nil {
		return MigrationStatus{}, err
	}
	defer m.Close()
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return MigrationStatus{}, fmt.Errorf("store: migrate up: %w", err)
	}
	return status(m)
}

// Status reports the applied and latest migration versions.
func Status(ctx context.Context, dsn string) (MigrationStatus, error) {
	m, err := newMigrate(dsn)
	if err != nil {
		return MigrationStatus{}, err
	}
	defer m.Close()
	return status(m)
}

func status(m *migrate.Migrate) (MigrationStatus, error) {
	var st MigrationStatus
	v, dirty, err := m.Version()
	if err != nil && !errors.Is(err, migrate.ErrNilVersion) {
		return st, fmt.Errorf("store: migration version: %w", err)
	}
	st.Version, st.Dirty = v, dirty
	st.Latest, err = LatestMigration()
	return st, err
}

// LatestMigration is the highest version shipped in the binary.
func LatestMigration() (uint, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	defer src.Close()
	v, err := src.First()
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	for {
		next, err := src.Next(v)
		if err != nil {
			return v, nil
		}
		v = next
	}
}

func newMigrate(dsn string) (*migrate.Migrate, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: parse DSN: %w", err)
	}
	// Migrations need several statements per file; the application does not.
	cfg.MultiStatements = true
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	driver, err := migratemysql.WithInstance(db, &migratemysql.Config{DatabaseName: cfg.DBName})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrate driver: %w", err)
	}
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, cfg.DBName, driver)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	return m, nil
}

// EnsureDatabase creates the database named in dsn if it is missing (utf8mb4).
func EnsureDatabase(ctx context.Context, dsn string) error {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return fmt.Errorf("store: parse DSN: %w", err)
	}
	name := cfg.DBName
	if name == "" || strings.ContainsAny(name, "`") {
		return fmt.Errorf("store: DSN must name a database")
	}
	cfg.DBName = ""
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	if err != nil {
		return fmt.Errorf("store: create database %s: %w", name, err)
	}
	return nil
}

// DropDatabase removes the database named in dsn (tests only).
func DropDatabase(ctx context.Context, dsn string) error {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return err
	}
	name := cfg.DBName
	cfg.DBName = ""
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`")
	return err
}

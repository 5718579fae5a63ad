package registry

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

// Area is one administrative division (GB/T 2260).
type Area struct {
	Code       string  `json:"code" db:"code"`
	Name       string  `json:"name" db:"name"`
	ParentCode *string `json:"parent_code" db:"parent_code"`
	Level      string  `json:"level" db:"level"`
}

// AreaRef is how an area appears inside other answers.
type AreaRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// ErrAreaNotFound is the 404 for an unknown area code.
var ErrAreaNotFound = apperr.NotFound("area_not_found", "行政区划不存在")

var (
	areaCodePattern = regexp.MustCompile(`^\d{6}(\d{3})?$`)
	areaLevels      = map[string]bool{"province": true, "city": true, "county": true, "township": true}
	areasHeader     = []string{"code", "name", "parent_code", "level"}
)

// areaBatch is how many rows one INSERT of ImportAreas carries.
const areaBatch = 500

// ImportAreas loads administrative divisions from CSV with the header
// code,name,parent_code,level (configs/areas/guangxi.csv) and upserts them,
// in one transaction: running it twice leaves the same rows. It returns the
// number of rows read. A malformed file changes nothing.
func ImportAreas(ctx context.Context, db *store.DB, r io.Reader) (int, error) {
	rows, err := readAreas(r)
	if err != nil {
		return 0, err
	}
	err = db.Tx(ctx, func(tx *sqlx.Tx) error {
		for start := 0; start < len(rows); start += areaBatch {
			if err := upsertAreas(ctx, tx, rows[start:min(start+areaBatch, len(rows))]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

func readAreas(r io.Reader) ([]Area, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(areasHeader)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("registry: areas CSV header: %w", err)
	}
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	for i, want := range areasHeader {
		if strings.TrimSpace(head[i]) != want {
			return nil, fmt.Errorf("registry: areas CSV header is %q, want %q", strings.Join(head, ","), strings.Join(areasHeader, ","))
		}
	}
	var out []Area
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("registry: areas CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		a := Area{Code: strings.TrimSpace(rec[0]), Name: strings.TrimSpace(rec[1]), Level: strings.TrimSpace(rec[3])}
		if p := strings.TrimSpace(rec[2]); p != "" {
			a.ParentCode = &p
		}
		switch {
		case !areaCodePattern.MatchString(a.Code):
			return nil, fmt.Errorf("registry: areas CSV line %d: bad code %q", line, a.Code)
		case a.Name == "" || len([]rune(a.Name)) > 64:
			return nil, fmt.Errorf("registry: areas CSV line %d: bad name %q", line, a.Name)
		case a.ParentCode != nil && !areaCodePattern.MatchString(*a.ParentCode):
			return nil, fmt.Errorf("registry: areas CSV line %d: bad parent_code %q", line, *a.ParentCode)
		case !areaLevels[a.Level]:
			return nil, fmt.Errorf("registry: areas CSV line %d: bad level %q", line, a.Level)
		case seen[a.Code]:
			return nil, fmt.Errorf("registry: areas CSV line %d: code %s appears twice", line, a.Code)
		}
		seen[a.Code] = true
		out = append(out, a)
	}
}

func upsertAreas(ctx context.Context, tx *sqlx.Tx, rows []Area) error {
	var b strings.Builder
	b.WriteString("INSERT INTO areas (code, name, parent_code, level) VALUES ")
	args := make([]any, 0, 4*len(rows))
	for i, a := range rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("(?,?,?,?)")
		args = append(args, a.Code, a.Name, a.ParentCode, a.Level)
	}
	// VALUES() is deprecated in MySQL 8.0.20+ but is the spelling MariaDB understands.
	b.WriteString(" ON DUPLICATE KEY UPDATE name = VALUES(name), parent_code = VALUES(parent_code), level = VALUES(level)")
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("registry: upsert areas: %w", err)
	}
	return nil
}

// Areas lists the children of parent (the top level when parent is empty),
// ordered by code, for the cascading area pickers. Anyone may ask.
func (s *Service) Areas(ctx context.Context, parent string) ([]Area, error) {
	out := []Area{}
	if parent == "" {
		err := s.DB.SelectContext(ctx, &out, `SELECT code, name, parent_code, level FROM areas WHERE parent_code IS NULL ORDER BY code`)
		if err != nil {
			return nil, fmt.Errorf("registry: top areas: %w", err)
		}
		return out, nil
	}
	if !areaCodePattern.MatchString(parent) {
		return nil, apperr.Invalid(map[string]string{"parent": "行政区划代码应为6位或9位数字"})
	}
	ok, err := s.AreaExists(ctx, parent)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrAreaNotFound
	}
	if err := s.DB.SelectContext(ctx, &out, `SELECT code, name, parent_code, level FROM areas WHERE parent_code = ? ORDER BY code`, parent); err != nil {
		return nil, fmt.Errorf("registry: child areas: %w", err)
	}
	return out, nil
}

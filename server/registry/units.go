package registry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/store"
)

var errUnitExists = apperr.Conflict("unit_exists", "该行政区划下已有同名承办单位")

// Unit is a handling unit (承办单位) that answers transferred messages.
type Unit struct {
	ID           int64     `json:"id" db:"id"`
	Name         string    `json:"name" db:"name"`
	AreaCode     string    `json:"area_code" db:"area_code"`
	Area         AreaRef   `json:"area" db:"-"`
	ContactName  string    `json:"contact_name" db:"contact_name"`
	ContactPhone string    `json:"contact_phone" db:"-"`
	CreatedAt    time.Time `json:"created_at" db:"created_at"`
	UpdatedAt    time.Time `json:"updated_at" db:"updated_at"`
	AreaName     string    `json:"-" db:"area_name"`
	PhoneEnc     []byte    `json:"-" db:"contact_phone_enc"`
}

// UnitInput is the body of a unit's creation.
type UnitInput struct {
	Name         string `json:"name"`
	AreaCode     string `json:"area_code"`
	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone"`
}

// Validate checks the unit and normalises its contact phone (mobile or landline).
func (in *UnitInput) Validate() apperr.FieldErrors {
	in.Name, in.AreaCode = strings.TrimSpace(in.Name), strings.TrimSpace(in.AreaCode)
	in.ContactName = strings.TrimSpace(in.ContactName)
	f := apperr.FieldErrors{}
	n := len([]rune(in.Name))
	f.Check(n < 2 || n > 100, "name", "名称应为2–100个字")
	f.Check(!areaCodePattern.MatchString(in.AreaCode), "area_code", "请选择行政区划")
	f.Check(len([]rune(in.ContactName)) > 50, "contact_name", "联系人不超过50个字")
	if strings.TrimSpace(in.ContactPhone) != "" {
		if phone, ok := normalizeContactPhone(in.ContactPhone); ok {
			in.ContactPhone = phone
		} else {
			f.Add("contact_phone", "请填写正确的手机号或座机号（如 0771-5551234）")
		}
	} else {
		in.ContactPhone = ""
	}
	return f
}

// CreateUnit adds a handling unit (admins only); a second unit of the same
// name in one area is unit_exists.
func (s *Service) CreateUnit(ctx context.Context, p *access.Principal, in UnitInput) (*Unit, error) {
	if err := p.RequireAdmin(); err != nil {
		return nil, err
	}
	f := in.Validate()
	if err := s.checkArea(ctx, s.DB, f, "area_code", in.AreaCode); err != nil {
		return nil, err
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	enc, _, err := s.sealPhone(in.ContactPhone)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var id int64
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO units (name, area_code, contact_name, contact_phone_enc, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, in.Name, in.AreaCode, in.ContactName, enc, now, now)
		if store.IsDuplicate(err) {
			return errUnitExists
		}
		if err != nil {
			return fmt.Errorf("registry: insert unit: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("registry: unit id: %w", err)
		}
		return audit.Record(ctx, tx, p, audit.UnitCreate, audit.Subject("unit", id),
			fmt.Sprintf("新增承办单位「%s」（%s），联系人 %s %s", in.Name, in.AreaCode, in.ContactName, in.ContactPhone))
	})
	if err != nil {
		return nil, err
	}
	units, err := s.units(ctx, p.Scope(), `u.id = ?`, []any{id}, store.Page{Limit: 1})
	if err != nil {
		return nil, err
	}
	return &units[0], nil
}

// UnitFilter narrows the list of units.
type UnitFilter struct {
	AreaCode string // the area's subtree
	Q        string // part of the name
}

// Validate checks the filter.
func (f UnitFilter) Validate() apperr.FieldErrors {
	fe := apperr.FieldErrors{}
	fe.Check(f.AreaCode != "" && !areaCodePattern.MatchString(f.AreaCode), "area_code", "行政区划代码应为6位或9位数字")
	fe.Check(len([]rune(f.Q)) > 100, "q", "搜索词不超过100个字")
	return fe
}

// Units lists handling units for any staff: a message may be transferred to
// a unit above the station's own area. The contact phone is whole only for
// staff whose scope covers the unit's area, masked for the others.
func (s *Service) Units(ctx context.Context, p *access.Principal, f UnitFilter, page store.Page) ([]Unit, store.Cursor, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, store.Cursor{}, err
	}
	f.Q = strings.TrimSpace(f.Q)
	if err := f.Validate().Err(); err != nil {
		return nil, store.Cursor{}, err
	}
	page = normalPage(page)
	where, args := "1=1", []any{}
	if f.AreaCode != "" {
		where += ` AND u.area_code LIKE ?`
		args = append(args, access.AreaPrefix(f.AreaCode)+"%")
	}
	if f.Q != "" {
		where += ` AND u.name LIKE ?`
		args = append(args, likeContains(f.Q))
	}
	rows, err := s.units(ctx, p.Scope(), where, args, page)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	rows, next := store.Next(rows, page, func(u Unit) store.Cursor { return store.Cursor{At: u.CreatedAt, ID: u.ID} })
	return rows, next, nil
}

// units runs one page of a units query (Limit+1 rows) and opens the phones.
func (s *Service) units(ctx context.Context, scope access.Scope, where string, args []any, page store.Page) ([]Unit, error) {
	after, afterArgs := page.Since("u.created_at", "u.id")
	query := `SELECT u.id, u.name, u.area_code, u.contact_name, u.contact_phone_enc, u.created_at, u.updated_at, a.name AS area_name
		FROM units u JOIN areas a ON a.code = u.area_code WHERE ` + where + ` AND ` + after + ` ORDER BY u.created_at, u.id LIMIT ?`
	rows := []Unit{}
	if err := s.DB.SelectContext(ctx, &rows, query, append(append(args, afterArgs...), page.Limit+1)...); err != nil {
		return nil, fmt.Errorf("registry: units: %w", err)
	}
	for i := range rows {
		u := &rows[i]
		phone, err := s.openPhone(u.PhoneEnc)
		if err != nil {
			return nil, err
		}
		u.ContactPhone = phoneShown(phone, scope.CoversArea(u.AreaCode))
		u.Area = AreaRef{Code: u.AreaCode, Name: u.AreaName}
		u.CreatedAt, u.UpdatedAt = local(u.CreatedAt), local(u.UpdatedAt)
	}
	return rows, nil
}

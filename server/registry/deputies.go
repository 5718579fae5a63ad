package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// Deputy levels, from the National People's Congress down to the township's.
const (
	LevelNational = "national"
	LevelRegional = "regional" // 自治区
	LevelCity     = "city"
	LevelCounty   = "county"
	LevelTownship = "township"
)

// Levels are the deputy levels in their order of rank.
var Levels = []string{LevelNational, LevelRegional, LevelCity, LevelCounty, LevelTownship}

var (
	errDeputyPhoneTaken = apperr.Conflict("deputy_phone_taken", "该手机号已登记为代表")
	errStationOutScope  = apperr.Forbidden("station_out_of_scope", "无权管理该联络站的代表")
)

// Employer is the deputy's work unit, whose contact receives the
// attendance-guarantee notice (Deputy Law art. 33).
type Employer struct {
	Name         string `json:"name"`
	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone"`
}

// MarshalJSON adds contact_phone_kind, mobile or landline, classified from
// the number (also when it is shown masked): a landline gets no SMS, and
// staff phone it instead.
func (e Employer) MarshalJSON() ([]byte, error) {
	type plain Employer
	out := struct {
		plain
		ContactPhoneKind string `json:"contact_phone_kind,omitempty"`
	}{plain: plain(e)}
	if e.ContactPhone != "" {
		out.ContactPhoneKind = pii.PhoneKind(strings.ReplaceAll(e.ContactPhone, "*", "0"))
	}
	return json.Marshal(out)
}

// Deputy is a deputy as staff see them.
type Deputy struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Phone      string    `json:"phone"`
	Levels     []string  `json:"levels"`
	Grassroots bool      `json:"grassroots"`
	Employer   Employer  `json:"employer"`
	StationIDs []int64   `json:"station_ids"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// EmployerInput changes the given fields of a deputy's employer.
type EmployerInput struct {
	Name         *string `json:"name"`
	ContactName  *string `json:"contact_name"`
	ContactPhone *string `json:"contact_phone"`
}

// DeputyInput is the body of a deputy's creation or change; a field left
// out (nil) is not changed. StationIDs sets the deputy's stations (混合编组).
type DeputyInput struct {
	Name       *string        `json:"name"`
	Phone      *string        `json:"phone"`
	Levels     []string       `json:"levels"`
	Grassroots *bool          `json:"grassroots"`
	Employer   *EmployerInput `json:"employer"`
	StationIDs []int64        `json:"station_ids"`
	// Active false marks a deputy whose term ended (their public card says
	// so and writing to them is refused); true restores them. Changed by
	// UpdateDeputy only: a new deputy is active.
	Active *bool `json:"active"`
}

// deputyFields is a deputy as it will be stored, phones in clear.
type deputyFields struct {
	Name       string
	Phone      string
	Levels     []string
	Grassroots bool
	Employer   Employer
	StationIDs []int64
}

func (in DeputyInput) applyTo(d *deputyFields) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&d.Name, in.Name)
	set(&d.Phone, in.Phone)
	if in.Levels != nil {
		d.Levels = in.Levels
	}
	if in.Grassroots != nil {
		d.Grassroots = *in.Grassroots
	}
	if in.Employer != nil {
		set(&d.Employer.Name, in.Employer.Name)
		set(&d.Employer.ContactName, in.Employer.ContactName)
		set(&d.Employer.ContactPhone, in.Employer.ContactPhone)
	}
	if in.StationIDs != nil {
		d.StationIDs = in.StationIDs
	}
}

// Validate checks the deputy and brings phones, levels and stations into
// their stored form (normalised numbers, levels by rank, ids sorted once).
func (d *deputyFields) Validate() apperr.FieldErrors {
	f := apperr.FieldErrors{}
	n := len([]rune(d.Name))
	f.Check(n < 1 || n > 50, "name", "请填写姓名（不超过50个字）")
	if phone, ok := pii.NormalizeMobile(d.Phone); ok {
		d.Phone = phone
	} else {
		f.Add("phone", "请填写正确的手机号")
	}
	levels, bad := normalLevels(d.Levels)
	d.Levels = levels
	f.Check(bad != "", "levels", "未知的层级："+bad+"（可选：全国、自治区、市、县、乡镇）")
	f.Check(len([]rune(d.Employer.Name)) > 100, "employer.name", "工作单位不超过100个字")
	f.Check(len([]rune(d.Employer.ContactName)) > 50, "employer.contact_name", "单位联系人不超过50个字")
	if d.Employer.ContactPhone != "" {
		if phone, ok := normalizeContactPhone(d.Employer.ContactPhone); ok {
			d.Employer.ContactPhone = phone
		} else {
			f.Add("employer.contact_phone", "请填写正确的手机号或座机号（如 0771-5551234）")
		}
	}
	ids := slices.Clone(d.StationIDs)
	slices.Sort(ids)
	d.StationIDs = slices.Compact(ids)
	f.Check(len(d.StationIDs) > 0 && d.StationIDs[0] <= 0, "station_ids", "联络站编号无效")
	return f
}

// normalLevels dedupes levels and orders them by rank; bad is the first unknown one.
func normalLevels(in []string) (out []string, bad string) {
	out = []string{}
	for _, l := range Levels {
		for _, v := range in {
			if strings.TrimSpace(v) == l {
				out = append(out, l)
				break
			}
		}
	}
	for _, v := range in {
		if !slices.Contains(Levels, strings.TrimSpace(v)) {
			return out, v
		}
	}
	return out, ""
}

// stationChange checks that the stations a deputy is to be a member of
// exist (400 naming the unknown ids), and that the caller covers every
// station the deputy joins or leaves (403).
func stationChange(ctx context.Context, q store.Queryer, scope access.Scope, want, current []int64) (added, removed []int64, err error) {
	areas, err := stationAreas(ctx, q, want)
	if err != nil {
		return nil, nil, err
	}
	var unknown []string
	for _, id := range want {
		if _, ok := areas[id]; !ok {
			unknown = append(unknown, fmt.Sprint(id))
		}
	}
	if len(unknown) > 0 {
		return nil, nil, apperr.Invalid(map[string]string{"station_ids": "联络站不存在：" + strings.Join(unknown, ", ")})
	}
	for _, id := range want {
		if !slices.Contains(current, id) {
			added = append(added, id)
		}
	}
	for _, id := range current {
		if !slices.Contains(want, id) {
			removed = append(removed, id)
		}
	}
	if scope.All {
		return added, removed, nil
	}
	curAreas, err := stationAreas(ctx, q, removed)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range added {
		if !scope.CoversStation(id, areas[id]) {
			return nil, nil, errStationOutScope
		}
	}
	for _, id := range removed {
		if !scope.CoversStation(id, curAreas[id]) {
			return nil, nil, errStationOutScope
		}
	}
	return added, removed, nil
}

func stationAreas(ctx context.Context, q store.Queryer, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	query, args, err := store.In(`SELECT id, area_code FROM stations WHERE id IN (?)`, ids)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID       int64  `db:"id"`
		AreaCode string `db:"area_code"`
	}
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("registry: station areas: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.AreaCode
	}
	return out, nil
}

// changeMemberships adds the deputy to stations and removes them from
// others; a station they leave loses them as its convenor.
func changeMemberships(ctx context.Context, tx *sqlx.Tx, deputyID int64, added, removed []int64, now time.Time) error {
	for _, sid := range added {
		_, err := tx.ExecContext(ctx, `INSERT INTO station_deputies (station_id, deputy_id, created_at) VALUES (?, ?, ?)
			ON DUPLICATE KEY UPDATE deputy_id = deputy_id`, sid, deputyID, now)
		if err != nil {
			return fmt.Errorf("registry: add membership: %w", err)
		}
	}
	if len(removed) == 0 {
		return nil
	}
	q, args, err := store.In(`DELETE FROM station_deputies WHERE deputy_id = ? AND station_id IN (?)`, deputyID, removed)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("registry: remove membership: %w", err)
	}
	q, args, err = store.In(`UPDATE stations SET convenor_deputy_id = NULL, updated_at = ? WHERE convenor_deputy_id = ? AND id IN (?)`, now, deputyID, removed)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("registry: drop convenor: %w", err)
	}
	return nil
}

// insertDeputy stores a new deputy (without stations); a phone already
// registered is deputy_phone_taken.
func (s *Service) insertDeputy(ctx context.Context, tx *sqlx.Tx, d *deputyFields, now time.Time) (int64, error) {
	phoneEnc, phoneHash, err := s.sealPhone(d.Phone)
	if err != nil {
		return 0, err
	}
	empEnc, empHash, err := s.sealPhone(d.Employer.ContactPhone)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO deputies (name, phone_enc, phone_hash, levels, grassroots,
		employer_name, employer_contact, employer_phone_enc, employer_phone_hash, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		d.Name, phoneEnc, phoneHash, strings.Join(d.Levels, ","), d.Grassroots,
		d.Employer.Name, d.Employer.ContactName, empEnc, empHash, now, now)
	if store.IsDuplicate(err) {
		return 0, errDeputyPhoneTaken
	}
	if err != nil {
		return 0, fmt.Errorf("registry: insert deputy: %w", err)
	}
	return res.LastInsertId()
}

// updateDeputy stores a deputy's fields (not their stations).
func (s *Service) updateDeputy(ctx context.Context, tx *sqlx.Tx, id int64, d *deputyFields, now time.Time) error {
	phoneEnc, phoneHash, err := s.sealPhone(d.Phone)
	if err != nil {
		return err
	}
	empEnc, empHash, err := s.sealPhone(d.Employer.ContactPhone)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE deputies SET name = ?, phone_enc = ?, phone_hash = ?, levels = ?, grassroots = ?,
		employer_name = ?, employer_contact = ?, employer_phone_enc = ?, employer_phone_hash = ?, updated_at = ? WHERE id = ?`,
		d.Name, phoneEnc, phoneHash, strings.Join(d.Levels, ","), d.Grassroots,
		d.Employer.Name, d.Employer.ContactName, empEnc, empHash, now, id)
	if store.IsDuplicate(err) {
		return errDeputyPhoneTaken
	}
	if err != nil {
		return fmt.Errorf("registry: update deputy: %w", err)
	}
	return nil
}

// CreateDeputy registers a deputy. Staff must name at least one station and
// cover every station named; an admin may register a deputy without one.
func (s *Service) CreateDeputy(ctx context.Context, p *access.Principal, in DeputyInput) (*Deputy, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	scope := p.Scope()
	var d deputyFields
	in.applyTo(&d)
	f := d.Validate()
	f.Check(!scope.All && len(d.StationIDs) == 0, "station_ids", "请至少选择一个联络站")
	if err := f.Err(); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		added, _, err := stationChange(ctx, tx, scope, d.StationIDs, nil)
		if err != nil {
			return err
		}
		now := s.now()
		if id, err = s.insertDeputy(ctx, tx, &d, now); err != nil {
			return err
		}
		if err := changeMemberships(ctx, tx, id, added, nil, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, audit.DeputyCreate, audit.Subject("deputy", id),
			fmt.Sprintf("新增代表「%s」，电话 %s，联络站 %s", d.Name, d.Phone, show(d.StationIDs)))
	})
	if err != nil {
		return nil, err
	}
	return s.Deputy(ctx, p, id)
}

// UpdateDeputy changes the given fields of a deputy in the caller's scope.
// Given station_ids replace the deputy's stations; staff may only add or
// remove stations they cover.
func (s *Service) UpdateDeputy(ctx context.Context, p *access.Principal, id int64, in DeputyInput) (*Deputy, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	scope := p.Scope()
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		cur, err := s.deputyInScope(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		d := cur.fields()
		in.applyTo(&d)
		if err := d.Validate().Err(); err != nil {
			return err
		}
		added, removed, err := stationChange(ctx, tx, scope, d.StationIDs, cur.StationIDs)
		if err != nil {
			return err
		}
		now := s.now()
		if err := s.updateDeputy(ctx, tx, id, &d, now); err != nil {
			return err
		}
		if err := changeMemberships(ctx, tx, id, added, removed, now); err != nil {
			return err
		}
		ended, err := setActive(ctx, tx, id, cur.Active, in.Active, now)
		if err != nil {
			return err
		}
		before := cur.fields()
		summary := deputyChanges(&before, &d)
		if ended != "" && summary == "无变化" {
			summary = ended
		} else if ended != "" {
			summary += "；" + ended
		}
		return audit.Record(ctx, tx, p, audit.DeputyUpdate, audit.Subject("deputy", id),
			fmt.Sprintf("修改代表「%s」：%s", cur.Name, summary))
	})
	if err != nil {
		return nil, err
	}
	return s.Deputy(ctx, p, id)
}

// setActive stores a change of whether the deputy is serving (want nil:
// none) and says it for the audit.
func setActive(ctx context.Context, tx *sqlx.Tx, id int64, was bool, want *bool, now time.Time) (string, error) {
	if want == nil || *want == was {
		return "", nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE deputies SET active = ?, updated_at = ? WHERE id = ?`, *want, now, id); err != nil {
		return "", fmt.Errorf("registry: deputy active: %w", err)
	}
	if *want {
		return "恢复为在任代表", nil
	}
	return "标记为任期已结束", nil
}

func (d *Deputy) fields() deputyFields {
	return deputyFields{Name: d.Name, Phone: d.Phone, Levels: slices.Clone(d.Levels), Grassroots: d.Grassroots,
		Employer: d.Employer, StationIDs: slices.Clone(d.StationIDs)}
}

// deputyRow is a row of deputies as stored.
type deputyRow struct {
	ID               int64     `db:"id"`
	Name             string    `db:"name"`
	PhoneEnc         []byte    `db:"phone_enc"`
	Levels           string    `db:"levels"`
	Grassroots       bool      `db:"grassroots"`
	EmployerName     string    `db:"employer_name"`
	EmployerContact  string    `db:"employer_contact"`
	EmployerPhoneEnc []byte    `db:"employer_phone_enc"`
	Active           bool      `db:"active"`
	CreatedAt        time.Time `db:"created_at"`
	UpdatedAt        time.Time `db:"updated_at"`
}

const deputyColumns = `d.id, d.name, d.phone_enc, d.levels, d.grassroots, d.employer_name, d.employer_contact,
	d.employer_phone_enc, d.active, d.created_at, d.updated_at`

// deputy opens the row's phones. Every deputy an answer to staff shows is
// one the caller's scope covers (any other is 404), and the API masks phone
// numbers "unless the caller is staff with scope": so here they are whole.
// Views for others (the deputy's own profile, the public card) mask or omit them.
func (s *Service) deputy(r deputyRow) (*Deputy, error) {
	phone, err := s.openPhone(r.PhoneEnc)
	if err != nil {
		return nil, err
	}
	emp, err := s.openPhone(r.EmployerPhoneEnc)
	if err != nil {
		return nil, err
	}
	return &Deputy{
		ID: r.ID, Name: r.Name, Phone: phone, Levels: splitList(r.Levels), Grassroots: r.Grassroots,
		Employer:   Employer{Name: r.EmployerName, ContactName: r.EmployerContact, ContactPhone: emp},
		StationIDs: []int64{}, Active: r.Active, CreatedAt: local(r.CreatedAt), UpdatedAt: local(r.UpdatedAt),
	}, nil
}

// deputyInScope loads a deputy the scope covers, with phones in clear (404 otherwise).
func (s *Service) deputyInScope(ctx context.Context, q store.Queryer, scope access.Scope, id int64, lock bool) (*Deputy, error) {
	if lock {
		if err := lockRow(ctx, q, "deputies", id); err != nil {
			return nil, err
		}
	}
	where, args := deputyScopeSQL(scope, "d.id")
	query := `SELECT ` + deputyColumns + ` FROM deputies d WHERE d.id = ? AND ` + where
	var r deputyRow
	err := q.GetContext(ctx, &r, query, append([]any{id}, args...)...)
	if store.IsNoRows(err) {
		return nil, ErrDeputyNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: deputy: %w", err)
	}
	d, err := s.deputy(r)
	if err != nil {
		return nil, err
	}
	if err := q.SelectContext(ctx, &d.StationIDs, `SELECT station_id FROM station_deputies WHERE deputy_id = ? ORDER BY station_id`, id); err != nil {
		return nil, fmt.Errorf("registry: deputy stations: %w", err)
	}
	return d, nil
}

// Deputy is one deputy in the caller's scope.
func (s *Service) Deputy(ctx context.Context, p *access.Principal, id int64) (*Deputy, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	return s.deputyInScope(ctx, s.DB, p.Scope(), id, false)
}

// DeputyFilter narrows the list of deputies.
type DeputyFilter struct {
	// StationID keeps the members of one station (in scope, else 404).
	StationID int64
	// Q is part of the name, or a whole mobile number.
	Q string
	// Level keeps the deputies of one level (national … township).
	Level string
	// Grassroots, when set, keeps the grassroots deputies (true) or the others.
	Grassroots *bool
}

// Validate checks the filter.
func (f DeputyFilter) Validate() apperr.FieldErrors {
	fe := apperr.FieldErrors{}
	fe.Check(f.StationID < 0, "station_id", "联络站编号无效")
	fe.Check(len([]rune(f.Q)) > 50, "q", "搜索词不超过50个字")
	fe.Check(f.Level != "" && !slices.Contains(Levels, f.Level), "level", "未知的层级")
	return fe
}

// Deputies lists the deputies in the caller's scope in the order they were
// entered (created_at, then id), a page at a time.
func (s *Service) Deputies(ctx context.Context, p *access.Principal, f DeputyFilter, page store.Page) ([]Deputy, store.Cursor, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, store.Cursor{}, err
	}
	f.Q = strings.TrimSpace(f.Q)
	if err := f.Validate().Err(); err != nil {
		return nil, store.Cursor{}, err
	}
	scope := p.Scope()
	page = normalPage(page)
	where, args := deputyScopeSQL(scope, "d.id")
	after, afterArgs := page.Since("d.created_at", "d.id")
	query := `SELECT ` + deputyColumns + ` FROM deputies d WHERE ` + where + ` AND ` + after
	args = append(args, afterArgs...)
	if f.StationID > 0 {
		if _, err := stationInScope(ctx, s.DB, scope, f.StationID, false); err != nil {
			return nil, store.Cursor{}, err
		}
		query += ` AND EXISTS (SELECT 1 FROM station_deputies sdf WHERE sdf.deputy_id = d.id AND sdf.station_id = ?)`
		args = append(args, f.StationID)
	}
	if phone, ok := pii.NormalizeMobile(f.Q); ok {
		query += ` AND d.phone_hash = ?`
		args = append(args, s.Box.Hash(phone))
	} else if f.Q != "" {
		query += ` AND d.name LIKE ?`
		args = append(args, likeContains(f.Q))
	}
	if f.Level != "" {
		query += ` AND FIND_IN_SET(?, d.levels) > 0`
		args = append(args, f.Level)
	}
	if f.Grassroots != nil {
		query += ` AND d.grassroots = ?`
		args = append(args, *f.Grassroots)
	}
	query += ` ORDER BY d.created_at, d.id LIMIT ?`
	args = append(args, page.Limit+1)
	var rows []deputyRow
	if err := s.DB.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("registry: deputies: %w", err)
	}
	rows, next := store.Next(rows, page, func(r deputyRow) store.Cursor { return store.Cursor{At: r.CreatedAt, ID: r.ID} })
	out := make([]Deputy, 0, len(rows))
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		d, err := s.deputy(r)
		if err != nil {
			return nil, store.Cursor{}, err
		}
		out = append(out, *d)
		ids = append(ids, r.ID)
	}
	if err := s.fillStationIDs(ctx, out, ids); err != nil {
		return nil, store.Cursor{}, err
	}
	return out, next, nil
}

// fillStationIDs loads the stations of a page of deputies in one query.
func (s *Service) fillStationIDs(ctx context.Context, out []Deputy, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	q, args, err := store.In(`SELECT deputy_id, station_id FROM station_deputies WHERE deputy_id IN (?) ORDER BY station_id`, ids)
	if err != nil {
		return err
	}
	var rows []struct {
		DeputyID  int64 `db:"deputy_id"`
		StationID int64 `db:"station_id"`
	}
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return fmt.Errorf("registry: deputies' stations: %w", err)
	}
	byDeputy := map[int64][]int64{}
	for _, r := range rows {
		byDeputy[r.DeputyID] = append(byDeputy[r.DeputyID], r.StationID)
	}
	for i := range out {
		if ids := byDeputy[out[i].ID]; ids != nil {
			out[i].StationIDs = ids
		}
	}
	return nil
}

package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/store"
)

// Group kinds (代表小组, item 14).
const (
	GroupByArea       = "area"
	GroupByProfession = "profession" // 专业代表小组, with a topic
)

// groupKindProblem names the kinds' codes, which a client sends, with what each means.
const groupKindProblem = "类型应为 area（按区域）或 profession（按专业）"

// ErrGroupNotFound is the 404 for a group that is not there or not the caller's.
var ErrGroupNotFound = apperr.NotFound("group_not_found", "代表小组不存在")

var errGroupAreaOutOfScope = apperr.Forbidden("area_out_of_scope", "无权管理该行政区划的代表小组")

// Group is a deputy group.
type Group struct {
	ID               int64     `json:"id" db:"id"`
	Name             string    `json:"name" db:"name"`
	Kind             string    `json:"kind" db:"kind"`
	Topic            string    `json:"topic" db:"topic"`
	AreaCode         string    `json:"area_code" db:"area_code"`
	Area             AreaRef   `json:"area" db:"-"`
	ConvenorDeputyID *int64    `json:"convenor_deputy_id" db:"convenor_deputy_id"`
	DeputyIDs        []int64   `json:"deputy_ids" db:"-"`
	CreatedAt        time.Time `json:"created_at" db:"created_at"`
	UpdatedAt        time.Time `json:"updated_at" db:"updated_at"`
	AreaName         string    `json:"-" db:"area_name"`
}

// GroupInput is the body of a group's creation or change; a field left out
// (nil) is not changed. DeputyIDs replaces the members; convenor_deputy_id 0
// leaves the group without a convenor.
type GroupInput struct {
	Name             *string `json:"name"`
	Kind             *string `json:"kind"`
	Topic            *string `json:"topic"`
	AreaCode         *string `json:"area_code"`
	ConvenorDeputyID *int64  `json:"convenor_deputy_id"`
	DeputyIDs        []int64 `json:"deputy_ids"`
}

func (in GroupInput) applyTo(g *Group) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&g.Name, in.Name)
	set(&g.Kind, in.Kind)
	set(&g.Topic, in.Topic)
	set(&g.AreaCode, in.AreaCode)
	if in.ConvenorDeputyID != nil {
		g.ConvenorDeputyID = in.ConvenorDeputyID
		if *in.ConvenorDeputyID == 0 {
			g.ConvenorDeputyID = nil
		}
	}
	if in.DeputyIDs != nil {
		g.DeputyIDs = in.DeputyIDs
	}
}

// Validate checks a group as it would be stored; the members are sorted once.
func (g *Group) Validate() apperr.FieldErrors {
	f := apperr.FieldErrors{}
	n := len([]rune(g.Name))
	f.Check(n < 2 || n > 100, "name", "名称应为2–100个字")
	f.Check(g.Kind != GroupByArea && g.Kind != GroupByProfession, "kind", groupKindProblem)
	f.Check(g.Kind == GroupByProfession && g.Topic == "", "topic", "专业代表小组须填写专业领域")
	f.Check(len([]rune(g.Topic)) > 50, "topic", "专业领域不超过50个字")
	f.Check(!areaCodePattern.MatchString(g.AreaCode), "area_code", "请选择行政区划")
	ids := slices.Clone(g.DeputyIDs)
	slices.Sort(ids)
	g.DeputyIDs = slices.Compact(ids)
	f.Check(len(g.DeputyIDs) > 0 && g.DeputyIDs[0] <= 0, "deputy_ids", "代表编号无效")
	f.Check(g.ConvenorDeputyID != nil && *g.ConvenorDeputyID < 0, "convenor_deputy_id", "代表编号无效")
	f.Check(g.ConvenorDeputyID != nil && !slices.Contains(g.DeputyIDs, *g.ConvenorDeputyID), "convenor_deputy_id", "召集人须为小组成员")
	return f
}

// checkGroup runs the database checks of a group: its area exists and is
// covered, and every deputy it gains is one the caller may see.
func (s *Service) checkGroup(ctx context.Context, tx *sqlx.Tx, scope access.Scope, g *Group, oldArea string, oldMembers []int64) error {
	f := g.Validate()
	if g.AreaCode != oldArea {
		if err := s.checkArea(ctx, tx, f, "area_code", g.AreaCode); err != nil {
			return err
		}
	}
	if _, bad := f["deputy_ids"]; !bad {
		var added []int64
		for _, id := range g.DeputyIDs {
			if !slices.Contains(oldMembers, id) {
				added = append(added, id)
			}
		}
		missing, err := s.invisibleDeputies(ctx, tx, scope, added)
		if err != nil {
			return err
		}
		f.Check(len(missing) > 0, "deputy_ids", "代表不存在："+joinIDs(missing))
	}
	if err := f.Err(); err != nil {
		return err
	}
	if g.AreaCode != oldArea && !scope.CoversArea(g.AreaCode) {
		return errGroupAreaOutOfScope
	}
	return nil
}

// invisibleDeputies are those of ids that do not exist or lie outside the scope.
func (s *Service) invisibleDeputies(ctx context.Context, q store.Queryer, scope access.Scope, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	where, args := deputyScopeSQL(scope, "d.id")
	query, inArgs, err := store.In(`SELECT d.id FROM deputies d WHERE d.id IN (?)`, ids)
	if err != nil {
		return nil, err
	}
	var found []int64
	if err := q.SelectContext(ctx, &found, query+" AND "+where, append(inArgs, args...)...); err != nil {
		return nil, fmt.Errorf("registry: group deputies: %w", err)
	}
	var missing []int64
	for _, id := range ids {
		if !slices.Contains(found, id) {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}

// CreateGroup adds a deputy group in an area the caller covers (403 otherwise).
func (s *Service) CreateGroup(ctx context.Context, p *access.Principal, in GroupInput) (*Group, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	var g Group
	in.applyTo(&g)
	var id int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := s.checkGroup(ctx, tx, p.Scope(), &g, "", nil); err != nil {
			return err
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO deputy_groups (name, kind, topic, area_code, convenor_deputy_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, g.Name, g.Kind, g.Topic, g.AreaCode, g.ConvenorDeputyID, now, now)
		if err != nil {
			return fmt.Errorf("registry: insert group: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("registry: group id: %w", err)
		}
		if err := setGroupMembers(ctx, tx, id, g.DeputyIDs, nil, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, audit.GroupCreate, audit.Subject("group", id),
			fmt.Sprintf("新建代表小组「%s」（%s），成员 %s", g.Name, g.AreaCode, show(g.DeputyIDs)))
	})
	if err != nil {
		return nil, err
	}
	return s.Group(ctx, p, id)
}

// UpdateGroup changes the given fields of a group whose area the caller covers.
func (s *Service) UpdateGroup(ctx context.Context, p *access.Principal, id int64, in GroupInput) (*Group, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	scope := p.Scope()
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		g, err := groupInScope(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		oldArea, oldMembers, before := g.AreaCode, slices.Clone(g.DeputyIDs), *g
		in.applyTo(g)
		if err := s.checkGroup(ctx, tx, scope, g, oldArea, oldMembers); err != nil {
			return err
		}
		now := s.now()
		_, err = tx.ExecContext(ctx, `UPDATE deputy_groups SET name = ?, kind = ?, topic = ?, area_code = ?, convenor_deputy_id = ?, updated_at = ?
			WHERE id = ?`, g.Name, g.Kind, g.Topic, g.AreaCode, g.ConvenorDeputyID, now, id)
		if err != nil {
			return fmt.Errorf("registry: update group: %w", err)
		}
		if err := setGroupMembers(ctx, tx, id, g.DeputyIDs, oldMembers, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, audit.GroupUpdate, audit.Subject("group", id), fmt.Sprintf("修改代表小组「%s」：%s", before.Name,
			changes(change{"名称", before.Name, g.Name}, change{"类型", before.Kind, g.Kind}, change{"专业领域", before.Topic, g.Topic},
				change{"行政区划", oldArea, g.AreaCode}, change{"召集人", before.ConvenorDeputyID, g.ConvenorDeputyID},
				change{"成员", oldMembers, g.DeputyIDs})))
	})
	if err != nil {
		return nil, err
	}
	return s.Group(ctx, p, id)
}

func setGroupMembers(ctx context.Context, tx *sqlx.Tx, groupID int64, want, current []int64, now time.Time) error {
	for _, id := range want {
		if slices.Contains(current, id) {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO deputy_group_members (group_id, deputy_id, created_at) VALUES (?, ?, ?)`, groupID, id, now)
		if err != nil {
			return fmt.Errorf("registry: add group member: %w", err)
		}
	}
	var removed []int64
	for _, id := range current {
		if !slices.Contains(want, id) {
			removed = append(removed, id)
		}
	}
	if len(removed) == 0 {
		return nil
	}
	q, args, err := store.In(`DELETE FROM deputy_group_members WHERE group_id = ? AND deputy_id IN (?)`, groupID, removed)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("registry: remove group members: %w", err)
	}
	return nil
}

const groupColumns = `g.id, g.name, g.kind, g.topic, g.area_code, g.convenor_deputy_id, g.created_at, g.updated_at, a.name AS area_name`

func groupInScope(ctx context.Context, q store.Queryer, scope access.Scope, id int64, lock bool) (*Group, error) {
	if lock {
		if err := lockRow(ctx, q, "deputy_groups", id); err != nil {
			return nil, err
		}
	}
	where, args := areaScopeSQL(scope, "g.area_code")
	query := `SELECT ` + groupColumns + ` FROM deputy_groups g JOIN areas a ON a.code = g.area_code WHERE g.id = ? AND ` + where
	var g Group
	err := q.GetContext(ctx, &g, query, append([]any{id}, args...)...)
	if store.IsNoRows(err) {
		return nil, ErrGroupNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registry: group: %w", err)
	}
	g.finish()
	if err := q.SelectContext(ctx, &g.DeputyIDs, `SELECT deputy_id FROM deputy_group_members WHERE group_id = ? ORDER BY deputy_id`, id); err != nil {
		return nil, fmt.Errorf("registry: group members: %w", err)
	}
	return &g, nil
}

func (g *Group) finish() {
	g.Area = AreaRef{Code: g.AreaCode, Name: g.AreaName}
	g.DeputyIDs = []int64{}
	g.CreatedAt, g.UpdatedAt = local(g.CreatedAt), local(g.UpdatedAt)
}

// Group is one group whose area the caller covers.
func (s *Service) Group(ctx context.Context, p *access.Principal, id int64) (*Group, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	return groupInScope(ctx, s.DB, p.Scope(), id, false)
}

// GroupFilter narrows the list of groups.
type GroupFilter struct {
	AreaCode string // the area's subtree
	Kind     string
	// DeputyID keeps the groups that deputy is a member of.
	DeputyID int64
}

// Validate checks the filter.
func (f GroupFilter) Validate() apperr.FieldErrors {
	fe := apperr.FieldErrors{}
	fe.Check(f.AreaCode != "" && !areaCodePattern.MatchString(f.AreaCode), "area_code", "行政区划代码应为6位或9位数字")
	fe.Check(f.Kind != "" && f.Kind != GroupByArea && f.Kind != GroupByProfession, "kind", groupKindProblem)
	return fe
}

// Groups lists the groups whose areas the caller covers, a page at a time.
func (s *Service) Groups(ctx context.Context, p *access.Principal, f GroupFilter, page store.Page) ([]Group, store.Cursor, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, store.Cursor{}, err
	}
	if err := f.Validate().Err(); err != nil {
		return nil, store.Cursor{}, err
	}
	page = normalPage(page)
	where, args := areaScopeSQL(p.Scope(), "g.area_code")
	after, afterArgs := page.Since("g.created_at", "g.id")
	query := `SELECT ` + groupColumns + ` FROM deputy_groups g JOIN areas a ON a.code = g.area_code WHERE ` + where + ` AND ` + after
	args = append(args, afterArgs...)
	if f.AreaCode != "" {
		query += ` AND g.area_code LIKE ?`
		args = append(args, access.AreaPrefix(f.AreaCode)+"%")
	}
	if f.Kind != "" {
		query += ` AND g.kind = ?`
		args = append(args, f.Kind)
	}
	if f.DeputyID > 0 {
		query += ` AND EXISTS (SELECT 1 FROM deputy_group_members gm WHERE gm.group_id = g.id AND gm.deputy_id = ?)`
		args = append(args, f.DeputyID)
	}
	query += ` ORDER BY g.created_at, g.id LIMIT ?`
	args = append(args, page.Limit+1)
	rows := []Group{}
	if err := s.DB.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("registry: groups: %w", err)
	}
	rows, next := store.Next(rows, page, func(g Group) store.Cursor { return store.Cursor{At: g.CreatedAt, ID: g.ID} })
	if len(rows) == 0 {
		return rows, next, nil
	}
	ids := make([]int64, len(rows))
	for i := range rows {
		rows[i].finish()
		ids[i] = rows[i].ID
	}
	q, inArgs, err := store.In(`SELECT group_id, deputy_id FROM deputy_group_members WHERE group_id IN (?) ORDER BY deputy_id`, ids)
	if err != nil {
		return nil, store.Cursor{}, err
	}
	var members []struct {
		GroupID  int64 `db:"group_id"`
		DeputyID int64 `db:"deputy_id"`
	}
	if err := s.DB.SelectContext(ctx, &members, q, inArgs...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("registry: group members: %w", err)
	}
	for _, m := range members {
		i := slices.IndexFunc(rows, func(g Group) bool { return g.ID == m.GroupID })
		rows[i].DeputyIDs = append(rows[i].DeputyIDs, m.DeputyID)
	}
	return rows, next, nil
}

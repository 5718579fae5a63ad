package consultations

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/store"
)

// Lengths of a consultation's texts, in characters.
const (
	maxTitle       = 200
	maxExplanation = 20000
	maxText        = 200000
	maxStations    = 2000
)

// Input is a new consultation, or a change of one (PATCH: nil is kept).
// Where it is consulted: every station of AreaCode, or only StationIDs
// (then AreaCode, when left out, is the city — or the region — they lie in).
type Input struct {
	Title       *string    `json:"title"`
	Explanation *string    `json:"explanation"`
	Text        *string    `json:"text"`
	OpensAt     *time.Time `json:"opens_at"`
	ClosesAt    *time.Time `json:"closes_at"`
	AreaCode    *string    `json:"area_code"`
	StationIDs  *[]int64   `json:"station_ids"`
}

// Consultation is a consultation as the staff who run it see it.
type Consultation struct {
	ID          int64      `json:"id" db:"id"`
	Title       string     `json:"title" db:"title"`
	Explanation string     `json:"explanation" db:"explanation"`
	Text        string     `json:"text" db:"body"`
	AreaCode    string     `json:"area_code" db:"area_code"`
	AreaName    string     `json:"area_name" db:"area_name"`
	Reach       string     `json:"-" db:"reach"`
	StationIDs  []int64    `json:"station_ids" db:"-"`
	OpensAt     time.Time  `json:"opens_at" db:"opens_at"`
	ClosesAt    time.Time  `json:"closes_at" db:"closes_at"`
	Status      string     `json:"status" db:"status"`
	CreatedAt   time.Time  `json:"created_at" db:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at" db:"updated_at"`
	PublishedAt *time.Time `json:"published_at" db:"published_at"`
	ClosedAt    *time.Time `json:"closed_at" db:"closed_at"`
	ReviewedAt  *time.Time `json:"reviewed_at" db:"reviewed_at"`
	// Chapters are the chapter headings in order; Articles the draft by
	// article, each with its count of opinions; Opinions counts them all
	// (on the whole draft too).
	Chapters []string  `json:"chapters" db:"-"`
	Articles []Article `json:"articles" db:"-"`
	Opinions int       `json:"opinions" db:"-"`
	// Warnings are what the split found odd (numbers skipped, a preamble):
	// for staff to check before they publish.
	Warnings []string `json:"warnings" db:"-"`
}

// Article is one article of a published or drafted consultation.
type Article struct {
	ID       int64  `json:"id" db:"id"`
	Number   string `json:"number" db:"number"`
	Chapter  string `json:"chapter" db:"chapter"`
	Text     string `json:"text" db:"text"`
	Opinions int    `json:"opinions" db:"opinions"`
}

const consultationColumns = `c.id, c.title, c.explanation, c.body, c.area_code, COALESCE(ar.name, '') AS area_name, c.reach,
	c.opens_at, c.closes_at, c.status, c.created_at, c.updated_at, c.published_at, c.closed_at, c.reviewed_at`

// consultationFrom joins areas (registry's table, read only) for the area's name.
const consultationFrom = ` FROM consultations c LEFT JOIN areas ar ON ar.code = c.area_code`

// shownStatus: an open consultation whose closes_at has passed is closed.
func shownStatus(status string, closesAt, now time.Time) string {
	if status == StatusOpen && !closesAt.After(now) {
		return StatusClosed
	}
	return status
}

func (c *Consultation) finish(now time.Time) {
	c.Status = shownStatus(c.Status, c.ClosesAt, now)
	c.OpensAt, c.ClosesAt, c.CreatedAt, c.UpdatedAt = sh(c.OpensAt), sh(c.ClosesAt), sh(c.CreatedAt), sh(c.UpdatedAt)
	c.PublishedAt, c.ClosedAt, c.ReviewedAt = shp(c.PublishedAt), shp(c.ClosedAt), shp(c.ReviewedAt)
	if c.StationIDs == nil {
		c.StationIDs = []int64{}
	}
}

// applyTo writes the given fields onto c.
func (in Input) applyTo(c *Consultation) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&c.Title, in.Title)
	set(&c.Explanation, in.Explanation)
	set(&c.AreaCode, in.AreaCode)
	if in.Text != nil {
		c.Text = strings.TrimSpace(*in.Text)
	}
	if in.OpensAt != nil {
		c.OpensAt = in.OpensAt.UTC().Truncate(time.Millisecond)
	}
	if in.ClosesAt != nil {
		c.ClosesAt = in.ClosesAt.UTC().Truncate(time.Millisecond)
	}
	if in.StationIDs != nil {
		c.StationIDs = slices.Compact(slices.Sorted(slices.Values(*in.StationIDs)))
	}
}

// validate checks a consultation as it would be stored, and splits its text.
func (c *Consultation) validate() (Split, apperr.FieldErrors) {
	f := apperr.FieldErrors{}
	f.Check(c.Title == "" || utf8.RuneCountInString(c.Title) > maxTitle, "title", fmt.Sprintf("标题须为 1–%d 个字", maxTitle))
	f.Check(utf8.RuneCountInString(c.Explanation) > maxExplanation, "explanation", fmt.Sprintf("起草说明不能超过 %d 个字", maxExplanation))
	f.Check(c.Text == "", "text", "请粘贴草案全文")
	f.Check(utf8.RuneCountInString(c.Text) > maxText, "text", fmt.Sprintf("草案全文不能超过 %d 个字", maxText))
	split := SplitText(c.Text)
	f.Check(c.Text != "" && len(split.Articles) == 0, "text", "没有找到条文：每一条应另起一行，以“第一条”“第二条”……开头")
	f.Check(c.OpensAt.IsZero(), "opens_at", "请填写开始时间")
	f.Check(!c.OpensAt.IsZero() && !clock.Sane(c.OpensAt), "opens_at", clock.SaneRange)
	f.Check(c.ClosesAt.IsZero() || !c.ClosesAt.After(c.OpensAt), "closes_at", "截止时间须晚于开始时间")
	f.Check(!c.ClosesAt.IsZero() && !clock.Sane(c.ClosesAt), "closes_at", clock.SaneRange)
	f.Check(len(c.StationIDs) > maxStations, "station_ids", fmt.Sprintf("联络站不能超过 %d 个", maxStations))
	for _, id := range c.StationIDs {
		f.Check(id <= 0, "station_ids", "联络站编号无效")
	}
	f.Check(c.AreaCode == "" && len(c.StationIDs) == 0, "area_code", "请选择征求意见的地区，或选择联络站")
	f.Check(c.AreaCode != "" && !officeArea(c.AreaCode), "area_code", "征求意见由自治区或设区的市人大常委会发起，请选择自治区或市")
	return split, f
}

// officeArea reports whether code is a region's or a city's (450000, 450100).
func officeArea(code string) bool {
	return len(code) == 6 && strings.HasSuffix(code, "00")
}

// cityOf is the city (or region) code an area lies in: the office that may
// run a consultation there.
func cityOf(code string) string {
	if len(code) < 4 {
		return code
	}
	return code[:4] + "00"
}

// placeStations checks the listed stations and, when no area was given,
// takes the city they all lie in (the region when they span cities). Every
// station must exist, lie in the area, and be one the caller covers.
func (s *Service) placeStations(ctx context.Context, q store.Queryer, p *access.Principal, c *Consultation, f apperr.FieldErrors) error {
	if len(c.StationIDs) == 0 {
		return nil
	}
	query, args, err := store.In(`SELECT id, area_code FROM stations WHERE id IN (?)`, c.StationIDs)
	if err != nil {
		return err
	}
	var rows []struct {
		ID   int64  `db:"id"`
		Area string `db:"area_code"`
	}
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return fmt.Errorf("consultations: stations: %w", err)
	}
	if len(rows) != len(c.StationIDs) {
		f.Add("station_ids", "有联络站不存在")
		return nil
	}
	if c.AreaCode == "" {
		c.AreaCode = cityOf(rows[0].Area)
		for _, r := range rows {
			if cityOf(r.Area) != c.AreaCode {
				c.AreaCode = r.Area[:2] + "0000"
			}
		}
	}
	prefix := access.AreaPrefix(c.AreaCode)
	scope := p.Scope()
	for _, r := range rows {
		f.Check(!strings.HasPrefix(r.Area, prefix), "station_ids", "所选联络站不在征求意见的地区内")
		f.Check(!scope.CoversStation(r.ID, r.Area), "station_ids", "所选联络站不在您的管辖范围内")
	}
	return nil
}

// checkOffice: the caller runs consultations of the area (its staff or an admin).
func (s *Service) checkOffice(ctx context.Context, q store.Queryer, p *access.Principal, c *Consultation, f apperr.FieldErrors) error {
	if c.AreaCode == "" || f["area_code"] != "" {
		return nil
	}
	var n int
	if err := q.GetContext(ctx, &n, `SELECT COUNT(*) FROM areas WHERE code = ?`, c.AreaCode); err != nil {
		return fmt.Errorf("consultations: area: %w", err)
	}
	if n == 0 {
		f.Add("area_code", "行政区划不存在")
		return nil
	}
	if !p.Scope().CoversArea(c.AreaCode) {
		return errAreaOutOfScope
	}
	return nil
}

// Create saves a draft, split into articles.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (*Consultation, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	c := &Consultation{}
	in.applyTo(c)
	var id int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		split, f := c.validate()
		if err := s.placeStations(ctx, tx, p, c, f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err // the fields first: a station out of reach says which
		}
		if err := s.checkOffice(ctx, tx, p, c, f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		reach := "area"
		if len(c.StationIDs) > 0 {
			reach = "stations"
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO consultations (title, explanation, body, area_code, reach, opens_at, closes_at, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`, c.Title, c.Explanation, c.Text, c.AreaCode, reach, c.OpensAt, c.ClosesAt, nullID(p.UserID), now, now)
		if err != nil {
			return fmt.Errorf("consultations: create: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := writeStations(ctx, tx, id, c.StationIDs); err != nil {
			return err
		}
		if err := writeArticles(ctx, tx, id, split); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, ActionCreate, audit.Subject("consultation", id), "新建征求意见稿「"+c.Title+"」")
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// Update changes a draft (its text is split again); once published only
// the closing time may change, and only while it is open.
func (s *Service) Update(ctx context.Context, p *access.Principal, id int64, in Input) (*Consultation, error) {
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		c, err := s.manage(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		now := s.now()
		if c.Status != StatusDraft {
			frozen := in.Title != nil || in.Explanation != nil || in.Text != nil || in.OpensAt != nil || in.AreaCode != nil || in.StationIDs != nil
			if frozen || shownStatus(c.Status, c.ClosesAt, now) != StatusOpen {
				return ErrNotDraft
			}
		}
		if in.StationIDs != nil && in.AreaCode == nil && len(*in.StationIDs) > 0 {
			c.AreaCode = "" // taken again from the stations
		}
		in.applyTo(c)
		split, f := c.validate()
		if c.Status != StatusDraft {
			f.Check(!c.ClosesAt.After(now), "closes_at", "截止时间须晚于现在")
		}
		if err := s.placeStations(ctx, tx, p, c, f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err // the fields first: a station out of reach says which
		}
		if err := s.checkOffice(ctx, tx, p, c, f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		reach := "area"
		if len(c.StationIDs) > 0 {
			reach = "stations"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET title = ?, explanation = ?, body = ?, area_code = ?, reach = ?, opens_at = ?, closes_at = ?, updated_at = ?
			WHERE id = ?`, c.Title, c.Explanation, c.Text, c.AreaCode, reach, c.OpensAt, c.ClosesAt, now, id); err != nil {
			return fmt.Errorf("consultations: update: %w", err)
		}
		if c.Status == StatusDraft {
			if _, err := tx.ExecContext(ctx, `DELETE FROM consultation_stations WHERE consultation_id = ?`, id); err != nil {
				return err
			}
			if err := writeStations(ctx, tx, id, c.StationIDs); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM consultation_articles WHERE consultation_id = ?`, id); err != nil {
				return err
			}
			if err := writeArticles(ctx, tx, id, split); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p, ActionUpdate, audit.Subject("consultation", id), "修改征求意见稿「"+c.Title+"」")
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// Publish opens a draft for opinions: its articles are frozen.
func (s *Service) Publish(ctx context.Context, p *access.Principal, id int64) (*Consultation, error) {
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		c, err := s.manage(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		if c.Status != StatusDraft {
			return ErrNotDraft
		}
		now := s.now()
		if !c.ClosesAt.After(now) {
			return apperr.Invalid(map[string]string{"closes_at": "截止时间已过，请先修改截止时间"})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET status = 'open', published_at = ?, updated_at = ? WHERE id = ?`, now, now, id); err != nil {
			return fmt.Errorf("consultations: publish: %w", err)
		}
		return audit.Record(ctx, tx, p, ActionPublish, audit.Subject("consultation", id), "发布征求意见稿「"+c.Title+"」")
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// Close ends an open consultation (before its closes_at, or to mark it
// closed after); opinions are refused from then on.
func (s *Service) Close(ctx context.Context, p *access.Principal, id int64) (*Consultation, error) {
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		c, err := s.manage(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		if c.Status != StatusOpen {
			return ErrNotOpen
		}
		now := s.now()
		closes := c.ClosesAt
		if closes.After(now) {
			closes = now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET status = 'closed', closes_at = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
			closes, now, now, id); err != nil {
			return fmt.Errorf("consultations: close: %w", err)
		}
		return audit.Record(ctx, tx, p, ActionClose, audit.Subject("consultation", id), "结束征求意见「"+c.Title+"」")
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// Get is a consultation the caller runs: its text, chapters, articles with
// their counts of opinions, and the split's warnings.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (*Consultation, error) {
	c, err := s.manage(ctx, s.DB, p, id, false)
	if err != nil {
		return nil, err
	}
	if c.Articles, err = s.articles(ctx, s.DB, id); err != nil {
		return nil, err
	}
	if c.Opinions, err = s.countOpinions(ctx, id); err != nil {
		return nil, err
	}
	split := SplitText(c.Text)
	c.Chapters, c.Warnings = split.Chapters, split.Warnings
	c.finish(s.now())
	return c, nil
}

// manage loads a consultation the caller runs: staff (or an admin) whose
// scope covers its area. Any other is not found.
func (s *Service) manage(ctx context.Context, q store.Queryer, p *access.Principal, id int64, lock bool) (*Consultation, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	c, err := load(ctx, q, id, lock)
	if err != nil {
		return nil, err
	}
	if !p.Scope().CoversArea(c.AreaCode) {
		return nil, ErrNotFound
	}
	if c.Reach == "stations" {
		if err := q.SelectContext(ctx, &c.StationIDs, `SELECT station_id FROM consultation_stations WHERE consultation_id = ? ORDER BY station_id`, id); err != nil {
			return nil, fmt.Errorf("consultations: stations: %w", err)
		}
	}
	return c, nil
}

func load(ctx context.Context, q store.Queryer, id int64, lock bool) (*Consultation, error) {
	if lock {
		// The consultation's row only: areas is read plainly below.
		var locked int64
		err := q.GetContext(ctx, &locked, `SELECT id FROM consultations WHERE id = ? FOR UPDATE`, id)
		if store.IsNoRows(err) {
			return nil, ErrNotFound
		}
		if err != nil {
			return nil, fmt.Errorf("consultations: lock %d: %w", id, err)
		}
	}
	var c Consultation
	err := q.GetContext(ctx, &c, `SELECT `+consultationColumns+consultationFrom+` WHERE c.id = ?`, id)
	if store.IsNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("consultations: load %d: %w", id, err)
	}
	return &c, nil
}

// articles are a consultation's articles in order, each with its count of opinions.
func (s *Service) articles(ctx context.Context, q store.Queryer, id int64) ([]Article, error) {
	out := []Article{}
	err := q.SelectContext(ctx, &out, `SELECT a.id, a.number, a.chapter, a.text,
		(SELECT COUNT(*) FROM consultation_opinions o WHERE o.consultation_id = a.consultation_id AND o.article_id = a.id) AS opinions
		FROM consultation_articles a WHERE a.consultation_id = ? ORDER BY a.position`, id)
	if err != nil {
		return nil, fmt.Errorf("consultations: articles: %w", err)
	}
	return out, nil
}

func (s *Service) countOpinions(ctx context.Context, id int64) (int, error) {
	var n int
	if err := s.DB.GetContext(ctx, &n, `SELECT COUNT(*) FROM consultation_opinions WHERE consultation_id = ?`, id); err != nil {
		return 0, fmt.Errorf("consultations: count: %w", err)
	}
	return n, nil
}

func writeStations(ctx context.Context, tx *sqlx.Tx, id int64, stations []int64) error {
	for _, st := range stations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_stations (consultation_id, station_id) VALUES (?, ?)`, id, st); err != nil {
			return fmt.Errorf("consultations: stations: %w", err)
		}
	}
	return nil
}

func writeArticles(ctx context.Context, tx *sqlx.Tx, id int64, split Split) error {
	for i, a := range split.Articles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_articles (consultation_id, position, number, chapter, text) VALUES (?, ?, ?, ?, ?)`,
			id, i+1, a.Number, a.Chapter, a.Text); err != nil {
			return fmt.Errorf("consultations: articles: %w", err)
		}
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Summary is a consultation in the staff's list.
type Summary struct {
	ID       int64     `json:"id" db:"id"`
	Title    string    `json:"title" db:"title"`
	AreaCode string    `json:"area_code" db:"area_code"`
	AreaName string    `json:"area_name" db:"area_name"`
	Status   string    `json:"status" db:"status"`
	OpensAt  time.Time `json:"opens_at" db:"opens_at"`
	ClosesAt time.Time `json:"closes_at" db:"closes_at"`
	Opinions int       `json:"opinions" db:"opinions"`
	// Stations counts the stations chosen; 0: the whole area is consulted.
	Stations  int       `json:"stations" db:"stations"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}

// Filter narrows the staff's list: Status is a shown status ("" for all).
type Filter struct {
	Status string
}

// List is the consultations the caller runs (their area's and the areas
// under it), the newest first.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter, page store.Page) ([]Summary, store.Cursor, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, store.Cursor{}, err
	}
	scope := p.Scope()
	where, args := "1=1", []any{}
	if !scope.All {
		var parts []string
		for _, pre := range scope.AreaPrefixes {
			parts = append(parts, "c.area_code LIKE ?")
			args = append(args, pre+"%")
		}
		if len(parts) == 0 {
			return []Summary{}, store.Cursor{}, nil
		}
		where = "(" + strings.Join(parts, " OR ") + ")"
	}
	now := s.now()
	switch f.Status {
	case "":
	case StatusOpen:
		where += " AND c.status = 'open' AND c.closes_at > ?"
		args = append(args, now)
	case StatusClosed:
		where += " AND (c.status = 'closed' OR (c.status = 'open' AND c.closes_at <= ?))"
		args = append(args, now)
	case StatusDraft, StatusReviewed:
		where += " AND c.status = ?"
		args = append(args, f.Status)
	default:
		return nil, store.Cursor{}, apperr.Invalid(map[string]string{"status": "状态应为 draft、open、closed 或 reviewed"})
	}
	after, afterArgs := page.Before("c.created_at", "c.id")
	args = append(append(args, afterArgs...), page.Limit+1)
	var rows []Summary
	err := s.DB.SelectContext(ctx, &rows, `SELECT c.id, c.title, c.area_code, COALESCE(ar.name, '') AS area_name, c.status, c.opens_at, c.closes_at, c.created_at,
		(SELECT COUNT(*) FROM consultation_opinions o WHERE o.consultation_id = c.id) AS opinions,
		(SELECT COUNT(*) FROM consultation_stations cs WHERE cs.consultation_id = c.id) AS stations`+consultationFrom+
		` WHERE `+where+` AND `+after+` ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, store.Cursor{}, fmt.Errorf("consultations: list: %w", err)
	}
	rows, next := store.Next(rows, page, func(r Summary) store.Cursor { return store.Cursor{At: r.CreatedAt, ID: r.ID} })
	for i := range rows {
		r := &rows[i]
		r.Status = shownStatus(r.Status, r.ClosesAt, now)
		r.OpensAt, r.ClosesAt, r.CreatedAt = sh(r.OpensAt), sh(r.ClosesAt), sh(r.CreatedAt)
	}
	if rows == nil {
		rows = []Summary{}
	}
	return rows, next, nil
}

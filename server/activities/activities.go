package activities

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// Statuses of an activity. Finished is shown, not stored: a published
// activity whose end has passed.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusCancelled = "cancelled"
	StatusFinished  = "finished"
)

var (
	errActivityNotFound = apperr.NotFound("activity_not_found", "活动不存在")
	errNotDraft         = apperr.Conflict("activity_not_draft", "活动已发布或已取消")
	errClosed           = apperr.Conflict("activity_closed", "活动已取消或已结束，不能再更改")
)

// Invitees say who is invited: listed deputies, everyone of a station, everyone of a group.
type Invitees struct {
	DeputyIDs []int64 `json:"deputy_ids"`
	StationID int64   `json:"station_id"`
	GroupID   int64   `json:"group_id"`
}

func (i Invitees) empty() bool { return len(i.DeputyIDs) == 0 && i.StationID == 0 && i.GroupID == 0 }

// Activity is an activity as staff see it.
type Activity struct {
	ID             int64     `json:"id" db:"id"`
	StationID      int64     `json:"station_id" db:"station_id"`
	StationName    string    `json:"station_name" db:"station_name"`
	GroupID        *int64    `json:"group_id" db:"group_id"`
	Kind           string    `json:"kind" db:"kind"`
	KindName       string    `json:"kind_name" db:"-"`
	Title          string    `json:"title" db:"title"`
	Description    string    `json:"description" db:"description"`
	StartAt        time.Time `json:"start_at" db:"start_at"`
	EndAt          time.Time `json:"end_at" db:"end_at"`
	Venue          string    `json:"venue" db:"venue"`
	Latitude       *float64  `json:"latitude" db:"latitude"`
	Longitude      *float64  `json:"longitude" db:"longitude"`
	CheckinRadiusM int       `json:"checkin_radius_m" db:"checkin_radius_m"`
	Invitees       Invitees  `json:"invitees" db:"-"`
	// ConsultationID is the consultation a meeting of kind
	// legislative_consultation is about; nil for other kinds.
	ConsultationID *int64     `json:"consultation_id" db:"consultation_id"`
	Status         string     `json:"status" db:"status"`
	Version        int        `json:"version" db:"version"`
	CancelReason   string     `json:"cancel_reason" db:"cancel_reason"`
	PublishedAt    *time.Time `json:"published_at" db:"published_at"`
	CancelledAt    *time.Time `json:"cancelled_at" db:"cancelled_at"`
	CreatedAt      time.Time  `json:"created_at" db:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at" db:"updated_at"`

	InviteesJSON string `json:"-" db:"invitees"`
	Secret       []byte `json:"-" db:"secret"`
	AreaCode     string `json:"-" db:"area_code"`
}

const activityColumns = `a.id, a.station_id, s.name AS station_name, a.group_id, a.kind, a.title, a.description, a.start_at, a.end_at,
	a.venue, a.latitude, a.longitude, a.checkin_radius_m, a.invitees, a.status, a.version, a.cancel_reason, a.published_at,
	a.cancelled_at, a.created_at, a.updated_at, a.secret, s.area_code, a.consultation_id`

// finish fills the shown fields: the invitation, the kind's name, "finished", times in Asia/Shanghai.
func (a *Activity) finish(now time.Time) {
	_ = json.Unmarshal([]byte(a.InviteesJSON), &a.Invitees)
	if a.Invitees.DeputyIDs == nil {
		a.Invitees.DeputyIDs = []int64{}
	}
	a.KindName = KindName(a.Kind)
	if a.Status == StatusPublished && !a.EndAt.After(now) {
		a.Status = StatusFinished
	}
	a.StartAt, a.EndAt = a.StartAt.In(clock.Shanghai), a.EndAt.In(clock.Shanghai)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.In(clock.Shanghai), a.UpdatedAt.In(clock.Shanghai)
	for _, t := range []**time.Time{&a.PublishedAt, &a.CancelledAt} {
		if *t != nil {
			l := (*t).In(clock.Shanghai)
			*t = &l
		}
	}
}

// Input is a draft, or a change of one (PATCH: nil fields are kept).
type Input struct {
	StationID      *int64     `json:"station_id"`
	GroupID        *int64     `json:"group_id"`
	Kind           *string    `json:"kind"`
	Title          *string    `json:"title"`
	Description    *string    `json:"description"`
	StartAt        *time.Time `json:"start_at"`
	EndAt          *time.Time `json:"end_at"`
	Venue          *string    `json:"venue"`
	Latitude       *float64   `json:"latitude"`
	Longitude      *float64   `json:"longitude"`
	CheckinRadiusM *int       `json:"checkin_radius_m"`
	Invitees       *Invitees  `json:"invitees"`
	// ConsultationID: for kind legislative_consultation, the consultation
	// the meeting is about (0 clears it).
	ConsultationID *int64 `json:"consultation_id"`
}

func (in Input) applyTo(a *Activity) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	if in.StationID != nil {
		a.StationID = *in.StationID
	}
	if in.GroupID != nil {
		a.GroupID = in.GroupID
		if *in.GroupID == 0 {
			a.GroupID = nil
		}
	}
	set(&a.Kind, in.Kind)
	set(&a.Title, in.Title)
	set(&a.Description, in.Description)
	set(&a.Venue, in.Venue)
	if in.StartAt != nil {
		a.StartAt = in.StartAt.UTC().Truncate(time.Millisecond)
	}
	if in.EndAt != nil {
		a.EndAt = in.EndAt.UTC().Truncate(time.Millisecond)
	}
	if in.Latitude != nil {
		a.Latitude = in.Latitude
	}
	if in.Longitude != nil {
		a.Longitude = in.Longitude
	}
	if in.CheckinRadiusM != nil {
		a.CheckinRadiusM = *in.CheckinRadiusM
	}
	if in.Invitees != nil {
		a.Invitees = *in.Invitees
	}
	if in.ConsultationID != nil {
		a.ConsultationID = in.ConsultationID
		if *in.ConsultationID == 0 {
			a.ConsultationID = nil
		}
	}
}

// Validate checks the fields of an activity.
func (a *Activity) Validate() apperr.FieldErrors {
	f := apperr.FieldErrors{}
	f.Check(a.StationID <= 0, "station_id", "请选择联络站")
	f.Check(!KnownKind(a.Kind), "kind", unknownKind())
	f.Check(a.Title == "" || utf8.RuneCountInString(a.Title) > 100, "title", "标题须为 1–100 个字")
	f.Check(utf8.RuneCountInString(a.Description) > 5000, "description", "说明不超过 5000 字")
	f.Check(utf8.RuneCountInString(a.Venue) > 200, "venue", "地点不超过 200 字")
	f.Check(a.StartAt.IsZero(), "start_at", "请填写开始时间")
	f.Check(!a.StartAt.IsZero() && !clock.Sane(a.StartAt), "start_at", clock.SaneRange)
	f.Check(a.EndAt.IsZero() || !a.EndAt.After(a.StartAt), "end_at", "结束时间须晚于开始时间")
	f.Check(!a.EndAt.IsZero() && !clock.Sane(a.EndAt), "end_at", clock.SaneRange)
	f.Check(a.EndAt.Sub(a.StartAt) > 31*24*time.Hour, "end_at", "活动不超过 31 天")
	f.Check((a.Latitude == nil) != (a.Longitude == nil), "latitude", "经纬度须同时填写")
	f.Check(a.Latitude != nil && (*a.Latitude < -90 || *a.Latitude > 90), "latitude", "纬度应在 -90 到 90 之间")
	f.Check(a.Longitude != nil && (*a.Longitude < -180 || *a.Longitude > 180), "longitude", "经度应在 -180 到 180 之间")
	f.Check(a.CheckinRadiusM < 10 || a.CheckinRadiusM > 100_000, "checkin_radius_m", "签到半径须为 10–100000 米")
	f.Check(len(a.Invitees.DeputyIDs) > 10_000, "invitees", "名单过长")
	f.Check(a.Kind == KindLegislativeConsultation && a.ConsultationID == nil, "consultation_id", "请选择本次座谈会征求意见的法规草案")
	f.Check(a.Kind != KindLegislativeConsultation && a.ConsultationID != nil, "consultation_id", "只有立法征询座谈会可以关联法规草案")
	return f
}

// checkScope checks that the station, the group and the invitees are the caller's.
func (s *Service) checkScope(ctx context.Context, q store.Queryer, p *access.Principal, a *Activity, f apperr.FieldErrors) error {
	scope := p.Scope()
	stationIn := func(id int64) (bool, error) { return s.Registry.StationCovered(ctx, q, scope, id) }
	if a.StationID > 0 {
		ok, err := stationIn(a.StationID)
		if err != nil {
			return fmt.Errorf("activities: station: %w", err)
		}
		f.Check(!ok, "station_id", "联络站不存在")
	}
	if a.Invitees.StationID > 0 {
		ok, err := stationIn(a.Invitees.StationID)
		if err != nil {
			return fmt.Errorf("activities: station: %w", err)
		}
		f.Check(!ok, "invitees", "联络站不存在")
	}
	for _, g := range []int64{ptr(a.GroupID), a.Invitees.GroupID} {
		if g == 0 {
			continue
		}
		if _, err := s.Registry.Group(ctx, p, g); err != nil {
			if apperr.From(err).Kind == apperr.KindNotFound {
				f.Add("invitees", "代表小组不存在")
				continue
			}
			return err
		}
	}
	if a.ConsultationID != nil && a.StationID > 0 && f["consultation_id"] == "" {
		ok := false
		if s.Consultations != nil {
			var err error
			if ok, err = s.Consultations.Reaches(ctx, q, *a.ConsultationID, a.StationID); err != nil {
				return err
			}
		}
		f.Check(!ok, "consultation_id", "这份法规草案不在该联络站征求意见")
	}
	if ids := a.Invitees.DeputyIDs; len(ids) > 0 {
		n, err := s.Registry.CountCoveredDeputies(ctx, q, scope, ids)
		if err != nil {
			return fmt.Errorf("activities: invitees: %w", err)
		}
		f.Check(n != len(unique(ids)), "invitees", "有代表不存在或不在您的管辖范围内")
	}
	return nil
}

func ptr(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func unique(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// Create saves a draft.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (*Activity, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	a := &Activity{}
	in.applyTo(a)
	var id int64
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if a.StationID > 0 && (a.CheckinRadiusM == 0 || a.Latitude == nil) {
			st, err := s.Registry.StationPlace(ctx, tx, a.StationID)
			if err == nil {
				if a.CheckinRadiusM == 0 {
					a.CheckinRadiusM = st.CheckinRadiusM
				}
				if a.Latitude == nil && a.Longitude == nil {
					a.Latitude, a.Longitude = st.Latitude, st.Longitude
				}
			} else if !errors.Is(err, registry.ErrStationNotFound) {
				return fmt.Errorf("activities: station: %w", err)
			}
		}
		f := a.Validate()
		if err := s.checkScope(ctx, tx, p, a, f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		secret := make([]byte, 32)
		_, _ = rand.Read(secret)
		inv, _ := json.Marshal(a.Invitees)
		now := s.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO activities (station_id, group_id, kind, title, description, start_at, end_at, venue,
			latitude, longitude, checkin_radius_m, invitees, status, version, secret, created_by, created_at, updated_at, consultation_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', 0, ?, ?, ?, ?, ?)`,
			a.StationID, a.GroupID, a.Kind, a.Title, a.Description, a.StartAt, a.EndAt, a.Venue, a.Latitude, a.Longitude,
			a.CheckinRadiusM, string(inv), secret, p.UserID, now, now, a.ConsultationID)
		if err != nil {
			return fmt.Errorf("activities: create: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, audit.ActivityCreate, subject(id), "新建活动草稿"+describe(a))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// activityInScope loads an activity of a station the caller covers.
func (s *Service) activityInScope(ctx context.Context, q store.Queryer, p *access.Principal, id int64, lock bool) (*Activity, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	cond, args := p.Scope().StationSQL("s.id", "s.area_code")
	return loadActivity(ctx, q, id, cond, args, lock)
}

// activityByID loads an activity for a worker's job, which has no caller to scope.
func (s *Service) activityByID(ctx context.Context, q store.Queryer, id int64) (*Activity, error) {
	return loadActivity(ctx, q, id, "TRUE", nil, false)
}

// loadActivity loads activity id where cond (on the station s) holds.
func loadActivity(ctx context.Context, q store.Queryer, id int64, cond string, args []any, lock bool) (*Activity, error) {
	// Joins stations (registry's table, read only) for the station's area the
	// scope may name; activities.station_id is the activity's own column.
	query := `SELECT ` + activityColumns + ` FROM activities a JOIN stations s ON s.id = a.station_id WHERE a.id = ? AND ` + cond
	if lock {
		query += ` FOR UPDATE`
	}
	var a Activity
	err := q.GetContext(ctx, &a, query, append([]any{id}, args...)...)
	if store.IsNoRows(err) {
		return nil, errActivityNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("activities: load %d: %w", id, err)
	}
	_ = json.Unmarshal([]byte(a.InviteesJSON), &a.Invitees)
	return &a, nil
}

// Get returns an activity the caller covers.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (*Activity, error) {
	a, err := s.activityInScope(ctx, s.DB, p, id, false)
	if err != nil {
		return nil, err
	}
	a.finish(s.now())
	return a, nil
}

func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Millisecond) }

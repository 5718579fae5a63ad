package activities

import (
	"context"
	"fmt"
	"math"
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

// Check-in methods.
const (
	MethodCode   = "code"
	MethodManual = "manual"
)

var (
	errWindowClosed = apperr.Forbidden("checkin_window_closed", "不在签到时间内")
	errInvalidCode  = apperr.New(apperr.KindInvalid, "invalid_code", "签到码不对或已过期，请重新扫码，或输入屏幕上最新的签到码")
	errNotInvited   = apperr.NotFound("activity_not_found", "活动不存在")
	errNoVenue      = apperr.Conflict("no_venue_location", "活动未设置地点坐标，请联系工作人员签到")
)

// windowClosed is the refusal of a check-in outside its window, saying when
// the window opens and closes (fields opens_at, closes_at, RFC 3339 in
// Asia/Shanghai) so that a phone can tell the deputy "签到将于 8:30 开始".
func (s *Service) windowClosed(start, end time.Time, published bool) error {
	opens := start.Add(-s.Rules.CheckinOpensBefore).In(clock.Shanghai)
	closes := end.In(clock.Shanghai)
	msg := fmt.Sprintf("不在签到时间内：签到时间为 %s 至 %s", opens.Format("1月2日 15:04"), closes.Format("15:04"))
	if !published {
		msg = "活动未发布或已取消，不能签到"
	}
	e := *errWindowClosed
	e.Message = msg
	e.Fields = map[string]string{"opens_at": opens.Format(time.RFC3339), "closes_at": closes.Format(time.RFC3339)}
	return &e
}

// CheckinInput is what the phone sends.
type CheckinInput struct {
	Code      string   `json:"code"`
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
}

// Checkin is a deputy's attendance.
type Checkin struct {
	ActivityID  int64     `json:"activity_id" db:"activity_id"`
	DeputyID    int64     `json:"deputy_id" db:"deputy_id"`
	Method      string    `json:"method" db:"method"`
	DistanceM   *int      `json:"distance_m" db:"distance_m"`
	Note        string    `json:"note" db:"note"`
	CheckedInAt time.Time `json:"checked_in_at" db:"checked_in_at"`
}

type checkinTarget struct {
	ID        int64     `db:"id"`
	Status    string    `db:"status"`
	StartAt   time.Time `db:"start_at"`
	EndAt     time.Time `db:"end_at"`
	Latitude  *float64  `db:"latitude"`
	Longitude *float64  `db:"longitude"`
	Radius    int       `db:"checkin_radius_m"`
	Secret    []byte    `db:"secret"`
	// The deputy's check-in, when there is one (LEFT JOIN).
	CheckedInAt *time.Time `db:"checked_in_at"`
	Method      *string    `db:"method"`
	DistanceM   *int       `db:"distance_m"`
	Note        *string    `db:"note"`
}

// invitedTo loads an activity the deputy is invited to; anything else is not found.
func (s *Service) invitedTo(ctx context.Context, q store.Queryer, deputyID, id int64) (*checkinTarget, error) {
	var t checkinTarget
	err := q.GetContext(ctx, &t, `SELECT a.id, a.status, a.start_at, a.end_at, a.latitude, a.longitude, a.checkin_radius_m, a.secret,
			c.checked_in_at, c.method, c.distance_m, c.note
		FROM activities a JOIN activity_invitees i ON i.activity_id = a.id AND i.deputy_id = ?
		LEFT JOIN activity_checkins c ON c.activity_id = a.id AND c.deputy_id = i.deputy_id
		WHERE a.id = ? AND a.status <> 'draft'`, deputyID, id)
	if store.IsNoRows(err) {
		return nil, errNotInvited
	}
	if err != nil {
		return nil, fmt.Errorf("activities: load %d: %w", id, err)
	}
	return &t, nil
}

func requireDeputy(p *access.Principal) error {
	if p == nil || p.DeputyID == 0 {
		return apperr.Forbidden("deputy_only", "仅限已绑定身份的代表")
	}
	return nil
}

// CheckIn checks the calling deputy in with the scanned code and the phone's
// position. A deputy already checked in gets the first check-in back.
func (s *Service) CheckIn(ctx context.Context, p *access.Principal, id int64, in CheckinInput) (*Checkin, error) {
	if err := requireDeputy(p); err != nil {
		return nil, err
	}
	t, err := s.invitedTo(ctx, s.DB, p.DeputyID, id)
	if err != nil {
		return nil, err
	}
	if t.CheckedInAt != nil { // checked in before: that answer again
		return &Checkin{ActivityID: id, DeputyID: p.DeputyID, Method: *t.Method, DistanceM: t.DistanceM, Note: *t.Note,
			CheckedInAt: t.CheckedInAt.In(clock.Shanghai)}, nil
	}
	now := s.now()
	if t.Status != StatusPublished || now.Before(t.StartAt.Add(-s.Rules.CheckinOpensBefore)) || now.After(t.EndAt) {
		return nil, s.windowClosed(t.StartAt, t.EndAt, t.Status == StatusPublished)
	}
	f := apperr.FieldErrors{}
	f.Check(in.Latitude == nil || *in.Latitude < -90 || *in.Latitude > 90, "latitude", "缺少有效的位置")
	f.Check(in.Longitude == nil || *in.Longitude < -180 || *in.Longitude > 180, "longitude", "缺少有效的位置")
	if err := f.Err(); err != nil {
		return nil, err
	}
	if !s.validCode(t.Secret, id, in.Code, s.Clock.Now()) {
		return nil, errInvalidCode
	}
	if t.Latitude == nil || t.Longitude == nil {
		return nil, errNoVenue
	}
	d := int(math.Round(registry.DistanceM(*in.Latitude, *in.Longitude, *t.Latitude, *t.Longitude)))
	if d > t.Radius {
		return nil, &apperr.Error{Kind: apperr.KindForbidden, Code: "outside_radius",
			Message: fmt.Sprintf("您距活动地点约 %d 米，超出签到范围（%d 米）", d, t.Radius),
			Fields:  map[string]string{"distance_m": fmt.Sprint(d), "radius_m": fmt.Sprint(t.Radius)}}
	}
	return s.insertCheckin(ctx, id, p.DeputyID, MethodCode, &d, "", nil, now)
}

// insertCheckin records attendance once: a duplicate key (a concurrent or
// earlier check-in) answers the earlier row.
func (s *Service) insertCheckin(ctx context.Context, id, deputyID int64, method string, d *int, note string, by *int64, now time.Time) (*Checkin, error) {
	return s.insertCheckinWith(ctx, id, deputyID, method, d, note, by, now, nil)
}

// insertCheckinWith is insertCheckin that also runs also (when not nil) in
// the insert's transaction, unless the deputy had checked in already.
func (s *Service) insertCheckinWith(ctx context.Context, id, deputyID int64, method string, d *int, note string, by *int64, now time.Time,
	also func(tx *sqlx.Tx) error) (*Checkin, error) {
	insert := func(q store.Queryer) error {
		_, err := q.ExecContext(ctx, `INSERT INTO activity_checkins (activity_id, deputy_id, method, distance_m, note, recorded_by, checked_in_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, deputyID, method, d, note, by, now)
		return err
	}
	var err error
	if also == nil {
		err = insert(s.DB)
	} else {
		err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			if err := insert(tx); err != nil {
				return err
			}
			return also(tx)
		})
	}
	switch {
	case err == nil:
		return &Checkin{ActivityID: id, DeputyID: deputyID, Method: method, DistanceM: d, Note: note, CheckedInAt: now.In(clock.Shanghai)}, nil
	case store.IsDuplicate(err):
		return s.checkin(ctx, id, deputyID)
	default:
		return nil, fmt.Errorf("activities: check in: %w", err)
	}
}

func (s *Service) checkin(ctx context.Context, id, deputyID int64) (*Checkin, error) {
	var c Checkin
	if err := s.DB.GetContext(ctx, &c, `SELECT activity_id, deputy_id, method, distance_m, note, checked_in_at FROM activity_checkins
		WHERE activity_id = ? AND deputy_id = ?`, id, deputyID); err != nil {
		return nil, err
	}
	c.CheckedInAt = c.CheckedInAt.In(clock.Shanghai)
	return &c, nil
}

// RecordAttendance lets staff check an invited deputy in by hand, with a note.
func (s *Service) RecordAttendance(ctx context.Context, p *access.Principal, id, deputyID int64, note string) (*Checkin, error) {
	a, err := s.activityInScope(ctx, s.DB, p, id, false)
	if err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	f := apperr.FieldErrors{}
	f.Check(utf8.RuneCountInString(note) > 200, "note", "备注不超过 200 字")
	if a.Status != StatusPublished {
		return nil, apperr.Conflict("activity_not_published", "活动未发布或已取消")
	}
	var invited int
	if err := s.DB.GetContext(ctx, &invited, `SELECT COUNT(*) FROM activity_invitees WHERE activity_id = ? AND deputy_id = ?`, id, deputyID); err != nil {
		return nil, fmt.Errorf("activities: attendance: %w", err)
	}
	f.Check(invited == 0, "deputy_id", "该代表未受邀参加此活动")
	if err := f.Err(); err != nil {
		return nil, err
	}
	by := p.UserID
	return s.insertCheckinWith(ctx, id, deputyID, MethodManual, nil, note, &by, s.now(), func(tx *sqlx.Tx) error {
		return audit.Record(ctx, tx, p, audit.ActivityAttend, subject(id), fmt.Sprintf("活动「%s」补录代表 %d 出席；备注：%s", a.Title, deputyID, note))
	})
}

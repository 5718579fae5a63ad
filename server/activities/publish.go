package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

// Publish resolves the invitation to people and, in the transaction that
// marks the activity published, writes the first fanoutChunk invitees'
// notices (the activity notice to each, the attendance-guarantee SMS to
// each one's employer). A station's few dozen invitees are all in that
// chunk; the notices of a larger invitation are written after the answer,
// a chunk per transaction (startFanOut, ContinueFanOut). Publishing a
// published activity again changes and sends nothing.
func (s *Service) Publish(ctx context.Context, p *access.Principal, id int64) (*Activity, error) {
	var due []notify.Due
	more := false
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		due, more = nil, false // a retried transaction starts again
		a, err := s.activityInScope(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		switch a.Status {
		case StatusPublished:
			return nil
		case StatusCancelled:
			return errClosed
		}
		now := s.now()
		f := apperr.FieldErrors{}
		f.Check(!a.StartAt.After(now), "start_at", "开始时间已过，不能发布")
		if err := f.Err(); err != nil {
			return err
		}
		n, err := s.resolveInvitees(ctx, tx, a, now)
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.Invalid(map[string]string{"invitees": "没有受邀代表"})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET status = 'published', version = 1, published_at = ?, updated_at = ? WHERE id = ?`,
			now, now, a.ID); err != nil {
			return fmt.Errorf("activities: publish: %w", err)
		}
		a.Status, a.Version = StatusPublished, 1
		if err := audit.Record(ctx, tx, p, audit.ActivityPublish, subject(a.ID), fmt.Sprintf("发布活动%s，受邀代表 %d 人", describe(a), n)); err != nil {
			return err
		}
		due, more, err = s.startFanOut(ctx, tx, a, noticePublish, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Notify.Enqueue(ctx, due)
	s.handOn(ctx, id, more)
	return s.Get(ctx, p, id)
}

// resolveInvitees writes the people of the invitation into activity_invitees:
// the deputies named, and the active deputies of the station or group
// invited, as the registry has them now.
func (s *Service) resolveInvitees(ctx context.Context, tx *sqlx.Tx, a *Activity, now time.Time) (int, error) {
	insert := func(ids []int64) error {
		return store.EachChunk(ids, 500, func(part []int64) error {
			vals := make([]string, 0, len(part))
			args := make([]any, 0, 3*len(part))
			for _, d := range part {
				vals = append(vals, "(?, ?, ?)")
				args = append(args, a.ID, d, now)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO activity_invitees (activity_id, deputy_id, created_at) VALUES `+
				strings.Join(vals, ",")+` ON DUPLICATE KEY UPDATE activity_id = activity_id`, args...); err != nil {
				return fmt.Errorf("activities: invitees: %w", err)
			}
			return nil
		})
	}
	if err := insert(a.Invitees.DeputyIDs); err != nil {
		return 0, err
	}
	if a.Invitees.StationID > 0 {
		ids, err := s.Registry.StationDeputyIDs(ctx, tx, a.Invitees.StationID)
		if err != nil {
			return 0, err
		}
		if err := insert(ids); err != nil {
			return 0, err
		}
	}
	if a.Invitees.GroupID > 0 {
		ids, err := s.Registry.GroupDeputyIDs(ctx, tx, a.Invitees.GroupID)
		if err != nil {
			return 0, err
		}
		if err := insert(ids); err != nil {
			return 0, err
		}
	}
	var n int
	err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM activity_invitees WHERE activity_id = ?`, a.ID)
	return n, err
}

// Update changes a draft, or the time and venue of a published activity: a
// real change of either bumps the version and sends change notices to the
// invitees and their employers; a save that changes neither sends nothing.
func (s *Service) Update(ctx context.Context, p *access.Principal, id int64, in Input) (*Activity, error) {
	var due []notify.Due
	more := false
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		due, more = nil, false // a retried transaction starts again
		a, err := s.activityInScope(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		now := s.now()
		if a.Status == StatusCancelled || (a.Status == StatusPublished && !a.EndAt.After(now)) {
			return errClosed
		}
		before := *a
		in.applyTo(a)
		d := decideUpdate(before, *a, in.Invitees != nil, now)
		if err := s.checkScope(ctx, tx, p, a, d.Errors); err != nil {
			return err
		}
		if err := d.Errors.Err(); err != nil {
			return err
		}
		version := d.Version
		inv, _ := json.Marshal(a.Invitees)
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET station_id = ?, group_id = ?, kind = ?, title = ?, description = ?, start_at = ?,
			end_at = ?, venue = ?, latitude = ?, longitude = ?, checkin_radius_m = ?, invitees = ?, version = ?, updated_at = ?, consultation_id = ? WHERE id = ?`,
			a.StationID, a.GroupID, a.Kind, a.Title, a.Description, a.StartAt, a.EndAt, a.Venue, a.Latitude, a.Longitude,
			a.CheckinRadiusM, string(inv), version, now, a.ConsultationID, a.ID); err != nil {
			return fmt.Errorf("activities: update: %w", err)
		}
		if err := audit.Record(ctx, tx, p, audit.ActivityUpdate, subject(a.ID), "修改活动"+describe(&before)+"："+activityChanges(&before, a)); err != nil {
			return err
		}
		if d.Change == "" {
			return nil
		}
		a.Version = version
		if err := s.dropStaleReminders(ctx, tx, a.ID, "活动时间或地点已变更，旧提醒不再发送"); err != nil {
			return err
		}
		due, more, err = s.startFanOut(ctx, tx, a, noticeChange, d.Change)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Notify.Enqueue(ctx, due)
	s.handOn(ctx, id, more)
	return s.Get(ctx, p, id)
}

// updateDecision is what saving an activity means: the fields at fault, the
// version it takes, and, when a published activity's time or venue really
// changed, the change its notices name ("" when nothing is sent).
type updateDecision struct {
	Errors  apperr.FieldErrors
	Version int
	Change  string
}

// decideUpdate decides a save of before as after (inviteesGiven: the input
// named invitees) at now. A published activity keeps its station, kind and
// invitees, and may move only to a start still to come; a change of its time
// or venue bumps the version and is announced. It reads and writes nothing.
func decideUpdate(before, after Activity, inviteesGiven bool, now time.Time) updateDecision {
	d := updateDecision{Errors: after.Validate(), Version: before.Version}
	if after.Status != StatusPublished {
		return d
	}
	f := d.Errors
	f.Check(after.StationID != before.StationID, "station_id", "已发布的活动不能更换联络站")
	f.Check(inviteesGiven && !sameInvitees(after.Invitees, before.Invitees), "invitees", "已发布的活动不能更改受邀名单")
	f.Check(after.Kind != before.Kind, "kind", "已发布的活动不能更改类型")
	f.Check(!after.StartAt.Equal(before.StartAt) && !after.StartAt.After(now), "start_at", "开始时间不能早于现在")
	timeChanged := !after.StartAt.Equal(before.StartAt) || !after.EndAt.Equal(before.EndAt)
	venueChanged := after.Venue != before.Venue || !sameFloat(after.Latitude, before.Latitude) || !sameFloat(after.Longitude, before.Longitude)
	switch {
	case timeChanged && venueChanged:
		d.Change = "活动变更"
	case timeChanged:
		d.Change = "时间变更"
	case venueChanged:
		d.Change = "地点变更"
	default:
		return d
	}
	d.Version++
	return d
}

func sameInvitees(a, b Invitees) bool {
	if a.StationID != b.StationID || a.GroupID != b.GroupID || len(a.DeputyIDs) != len(b.DeputyIDs) {
		return false
	}
	m := unique(b.DeputyIDs)
	for _, id := range a.DeputyIDs {
		if !m[id] {
			return false
		}
	}
	return true
}

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	d := *a - *b
	return d < 1e-7 && d > -1e-7
}

// Cancel cancels an activity with a reason; a published one sends cancel
// notices to the invitees and their employers.
func (s *Service) Cancel(ctx context.Context, p *access.Principal, id int64, reason string) (*Activity, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > 200 {
		return nil, apperr.Invalid(map[string]string{"reason": "请填写取消原因（不超过 200 字）"})
	}
	var due []notify.Due
	more := false
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		due, more = nil, false // a retried transaction starts again
		a, err := s.activityInScope(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		now := s.now()
		if a.Status == StatusCancelled {
			return nil
		}
		if a.Status == StatusPublished && !a.EndAt.After(now) {
			return errClosed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET status = 'cancelled', cancel_reason = ?, cancelled_at = ?, updated_at = ? WHERE id = ?`,
			reason, now, now, a.ID); err != nil {
			return fmt.Errorf("activities: cancel: %w", err)
		}
		if err := audit.Record(ctx, tx, p, audit.ActivityCancel, subject(a.ID), "取消活动"+describe(a)+"，原因："+reason); err != nil {
			return err
		}
		if a.Status != StatusPublished {
			return nil
		}
		a.Status, a.CancelReason = StatusCancelled, reason
		if err := s.dropStaleReminders(ctx, tx, a.ID, "活动已取消，提醒不再发送"); err != nil {
			return err
		}
		due, more, err = s.startFanOut(ctx, tx, a, noticeCancel, "已取消")
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Notify.Enqueue(ctx, due)
	s.handOn(ctx, id, more)
	return s.Get(ctx, p, id)
}

// dropStaleReminders marks the reminders not yet sent as skipped: they name a
// version (or an activity) that no longer holds. The worker claims only
// pending rows, so none of them goes out after this commits.
func (s *Service) dropStaleReminders(ctx context.Context, tx *sqlx.Tx, activityID int64, why string) error {
	if err := s.Notify.SkipPending(ctx, tx, subject(activityID), "activity_reminder", why); err != nil {
		return fmt.Errorf("activities: drop reminders: %w", err)
	}
	return nil
}

func subject(id int64) string { return fmt.Sprintf("activity:%d", id) }

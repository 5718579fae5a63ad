package activities

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/notify"
)

// ReminderResult counts what a reminder scan created.
type ReminderResult struct {
	Activities int
	Created    int
}

type upcoming struct {
	ID        int64     `db:"id"`
	StationID int64     `db:"station_id"`
	Title     string    `db:"title"`
	Venue     string    `db:"venue"`
	StartAt   time.Time `db:"start_at"`
	Version   int       `db:"version"`
}

// ScanReminders finds in MySQL the published activities whose reminder is
// due and creates it for each invitee who has not asked for leave. Only the
// latest due offset is reminded: an activity published 90 minutes ahead
// gets the 2 h reminder, not the 24 h one. Keys name the version and the
// offset, so the scan may run any number of times; a change of time or venue
// skips the reminders not yet sent (dropStaleReminders).
func (s *Service) ScanReminders(ctx context.Context) (ReminderResult, error) {
	var res ReminderResult
	offsets := s.Rules.ReminderOffsets
	if len(offsets) == 0 {
		return res, nil
	}
	now := s.now()
	var acts []upcoming
	if err := s.DB.SelectContext(ctx, &acts, `SELECT id, station_id, title, venue, start_at, version FROM activities
		WHERE status = 'published' AND start_at > ? AND start_at <= ? ORDER BY start_at`, now, now.Add(offsets[0])); err != nil {
		return res, fmt.Errorf("activities: reminders: %w", err)
	}
	for _, a := range acts {
		offset := dueOffset(offsets, a.StartAt, now)
		if offset == 0 {
			continue
		}
		n, err := s.remind(ctx, a, offset, now)
		if err != nil {
			return res, err
		}
		res.Activities++
		res.Created += n
	}
	return res, nil
}

// dueOffset is the smallest offset whose time has come (start - offset <= now), 0 if none.
func dueOffset(offsets []time.Duration, start, now time.Time) time.Duration {
	var due time.Duration
	for _, o := range offsets { // longest first
		if !start.Add(-o).After(now) {
			due = o
		}
	}
	return due
}

func offsetLabel(o time.Duration) string {
	if o%time.Hour == 0 {
		return strconv.Itoa(int(o/time.Hour)) + "h"
	}
	return strconv.Itoa(int(o/time.Minute)) + "m"
}

func (s *Service) remind(ctx context.Context, a upcoming, offset time.Duration, now time.Time) (int, error) {
	prefix := fmt.Sprintf("activity:%d:reminder:v%d:%s:", a.ID, a.Version, offsetLabel(offset))
	var want int
	done, err := s.Notify.CountDedupePrefix(ctx, prefix)
	if err != nil {
		return 0, fmt.Errorf("activities: reminders: %w", err)
	}
	if err := s.DB.GetContext(ctx, &want, `SELECT COUNT(*) FROM activity_invitees WHERE activity_id = ? AND rsvp <> 'leave'`, a.ID); err != nil {
		return 0, fmt.Errorf("activities: reminders: %w", err)
	}
	if done >= want {
		return 0, nil
	}
	// An SMS sent now would wait for the end of quiet hours: if that is after
	// the start, the reminder goes by WeChat only, or not at all.
	smsTooLate := s.Quiet.End(now).After(a.StartAt)
	// A region-wide activity has a hundred thousand invitees: their
	// reminders are written a chunk at a time, each chunk its own short
	// transaction, queued as it commits. A scan stopped half-way is finished
	// by the next (the keys make nothing twice).
	created := 0
	var after int64
	for {
		var due []notify.Due
		var page inviteePage
		stale := false
		err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			due, page, stale = nil, inviteePage{}, false // a retried transaction starts again
			var version int
			var status string
			row := tx.QueryRowxContext(ctx, `SELECT version, status FROM activities WHERE id = ? FOR UPDATE`, a.ID)
			if err := row.Scan(&version, &status); err != nil {
				return fmt.Errorf("activities: reminders: %w", err)
			}
			if version != a.Version || status != StatusPublished {
				stale = true // changed meanwhile: the next scan sees the new version
				return nil
			}
			var err error
			if page, err = s.inviteePage(ctx, tx, a.ID, inviteeRange{ExceptLeave: true, After: after, Limit: fanoutChunk}); err != nil {
				return fmt.Errorf("activities: reminders: %w", err)
			}
			due, err = s.remindChunk(ctx, tx, a, prefix, smsTooLate, page.people)
			return err
		})
		if err != nil {
			return created, err
		}
		s.Notify.Enqueue(ctx, due)
		created += len(due)
		if stale || page.read < fanoutChunk {
			return created, nil
		}
		after = page.last
	}
}

// remindChunk writes the reminders of people, inside tx.
func (s *Service) remindChunk(ctx context.Context, tx *sqlx.Tx, a upcoming, prefix string, smsTooLate bool, people []invitee) ([]notify.Due, error) {
	params := map[string]string{
		"activity_id": strconv.FormatInt(a.ID, 10), "title": a.Title, "venue": a.Venue,
		"start_at": a.StartAt.In(clock.Shanghai).Format(time.RFC3339),
		"date":     a.StartAt.In(clock.Shanghai).Format("1月2日 15:04"),
	}
	var notices []notify.Notice
	var keys []string
	for _, in := range people {
		to, err := s.recipient(in)
		if err != nil {
			return nil, err
		}
		if smsTooLate {
			to.Phone = ""
		}
		key := prefix + "deputy:" + strconv.FormatInt(in.DeputyID, 10)
		keys = append(keys, key)
		notices = append(notices, notify.Notice{Kind: "activity_reminder", To: to, Params: with(params, "name", in.Name),
			Subject: subject(a.ID), StationID: a.StationID, DedupeKey: key})
	}
	due, err := s.Notify.Create(ctx, tx, notices...)
	if err != nil {
		return nil, fmt.Errorf("activities: reminders: %w", err)
	}
	if smsTooLate && len(keys) > 0 {
		if err := s.Notify.ExplainSkipped(ctx, tx, "免打扰时段将短信顺延至活动开始之后，且未授权微信订阅消息：提醒未发送", keys...); err != nil {
			return nil, fmt.Errorf("activities: reminders: %w", err)
		}
	}
	return due, nil
}

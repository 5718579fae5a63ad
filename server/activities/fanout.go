package activities

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

// fanoutChunk is how many invitees' notices (theirs and their employers')
// one transaction writes: a region-wide activity's hundred thousand
// invitees take a few hundred short transactions, none of them long.
const fanoutChunk = 500

// FanOutQueue hands the rest of a fan-out to a worker (jobs implements it
// with an asynq task). Without one, the periodic ScanFanOuts continues it.
type FanOutQueue interface {
	// EnqueueFanOut queues activity id's fan-out for event ("publish:1",
	// "change:2", "cancel:2": its kind and version).
	EnqueueFanOut(ctx context.Context, activityID int64, event string) error
}

var fanoutKinds = map[noticeWhat]string{noticePublish: "publish", noticeChange: "change", noticeCancel: "cancel"}

// startFanOut records, in the transaction of a publish, change or cancel,
// that the event's notices are to be written, and writes the first chunk:
// an activity of a station's few dozen deputies is done at once, a
// region-wide one continues after commit (more) through ContinueFanOut. A
// new event replaces one still being written: the invitees not yet reached
// hear of the new one only.
func (s *Service) startFanOut(ctx context.Context, tx *sqlx.Tx, a *Activity, what noticeWhat, change string) (due []notify.Due, more bool, err error) {
	if _, err := tx.ExecContext(ctx, `UPDATE activities SET fanout_kind = ?, fanout_version = ?, fanout_change = ?, fanout_after = 0 WHERE id = ?`,
		fanoutKinds[what], a.Version, change, a.ID); err != nil {
		return nil, false, fmt.Errorf("activities: fan-out: %w", err)
	}
	return s.writeChunk(ctx, tx, a, what, change, 0)
}

// writeChunk writes the notices of the next fanoutChunk invitees after the
// deputy id after, and moves the activity's cursor past them (or clears it
// when none are left).
func (s *Service) writeChunk(ctx context.Context, tx *sqlx.Tx, a *Activity, what noticeWhat, change string, after int64) ([]notify.Due, bool, error) {
	page, err := s.inviteePage(ctx, tx, a.ID, inviteeRange{After: after, Limit: fanoutChunk})
	if err != nil {
		return nil, false, err
	}
	due, err := s.createNotices(ctx, tx, a, what, change, page.people)
	if err != nil {
		return nil, false, err
	}
	more := page.read == fanoutChunk
	if more {
		_, err = tx.ExecContext(ctx, `UPDATE activities SET fanout_after = ? WHERE id = ?`, page.last, a.ID)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE activities SET fanout_kind = NULL, fanout_after = 0 WHERE id = ?`, a.ID)
	}
	if err != nil {
		return nil, false, fmt.Errorf("activities: fan-out: %w", err)
	}
	return due, more, nil
}

// handOn gives a fan-out with chunks left to the worker, after commit. A
// failure is logged only: the activity row says what is left, and the
// periodic scan continues it.
func (s *Service) handOn(ctx context.Context, id int64, more bool) {
	if !more || s.FanOut == nil {
		return
	}
	var st struct {
		Kind    *string `db:"fanout_kind"`
		Version int     `db:"fanout_version"`
	}
	err := s.DB.GetContext(ctx, &st, `SELECT fanout_kind, fanout_version FROM activities WHERE id = ?`, id)
	if err == nil && st.Kind == nil {
		return // finished meanwhile
	}
	if err == nil {
		err = s.FanOut.EnqueueFanOut(ctx, id, fmt.Sprintf("%s:%d", *st.Kind, st.Version))
	}
	if err != nil {
		s.Log.Warn("activities: could not queue the rest of a fan-out; the periodic scan continues it", "activity_id", id, "error", err)
	}
}

// ContinueFanOut writes the rest of activity id's fan-out chunk by chunk,
// each chunk its own transaction, and queues each chunk's notices as soon as
// it commits, so that sending starts while the rest is written. Running it
// twice at once, or again after a crash, writes nothing twice: each chunk
// locks the activity row and reads the cursor under the lock, and every
// notice's dedupe key is unique.
func (s *Service) ContinueFanOut(ctx context.Context, id int64) error {
	for {
		var due []notify.Due
		more := false
		err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			due, more = nil, false
			var st struct {
				Kind    *string `db:"fanout_kind"`
				Version int     `db:"fanout_version"`
				Change  string  `db:"fanout_change"`
				After   int64   `db:"fanout_after"`
			}
			err := tx.GetContext(ctx, &st, `SELECT fanout_kind, fanout_version, fanout_change, fanout_after FROM activities WHERE id = ? FOR UPDATE`, id)
			if store.IsNoRows(err) || (err == nil && st.Kind == nil) {
				return nil // deleted, or finished
			}
			if err != nil {
				return fmt.Errorf("activities: fan-out %d: %w", id, err)
			}
			a, err := s.activityByID(ctx, tx, id)
			if err != nil {
				return err
			}
			what := noticePublish
			for w, k := range fanoutKinds {
				if k == *st.Kind {
					what = w
				}
			}
			a.Version = st.Version
			due, more, err = s.writeChunk(ctx, tx, a, what, st.Change, st.After)
			return err
		})
		if err != nil {
			return err
		}
		s.Notify.Enqueue(ctx, due)
		if !more {
			return nil
		}
	}
}

// ScanFanOuts continues every fan-out left unfinished (its task lost, its
// worker stopped): the periodic job behind the queue. It returns how many
// it finished.
func (s *Service) ScanFanOuts(ctx context.Context) (int, error) {
	var ids []int64
	if err := s.DB.SelectContext(ctx, &ids, `SELECT id FROM activities WHERE fanout_kind IS NOT NULL ORDER BY id LIMIT 100`); err != nil {
		return 0, fmt.Errorf("activities: fan-outs: %w", err)
	}
	for i, id := range ids {
		if err := s.ContinueFanOut(ctx, id); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

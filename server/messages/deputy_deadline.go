package messages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

// LateHandOverNote is the timeline's note of a hand-over made by the
// deadline: the author reads it too.
const LateHandOverNote = "代表未在期限内处理，已转交联络站办理"

// waitingForDeputy is the condition on messages m of those still with the
// deputy they were written to: not handed over, not answered, not ended.
const waitingForDeputy = `m.addressee_deputy_id IS NOT NULL AND m.handed_over_at IS NULL AND m.replied_at IS NULL
	AND m.status IN ('submitted','accepted','assigned','transferred','reopened')`

// HandOverLate hands to the station's staff each message written to a
// deputy that the deputy neither answered nor handed over by its acceptance
// deadline (accept_within_workdays working days, the station's own deadline
// to take a message up): handed_over_at is set (handed_over_late marks it),
// the timeline says so, and the deputy is told (deputy_message_handed_over)
// — from then on of each step staff take, as after their own hand-over.
// Staff hear of it as of any message late to be accepted: RemindOverdue's
// reminder at the same deadline. Safe to run repeatedly and in several
// workers: the message's row is locked and checked again, and the notice
// has a dedupe key.
func (s *Service) HandOverLate(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	var ids []int64
	if err := s.DB.SelectContext(ctx, &ids, `SELECT m.id FROM messages m WHERE `+waitingForDeputy+` AND m.accept_due <= ?
		ORDER BY m.id LIMIT 500`, now); err != nil {
		return 0, fmt.Errorf("messages: late hand-overs: %w", err)
	}
	handed := 0
	for _, id := range ids {
		var due []notify.Due
		did := false
		err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			due, did = nil, false
			var r row
			err := tx.GetContext(ctx, &r, selectMessage+` WHERE m.id = ? AND `+waitingForDeputy+` AND m.accept_due <= ? FOR UPDATE`, id, now)
			if store.IsNoRows(err) {
				return nil // another worker handed it over, or the deputy acted meanwhile
			}
			if err != nil {
				return err
			}
			err = changeTallied(ctx, tx, []int64{id}, func() error {
				_, err := tx.ExecContext(ctx, `UPDATE messages SET handed_over_at = ?, handed_over_late = TRUE, updated_at = ? WHERE id = ?`, now, now, id)
				return err
			})
			if err != nil {
				return err
			}
			if err := addEvent(ctx, tx, id, ActionHandOver, 0, LateHandOverNote, now); err != nil {
				return err
			}
			to, err := s.deputyRecipientIn(ctx, tx, *r.AddresseeID)
			if errors.Is(err, sql.ErrNoRows) {
				did = true // a deputy no longer on file: staff have it, no one to tell
				return nil
			}
			if err != nil {
				return err
			}
			due, err = s.Notify.Create(ctx, tx, notify.Notice{Kind: "deputy_message_handed_over", To: to, Subject: subject(id), StationID: r.StationID,
				Params:    map[string]string{"code": r.Code, "station_name": r.StationName, "step": "逾期转交", "message_id": fmt.Sprint(id)},
				DedupeKey: fmt.Sprintf("message:%d:deputy:%d:handed_over_late", id, *r.AddresseeID)})
			did = err == nil
			return err
		})
		if err != nil {
			return handed, err
		}
		if did {
			handed++
			s.enqueue(ctx, due)
		}
	}
	if handed > 0 {
		s.Log.InfoContext(ctx, "messages: handed over by the deadline", "messages", handed)
	}
	return handed, nil
}

package messages

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

// CloseUnrated closes the replied messages their authors have not rated
// within rate_within, as "unrated" (never as satisfied). It is safe to run
// repeatedly and in several workers.
func (s *Service) CloseUnrated(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	var ids []int64
	if err := s.DB.SelectContext(ctx, &ids, `SELECT id FROM messages WHERE status = 'replied' AND rating IS NULL AND replied_at <= ? ORDER BY id LIMIT 500`,
		now.Add(-s.Rules.RateWithin)); err != nil {
		return 0, err
	}
	closed := 0
	for _, id := range ids {
		did := false
		var due []notify.Due
		err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			did, due = false, nil
			err := changeTallied(ctx, tx, []int64{id}, func() error {
				res, err := tx.ExecContext(ctx, `UPDATE messages SET status = 'closed', closed_at = ?, close_reason = 'unrated', updated_at = ?
					WHERE id = ? AND status = 'replied' AND rating IS NULL`, now, now, id)
				if err != nil {
					return err
				}
				n, err := res.RowsAffected()
				did = n > 0
				return err
			})
			if err != nil || !did {
				return err // not did: another worker closed it, or the author rated it
			}
			did = true
			if err := addEvent(ctx, tx, id, "close", 0, "逾期未评价，自动办结", now); err != nil {
				return err
			}
			var r row
			if err := tx.GetContext(ctx, &r, selectMessage+" WHERE m.id = ?", id); err != nil {
				return err
			}
			due, err = s.outcomeNotice(ctx, tx, &r, outcomeUnrated)
			return err
		})
		if err != nil {
			return closed, err
		}
		if did {
			closed++
			s.enqueue(ctx, due)
		}
	}
	return closed, nil
}

// overdueRow is a late message and the step it is late for.
type overdueRow struct {
	ID        int64     `db:"id"`
	Code      string    `db:"code"`
	StationID int64     `db:"station_id"`
	Status    string    `db:"status"`
	DeputyID  *int64    `db:"deputy_id"`
	AcceptDue time.Time `db:"accept_due"`
	ReplyDue  time.Time `db:"reply_due"`
}

// RemindOverdue tells the station's staff (and the assigned deputy) about
// each message that is late, once per late step: the dedupe key names the
// message, the step and its deadline.
func (s *Service) RemindOverdue(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	var late []overdueRow
	err := s.DB.SelectContext(ctx, &late, `SELECT m.id, m.code, m.station_id, m.status, m.deputy_id, m.accept_due, m.reply_due
		FROM messages m
		WHERE (m.status = 'submitted' AND m.accept_due <= ?) OR (m.status IN ('accepted','assigned','transferred','reopened') AND m.reply_due <= ?)
		ORDER BY m.id LIMIT 500`, now, now)
	if err != nil {
		return 0, err
	}
	stationIDs := make([]int64, len(late))
	for i, m := range late {
		stationIDs[i] = m.StationID
	}
	stations, err := s.Registry.StationRefs(ctx, stationIDs)
	if err != nil {
		return 0, err
	}
	staff, err := s.Identity.Staff(ctx)
	if err != nil {
		return 0, err
	}
	created := 0
	for _, m := range late {
		step, deadline := "reply", m.ReplyDue
		stepName := "答复"
		if m.Status == StatusSubmitted {
			step, deadline, stepName = "accept", m.AcceptDue, "受理"
		}
		key := fmt.Sprintf("message:%d:overdue:%s:%d", m.ID, step, deadline.Unix())
		st := stations[m.StationID]
		params := map[string]string{"code": m.Code, "step": stepName, "station_name": st.Name, "message_id": fmt.Sprint(m.ID)}
		var notices []notify.Notice
		for _, u := range staff.Covering(m.StationID, st.AreaCode) {
			notices = append(notices, notify.Notice{Kind: "overdue_reminder", StationID: m.StationID, Subject: subject(m.ID), Params: params,
				To:        notify.Recipient{Type: notify.ToUser, ID: u.UserID, UserID: u.UserID, OpenID: u.OpenID},
				DedupeKey: fmt.Sprintf("%s:user:%d", key, u.UserID)})
		}
		if m.DeputyID != nil && step == "reply" {
			to, err := s.deputyRecipient(ctx, *m.DeputyID)
			if err != nil {
				return created, err
			}
			notices = append(notices, notify.Notice{Kind: "overdue_reminder", StationID: m.StationID, Subject: subject(m.ID), Params: params,
				To: to, DedupeKey: fmt.Sprintf("%s:deputy:%d", key, *m.DeputyID)})
		}
		if len(notices) == 0 {
			continue
		}
		var due []notify.Due
		err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			var err error
			due, err = s.Notify.Create(ctx, tx, notices...)
			return err
		})
		if err != nil {
			return created, err
		}
		created += len(due)
		s.enqueue(ctx, due)
	}
	return created, nil
}

// deputyRecipient reaches a deputy: WeChat through their user when they hold
// a grant, else SMS to their phone.
func (s *Service) deputyRecipient(ctx context.Context, id int64) (notify.Recipient, error) {
	return s.deputyRecipientIn(ctx, s.DB, id)
}

// deputyRecipientIn is deputyRecipient read through q (a transaction's).
func (s *Service) deputyRecipientIn(ctx context.Context, q store.Queryer, id int64) (notify.Recipient, error) {
	contacts, err := s.Registry.DeputyContacts(ctx, q, []int64{id})
	if err != nil {
		return notify.Recipient{}, err
	}
	d, ok := contacts[id]
	if !ok {
		return notify.Recipient{}, fmt.Errorf("messages: deputy %d: %w", id, sql.ErrNoRows)
	}
	users, err := s.Identity.DeputyUsers(ctx, q, []int64{id})
	if err != nil {
		return notify.Recipient{}, err
	}
	phone, err := s.Box.Open(d.PhoneEnc)
	if err != nil {
		return notify.Recipient{}, err
	}
	to := notify.Recipient{Type: notify.ToDeputy, ID: id, Phone: phone}
	if u, ok := users[id]; ok {
		to.UserID, to.OpenID = u.UserID, u.OpenID
	}
	return to, nil
}

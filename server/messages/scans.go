package messages

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/notify"
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
		err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE messages SET status = 'closed', closed_at = ?, close_reason = 'unrated', updated_at = ?
				WHERE id = ? AND status = 'replied' AND rating IS NULL`, now, now, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another worker closed it, or the author rated it
			}
			closed++
			return addEvent(ctx, tx, id, "close", 0, "逾期未评价，自动办结", now)
		})
		if err != nil {
			return closed, err
		}
	}
	return closed, nil
}

// overdueRow is a late message and the step it is late for.
type overdueRow struct {
	ID          int64     `db:"id"`
	Code        string    `db:"code"`
	StationID   int64     `db:"station_id"`
	StationName string    `db:"station_name"`
	AreaCode    string    `db:"area_code"`
	Status      string    `db:"status"`
	DeputyID    *int64    `db:"deputy_id"`
	AcceptDue   time.Time `db:"accept_due"`
	ReplyDue    time.Time `db:"reply_due"`
}

// RemindOverdue tells the station's staff (and the assigned deputy) about
// each message that is late, once per late step: the dedupe key names the
// message, the step and its deadline.
func (s *Service) RemindOverdue(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	var late []overdueRow
	err := s.DB.SelectContext(ctx, &late, `SELECT m.id, m.code, m.station_id, s.name AS station_name, s.area_code, m.status, m.deputy_id, m.accept_due, m.reply_due
		FROM messages m JOIN stations s ON s.id = m.station_id
		WHERE (m.status = 'submitted' AND m.accept_due <= ?) OR (m.status IN ('accepted','assigned','transferred','reopened') AND m.reply_due <= ?)
		ORDER BY m.id LIMIT 500`, now, now)
	if err != nil {
		return 0, err
	}
	staff, err := s.staffUsers(ctx)
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
		params := map[string]string{"code": m.Code, "step": stepName, "station_name": m.StationName, "message_id": fmt.Sprint(m.ID)}
		var notices []notify.Notice
		for _, u := range staff {
			if u.covers(m.StationID, m.AreaCode) {
				notices = append(notices, notify.Notice{Kind: "overdue_reminder", StationID: m.StationID, Subject: subject(m.ID), Params: params,
					To:        notify.Recipient{Type: notify.ToUser, ID: u.UserID, UserID: u.UserID, OpenID: u.OpenID},
					DedupeKey: fmt.Sprintf("%s:user:%d", key, u.UserID)})
			}
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

type staffUser struct {
	UserID   int64   `db:"user_id"`
	OpenID   string  `db:"openid"`
	AreaCode *string `db:"area_code"`
	Station  *int64  `db:"station_id"`
	stations []int64
	areas    []string
}

func (u staffUser) covers(stationID int64, area string) bool {
	sc := access.Scope{StationIDs: u.stations}
	for _, a := range u.areas {
		sc.AreaPrefixes = append(sc.AreaPrefixes, access.AreaPrefix(a))
	}
	return sc.CoversStation(stationID, area)
}

// staffUsers are the users with a staff role, with what it covers.
func (s *Service) staffUsers(ctx context.Context) ([]staffUser, error) {
	var rows []staffUser
	err := s.DB.SelectContext(ctx, &rows, `SELECT r.user_id, u.openid, r.area_code, rs.station_id
		FROM user_roles r JOIN users u ON u.id = r.user_id LEFT JOIN role_stations rs ON rs.role_id = r.id
		WHERE r.role = 'staff' ORDER BY r.user_id`)
	if err != nil {
		return nil, err
	}
	var out []staffUser
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].UserID != r.UserID {
			out = append(out, staffUser{UserID: r.UserID, OpenID: r.OpenID})
		}
		u := &out[len(out)-1]
		if r.Station != nil {
			u.stations = append(u.stations, *r.Station)
		}
		if r.AreaCode != nil && strings.TrimSpace(*r.AreaCode) != "" {
			u.areas = append(u.areas, *r.AreaCode)
		}
	}
	return out, nil
}

// deputyRecipient reaches a deputy: WeChat through their user when they hold
// a grant, else SMS to their phone.
func (s *Service) deputyRecipient(ctx context.Context, id int64) (notify.Recipient, error) {
	var d struct {
		PhoneEnc []byte  `db:"phone_enc"`
		UserID   *int64  `db:"user_id"`
		OpenID   *string `db:"openid"`
	}
	if err := s.DB.GetContext(ctx, &d, `SELECT d.phone_enc, u.id AS user_id, u.openid FROM deputies d LEFT JOIN users u ON u.deputy_id = d.id WHERE d.id = ?`, id); err != nil {
		return notify.Recipient{}, err
	}
	phone, err := s.Box.Open(d.PhoneEnc)
	if err != nil {
		return notify.Recipient{}, err
	}
	to := notify.Recipient{Type: notify.ToDeputy, ID: id, Phone: phone}
	if d.UserID != nil && d.OpenID != nil {
		to.UserID, to.OpenID = *d.UserID, *d.OpenID
	}
	return to, nil
}

package consultations

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/notify"
)

// The notices of a finished review:
//
//   - each person who left opinions is told once per consultation, with how
//     many were adopted: kind consultation_outcome, by WeChat (template
//     opinion_outcome, granted in the tap that sent the opinion) or else by
//     SMS to the phone they left. A signed-in person is one recipient
//     (dedupe key consultation:<id>:outcome:user:<user id>); opinions
//     entered by staff with a phone are one recipient per phone
//     (…:outcome:phone:<the first opinion's id>).
//   - opinions without any way back (a meeting's, a walk-in's without phone)
//     are the station's to pass on: its staff get one notice each
//     (consultation_station_report, …:station:<id>:staff:<user id>) with the
//     count, and the station's row of Stats lists them (Unreachable).
//
// The opinions told are marked notified_at. Everything is written in
// FinishReview's transaction, once: finishing again finds the consultation
// reviewed and writes nothing.

// Notice kinds of the review (configs/notifications.yaml).
const (
	KindOutcome       = "consultation_outcome"
	KindStationReport = "consultation_station_report"
)

// told is what FinishReview's notices came to: the notices to enqueue after
// commit, and how many people and stations were told.
type told struct {
	due      []notify.Due
	people   int
	stations int
}

func (t *told) summary() string {
	if t == nil {
		return ""
	}
	return fmt.Sprintf("，告知 %d 人、%d 个联络站", t.people, t.stations)
}

// authorRow is an opinion as the notices see it.
type authorRow struct {
	ID        int64   `db:"id"`
	UserID    *int64  `db:"user_id"`
	PhoneEnc  []byte  `db:"phone_enc"`
	PhoneHash []byte  `db:"phone_hash"`
	StationID *int64  `db:"station_id"`
	Outcome   *string `db:"outcome"`
}

// person is one recipient of an outcome notice and their opinions' outcomes.
type person struct {
	key       string
	to        notify.Recipient
	stationID int64
	outcomes  []string
	opinions  []int64
}

// OutcomeSummary is how a notice says what became of a person's opinions:
// "您的意见已采纳" for one, "共3条意见，采纳1条、部分采纳1条" for several.
func OutcomeSummary(outcomes []string) string {
	if len(outcomes) == 1 {
		switch outcomes[0] {
		case OutcomeAdopted:
			return "您的意见已采纳"
		case OutcomePartlyAdopted:
			return "您的意见部分采纳"
		case OutcomeNotAdopted:
			return "您的意见未采纳"
		default:
			return "您的意见留作参考"
		}
	}
	var adopted, partly int
	for _, o := range outcomes {
		switch o {
		case OutcomeAdopted:
			adopted++
		case OutcomePartlyAdopted:
			partly++
		}
	}
	s := fmt.Sprintf("共%d条意见，采纳%d条", len(outcomes), adopted)
	if partly > 0 {
		s += fmt.Sprintf("、部分采纳%d条", partly)
	}
	return s
}

// tellOutcomes creates, inside FinishReview's transaction, the notices of
// the outcomes, and marks the opinions told.
// staff is every staff user, read before the transaction (dev mode runs
// one transaction at a time).
func (s *Service) tellOutcomes(ctx context.Context, tx *sqlx.Tx, c *Consultation, staff identity.StaffList) (*told, error) {
	var rows []authorRow
	if err := tx.SelectContext(ctx, &rows, `SELECT id, user_id, phone_enc, phone_hash, station_id, outcome
		FROM consultation_opinions WHERE consultation_id = ? ORDER BY id`, c.ID); err != nil {
		return nil, fmt.Errorf("consultations: authors: %w", err)
	}
	people := map[string]*person{}
	var order []string
	unreachable := map[int64]int{} // station → opinions without a way back
	for _, r := range rows {
		outcome := ""
		if r.Outcome != nil {
			outcome = *r.Outcome
		}
		var key string
		switch {
		case r.UserID != nil:
			key = fmt.Sprintf("user:%d", *r.UserID)
		case len(r.PhoneHash) > 0:
			key = fmt.Sprintf("phone:%x", r.PhoneHash)
		default:
			if r.StationID != nil {
				unreachable[*r.StationID]++
			}
			continue
		}
		p := people[key]
		if p == nil {
			p = &person{}
			if r.UserID != nil {
				p.key = key
				p.to = notify.Recipient{Type: notify.ToUser, ID: *r.UserID, UserID: *r.UserID}
			} else {
				p.key = fmt.Sprintf("phone:%d", r.ID) // the first opinion with this phone
				p.to = notify.Recipient{Type: notify.ToPhone}
			}
			if r.StationID != nil {
				p.stationID = *r.StationID
			}
			people[key] = p
			order = append(order, key)
		}
		if len(r.PhoneEnc) > 0 {
			phone, err := s.Box.Open(r.PhoneEnc)
			if err != nil {
				return nil, fmt.Errorf("consultations: phone: %w", err)
			}
			p.to.Phone = phone // the latest phone they left
		}
		p.outcomes = append(p.outcomes, outcome)
		p.opinions = append(p.opinions, r.ID)
	}
	now := s.now()
	out := &told{}
	var notices []notify.Notice
	var toldIDs []int64
	subject := fmt.Sprintf("consultation:%d", c.ID)
	for _, k := range order {
		p := people[k]
		if p.to.UserID != 0 {
			openid, err := s.Identity.OpenID(ctx, tx, p.to.UserID)
			if err != nil {
				return nil, err
			}
			p.to.OpenID = openid
		}
		notices = append(notices, notify.Notice{
			Kind: KindOutcome, To: p.to, StationID: p.stationID, Subject: subject,
			DedupeKey: fmt.Sprintf("consultation:%d:outcome:%s", c.ID, p.key),
			Params: map[string]string{"title": c.Title, "result": OutcomeSummary(p.outcomes), "date": now.Format(time.RFC3339),
				"consultation_id": fmt.Sprint(c.ID)},
		})
		toldIDs = append(toldIDs, p.opinions...)
		out.people++
	}
	if len(unreachable) > 0 {
		stationNotices, err := s.stationReports(ctx, tx, c, unreachable, staff)
		if err != nil {
			return nil, err
		}
		notices = append(notices, stationNotices...)
		out.stations = len(unreachable)
	}
	if s.Notify == nil {
		return out, nil
	}
	if len(notices) > 0 {
		due, err := s.Notify.Create(ctx, tx, notices...)
		if err != nil {
			return nil, err
		}
		out.due = due
	}
	for _, id := range toldIDs {
		if _, err := tx.ExecContext(ctx, `UPDATE consultation_opinions SET notified_at = ? WHERE id = ? AND notified_at IS NULL`, now, id); err != nil {
			return nil, fmt.Errorf("consultations: notified: %w", err)
		}
	}
	return out, nil
}

// stationReports are the notices to the staff of each station with
// opinions nobody can be told about directly.
func (s *Service) stationReports(ctx context.Context, tx *sqlx.Tx, c *Consultation, unreachable map[int64]int, staff identity.StaffList) ([]notify.Notice, error) {
	ids := make([]int64, 0, len(unreachable))
	for id := range unreachable {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out []notify.Notice
	for _, id := range ids {
		var st struct {
			Name string `db:"name"`
			Area string `db:"area_code"`
		}
		if err := tx.GetContext(ctx, &st, `SELECT name, area_code FROM stations WHERE id = ?`, id); err != nil {
			return nil, fmt.Errorf("consultations: station %d: %w", id, err)
		}
		for _, u := range staff.Covering(id, st.Area) {
			if u.Scope.All || len(u.Scope.StationIDs) == 0 {
				continue // the office's own staff ran the review; station staff pass it on
			}
			out = append(out, notify.Notice{
				Kind: KindStationReport,
				To:   notify.Recipient{Type: notify.ToUser, ID: u.UserID, UserID: u.UserID, OpenID: u.OpenID},
				Params: map[string]string{"count": fmt.Sprint(unreachable[id]), "station_name": st.Name, "step": "请转告答复",
					"title": c.Title, "station_id": fmt.Sprint(id), "consultation_id": fmt.Sprint(c.ID)},
				Subject: fmt.Sprintf("consultation:%d", c.ID), StationID: id,
				DedupeKey: fmt.Sprintf("consultation:%d:station:%d:staff:%d", c.ID, id, u.UserID),
			})
		}
	}
	return out, nil
}

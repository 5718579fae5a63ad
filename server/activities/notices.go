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

type noticeWhat int

const (
	noticePublish noticeWhat = iota
	noticeChange
	noticeCancel
)

// noticeKindKey is the kind and the dedupe key of the notice of what to who
// ("deputy" or "employer") of a deputy: one key per version of the activity,
// so a change notifies again and a retry does not.
func noticeKindKey(what noticeWhat, who string, a *Activity, deputyID int64) (kind, key string) {
	prefix := "activity"
	if who == "employer" {
		prefix = "employer"
	}
	switch what {
	case noticeChange:
		return prefix + "_changed", fmt.Sprintf("activity:%d:changed:%s:%d:v%d", a.ID, who, deputyID, a.Version)
	case noticeCancel:
		return prefix + "_changed", fmt.Sprintf("activity:%d:cancelled:%s:%d", a.ID, who, deputyID)
	default:
		return prefix + "_notice", fmt.Sprintf("activity:%d:notice:%s:%d:v%d", a.ID, who, deputyID, a.Version)
	}
}

// invitee is an invited deputy with how to reach them and their employer.
type invitee struct {
	DeputyID      int64   `db:"deputy_id"`
	Name          string  `db:"name"`
	PhoneEnc      []byte  `db:"phone_enc"`
	EmployerName  string  `db:"employer_name"`
	EmployerPhone []byte  `db:"employer_phone_enc"`
	UserID        *int64  `db:"user_id"`
	OpenID        *string `db:"openid"`
	RSVP          string  `db:"rsvp"`
}

// inviteeRange picks invitees by deputy id: those after After (who have not
// asked for leave, if ExceptLeave), Limit of them (0: all).
type inviteeRange struct {
	ExceptLeave bool
	After       int64
	Limit       int
}

// inviteePage is a range of invitees: the people with contacts, how many
// invitation rows were read, and the last deputy id read.
type inviteePage struct {
	people []invitee
	read   int
	last   int64
}

// inviteePage loads a range of an activity's invitees by deputy id, with
// their contacts from the registry and their WeChat user from identity.
func (s *Service) inviteePage(ctx context.Context, tx *sqlx.Tx, activityID int64, r inviteeRange) (inviteePage, error) {
	query := `SELECT deputy_id, rsvp FROM activity_invitees WHERE activity_id = ? AND deputy_id > ?`
	if r.ExceptLeave {
		query += ` AND rsvp <> 'leave'`
	}
	query += ` ORDER BY deputy_id`
	args := []any{activityID, r.After}
	if r.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, r.Limit)
	}
	var rows []invitee
	if err := tx.SelectContext(ctx, &rows, query, args...); err != nil {
		return inviteePage{}, fmt.Errorf("activities: invitees: %w", err)
	}
	page := inviteePage{read: len(rows)}
	if len(rows) == 0 {
		return page, nil
	}
	page.last = rows[len(rows)-1].DeputyID
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.DeputyID
	}
	contacts, err := s.Registry.DeputyContacts(ctx, tx, ids)
	if err != nil {
		return page, err
	}
	users, err := s.Identity.DeputyUsers(ctx, tx, ids)
	if err != nil {
		return page, err
	}
	people := rows[:0]
	for _, in := range rows {
		c, ok := contacts[in.DeputyID]
		if !ok {
			continue
		}
		in.Name, in.PhoneEnc, in.EmployerName, in.EmployerPhone = c.Name, c.PhoneEnc, c.EmployerName, c.EmployerPhoneEnc
		if u, ok := users[in.DeputyID]; ok {
			in.UserID, in.OpenID = &u.UserID, &u.OpenID
		}
		people = append(people, in)
	}
	page.people = people
	return page, nil
}

// recipient is how the engine reaches a deputy: the WeChat user bound to them, and their phone.
func (s *Service) recipient(in invitee) (notify.Recipient, error) {
	r := notify.Recipient{Type: notify.ToDeputy, ID: in.DeputyID}
	if in.UserID != nil && in.OpenID != nil {
		r.UserID, r.OpenID = *in.UserID, *in.OpenID
	}
	if len(in.PhoneEnc) > 0 {
		phone, err := s.Box.Open(in.PhoneEnc)
		if err != nil {
			return r, err
		}
		r.Phone = phone
	}
	return r, nil
}

// createNotices writes the notices of a publish, change or cancel for
// people (a chunk of the invitees) and their employers, inside tx. Keys carry
// the activity's version, so the same event creates nothing twice.
func (s *Service) createNotices(ctx context.Context, tx *sqlx.Tx, a *Activity, what noticeWhat, change string, people []invitee) ([]notify.Due, error) {
	if len(people) == 0 {
		return nil, nil
	}
	start := a.StartAt.In(clock.Shanghai)
	base := map[string]string{
		"activity_id": strconv.FormatInt(a.ID, 10),
		"title":       a.Title,
		"start_at":    start.Format(time.RFC3339),
		"venue":       a.Venue,
		"date":        start.Format("1月2日 15:04"),
		"change":      change,
	}
	codes, err := s.employerCodes(ctx, tx, a.ID, people)
	if err != nil {
		return nil, err
	}
	// The station's area now (a change may have moved the activity to another
	// station), read in the notices' transaction: a read beside it would wait
	// for it on an engine that runs one transaction at a time (dev mode's).
	area, err := s.Registry.StationArea(ctx, tx, a.StationID)
	if err != nil {
		return nil, err
	}
	office := s.Rules.OfficeFor(area).Name
	var notices []notify.Notice
	for _, in := range people {
		to, err := s.recipient(in)
		if err != nil {
			return nil, err
		}
		params := with(base, "name", in.Name)
		n := notify.Notice{To: to, Params: params, Subject: subject(a.ID), StationID: a.StationID}
		n.Kind, n.DedupeKey = noticeKindKey(what, "deputy", a, in.DeputyID)
		notices = append(notices, n)
		if len(in.EmployerPhone) == 0 {
			continue
		}
		e, err := s.employerSMS(a, what, in, params, codes[in.DeputyID], office)
		if err != nil {
			return nil, err
		}
		notices = append(notices, e)
	}
	due, err := s.Notify.Create(ctx, tx, notices...)
	if err != nil {
		return nil, fmt.Errorf("activities: notices: %w", err)
	}
	return due, nil
}

func with(m map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

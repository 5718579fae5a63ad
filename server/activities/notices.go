package activities

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

type noticeWhat int

const (
	noticePublish noticeWhat = iota
	noticeChange
	noticeCancel
)

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
		switch what {
		case noticePublish:
			n.Kind, n.DedupeKey = "activity_notice", fmt.Sprintf("activity:%d:notice:deputy:%d:v%d", a.ID, in.DeputyID, a.Version)
		case noticeChange:
			n.Kind, n.DedupeKey = "activity_changed", fmt.Sprintf("activity:%d:changed:deputy:%d:v%d", a.ID, in.DeputyID, a.Version)
		case noticeCancel:
			n.Kind, n.DedupeKey = "activity_changed", fmt.Sprintf("activity:%d:cancelled:deputy:%d", a.ID, in.DeputyID)
		}
		notices = append(notices, n)
		if len(in.EmployerPhone) == 0 {
			continue
		}
		phone, err := s.Box.Open(in.EmployerPhone)
		if err != nil {
			return nil, err
		}
		ep := with(params, "employer", in.EmployerName)
		ep["notice_code"] = codes[in.DeputyID]
		ep["office"] = office
		e := notify.Notice{To: notify.Recipient{Type: notify.ToEmployer, ID: in.DeputyID, Phone: phone}, Params: ep,
			Subject: subject(a.ID), StationID: a.StationID}
		switch what {
		case noticePublish:
			e.Kind, e.DedupeKey = "employer_notice", fmt.Sprintf("activity:%d:notice:employer:%d:v%d", a.ID, in.DeputyID, a.Version)
		case noticeChange:
			e.Kind, e.DedupeKey = "employer_changed", fmt.Sprintf("activity:%d:changed:employer:%d:v%d", a.ID, in.DeputyID, a.Version)
		case noticeCancel:
			e.Kind, e.DedupeKey = "employer_changed", fmt.Sprintf("activity:%d:cancelled:employer:%d", a.ID, in.DeputyID)
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

// employerCodes returns the notice code of the employer's page of every one
// of people with an employer, making the missing ones (with the page's row,
// or on a row of before codes): the SMS carries the code, the template the
// constant link https://<host>/n (Tencent allows no link in a variable).
// Codes are looked up by keyed hash and kept sealed, so that change and
// cancel notices carry the same code. The row still gets a random link token:
// /n/<token> pages of before keep working. One read and a few multi-row
// inserts per chunk.
func (s *Service) employerCodes(ctx context.Context, tx *sqlx.Tx, activityID int64, people []invitee) (map[int64]string, error) {
	var rows []struct {
		DeputyID int64  `db:"deputy_id"`
		Sealed   []byte `db:"code_enc"`
	}
	ids := make([]int64, len(people))
	for i, in := range people {
		ids[i] = in.DeputyID
	}
	q, qargs, err := store.In(`SELECT deputy_id, code_enc FROM employer_notices WHERE activity_id = ? AND deputy_id IN (?)`, activityID, ids)
	if err != nil {
		return nil, err
	}
	if err := tx.SelectContext(ctx, &rows, q, qargs...); err != nil {
		return nil, fmt.Errorf("activities: employer codes: %w", err)
	}
	codes := make(map[int64]string, len(people))
	exists := make(map[int64]bool, len(rows))
	for _, r := range rows {
		exists[r.DeputyID] = true
		if len(r.Sealed) == 0 {
			continue
		}
		c, err := s.Box.Open(r.Sealed)
		if err != nil {
			return nil, err
		}
		codes[r.DeputyID] = c
	}
	var fresh, before []int64
	for _, in := range people {
		if len(in.EmployerPhone) == 0 || codes[in.DeputyID] != "" {
			continue
		}
		if exists[in.DeputyID] {
			before = append(before, in.DeputyID) // a row of before codes: it keeps its token
		} else {
			fresh = append(fresh, in.DeputyID)
		}
	}
	for len(fresh) > 0 {
		n := min(len(fresh), 500)
		if err := s.insertEmployerNotices(ctx, tx, activityID, fresh[:n], codes); err != nil {
			return nil, err
		}
		fresh = fresh[n:]
	}
	for _, id := range before {
		err := withFreshCodes(func() error {
			code, sealed, err := s.sealedNoticeCode()
			if err != nil {
				return err
			}
			codes[id] = code
			_, err = tx.ExecContext(ctx, `UPDATE employer_notices SET code_hash = ?, code_enc = ? WHERE activity_id = ? AND deputy_id = ?`,
				s.Box.Hash(noticeCodeKey(code)), sealed, activityID, id)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("activities: employer codes: %w", err)
		}
	}
	return codes, nil
}

// insertEmployerNotices writes the page rows of deputies (one statement),
// each with a random link token and a new notice code.
func (s *Service) insertEmployerNotices(ctx context.Context, tx *sqlx.Tx, activityID int64, deputies []int64, codes map[int64]string) error {
	now := s.now()
	err := withFreshCodes(func() error {
		vals := make([]string, 0, len(deputies))
		args := make([]any, 0, 7*len(deputies))
		for _, id := range deputies {
			code, codeSealed, err := s.sealedNoticeCode()
			if err != nil {
				return err
			}
			raw := make([]byte, 16)
			if _, err := rand.Read(raw); err != nil {
				return err
			}
			token := base64.RawURLEncoding.EncodeToString(raw)
			sealed, err := s.Box.Seal(token)
			if err != nil {
				return err
			}
			codes[id] = code
			vals = append(vals, "(?, ?, ?, ?, ?, ?, ?)")
			args = append(args, activityID, id, s.Box.Hash(token), sealed, s.Box.Hash(noticeCodeKey(code)), codeSealed, now)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO employer_notices (activity_id, deputy_id, token_hash, token_enc, code_hash, code_enc, created_at) VALUES `+
			strings.Join(vals, ","), args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("activities: employer codes: %w", err)
	}
	return nil
}

func (s *Service) sealedNoticeCode() (string, []byte, error) {
	code, err := newNoticeCode()
	if err != nil {
		return "", nil, err
	}
	sealed, err := s.Box.Seal(code)
	return code, sealed, err
}

// withFreshCodes runs write again, with new codes, when a code it drew is
// taken already (the unique key: 40 bits make that rare, but over years of
// notices not impossible). A failed statement is undone alone; the
// transaction goes on.
func withFreshCodes(write func() error) error {
	var err error
	for range 3 {
		if err = write(); err == nil || !store.IsDuplicate(err) || !strings.Contains(err.Error(), "uq_employer_notices_code") {
			return err
		}
	}
	return err
}

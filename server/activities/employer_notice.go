package activities

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

// employerSMS is the attendance-guarantee SMS to the employer of in, for
// a publish, change or cancel: the deputy's own notice's params, with the
// employer's name, the notice code of the employer's page (employerCodes)
// and the office that issues the notice.
func (s *Service) employerSMS(a *Activity, what noticeWhat, in invitee, params map[string]string, code, office string) (notify.Notice, error) {
	phone, err := s.Box.Open(in.EmployerPhone)
	if err != nil {
		return notify.Notice{}, err
	}
	ep := with(params, "employer", in.EmployerName)
	ep["notice_code"] = code
	ep["office"] = office
	e := notify.Notice{To: notify.Recipient{Type: notify.ToEmployer, ID: in.DeputyID, Phone: phone}, Params: ep,
		Subject: subject(a.ID), StationID: a.StationID}
	e.Kind, e.DedupeKey = noticeKindKey(what, "employer", a, in.DeputyID)
	return e, nil
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

package consultations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// OpinionInput is an opinion on a consultation's draft.
type OpinionInput struct {
	// ArticleID is the article commented on; nil: the whole draft.
	ArticleID *int64 `json:"article_id"`
	Content   string `json:"content"`
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	// StationID is the station the opinion comes through: the one the
	// citizen scanned (optional), the staff's station (required).
	StationID *int64 `json:"station_id"`
	// ActivityID is the consultation meeting it was said at (staff only).
	ActivityID *int64 `json:"activity_id"`
	// Consent records that the person agreed to have their name and phone
	// kept (staff only: required when either is given).
	Consent bool `json:"consent"`
	// IdempotencyKey comes from the Idempotency-Key header: the same key
	// from the same user within messages.IdempotencyWindow answers the
	// first opinion instead of storing a second.
	IdempotencyKey string `json:"-"`
	// IP is the client's address, for the rate limits of the public's opinions.
	IP string `json:"-"`
}

// validate checks the fields with the message intake's limits; it returns
// the normalized phone.
func (in *OpinionInput) validate(staff bool) (string, apperr.FieldErrors) {
	l := messages.Lengths()
	f := apperr.FieldErrors{}
	in.Content, in.Name = strings.TrimSpace(in.Content), strings.TrimSpace(in.Name)
	n := utf8.RuneCountInString(in.Content)
	f.Check(n < l.ContentMin, "content", fmt.Sprintf("意见内容至少 %d 个字", l.ContentMin))
	f.Check(n > l.ContentMax, "content", fmt.Sprintf("意见内容不能超过 %d 个字", l.ContentMax))
	f.Check(utf8.RuneCountInString(in.Name) > l.NameMax, "name", fmt.Sprintf("姓名不能超过 %d 个字", l.NameMax))
	f.Check(in.ArticleID != nil && *in.ArticleID <= 0, "article_id", "条文编号无效")
	f.Check(!validKey(in.IdempotencyKey), "idempotency_key", "提交编号无效，请重新打开页面后再提交")
	if staff {
		f.Check(in.StationID == nil || *in.StationID <= 0, "station_id", "请选择联络站")
		f.Check((in.Name != "" || strings.TrimSpace(in.Phone) != "") && !in.Consent, "consent", "登记姓名和电话须经本人同意")
	} else {
		f.Check(in.ActivityID != nil, "activity_id", "仅工作人员可登记座谈会意见")
		f.Check(in.StationID != nil && *in.StationID <= 0, "station_id", "联络站编号无效")
	}
	var phone string
	if strings.TrimSpace(in.Phone) != "" {
		p, ok := pii.NormalizeMobile(in.Phone)
		f.Check(!ok, "phone", "请填写正确的手机号码")
		phone = p
	}
	return phone, f
}

// validKey: empty (no key), or 8–64 of [A-Za-z0-9_-], as for messages.
func validKey(k string) bool {
	if k == "" {
		return true
	}
	if len(k) < 8 || len(k) > 64 {
		return false
	}
	for _, c := range []byte(k) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// OpinionCreated is the answer to an opinion.
type OpinionCreated struct {
	ID             int64     `json:"id"`
	ConsultationID int64     `json:"consultation_id"`
	ArticleID      *int64    `json:"article_id"`
	AuthorKind     string    `json:"author_kind"`
	Review         string    `json:"review"`
	CreatedAt      time.Time `json:"created_at"`
}

// Comment records a signed-in user's opinion; a user bound to a deputy
// gives a deputy's opinion. After the consultation closed it is 409
// consultation_closed.
func (s *Service) Comment(ctx context.Context, p *access.Principal, id int64, in OpinionInput) (*OpinionCreated, error) {
	if p == nil || p.UserID == 0 {
		return nil, apperr.Unauthorized("unauthorized", "请先登录")
	}
	return s.record(ctx, p, id, in, false)
}

// RecordMeeting records, for staff of a station the consultation reaches,
// an opinion said at a consultation meeting (ActivityID, an activity of
// kind legislative_consultation linked to it) or brought to the station.
// It is attributed to the station and the meeting.
func (s *Service) RecordMeeting(ctx context.Context, p *access.Principal, id int64, in OpinionInput) (*OpinionCreated, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	return s.record(ctx, p, id, in, true)
}

func (s *Service) record(ctx context.Context, p *access.Principal, id int64, in OpinionInput, staff bool) (*OpinionCreated, error) {
	phone, f := in.validate(staff)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.IdempotencyKey != "" {
		if first, err := s.firstOpinion(ctx, p.UserID, staff, in.IdempotencyKey); first != nil || err != nil {
			return first, err
		}
	}
	c, err := load(ctx, s.DB, id, false)
	if err != nil {
		return nil, err
	}
	if c.Status == StatusDraft {
		return nil, ErrNotFound
	}
	now := s.now()
	switch {
	case shownStatus(c.Status, c.ClosesAt, now) != StatusOpen:
		return nil, ErrClosed
	case c.OpensAt.After(now):
		return nil, ErrNotOpenYet
	}
	out := &OpinionCreated{ConsultationID: id, ArticleID: in.ArticleID, AuthorKind: AuthorPublic, CreatedAt: sh(now)}
	var stationID, activityID, deputyID, userID, enteredBy any
	if in.StationID != nil {
		if err := s.checkStation(ctx, p, c, *in.StationID, staff); err != nil {
			return nil, err
		}
		stationID = *in.StationID
	}
	if staff {
		enteredBy = p.UserID
		if in.ActivityID != nil {
			if err := s.checkMeeting(ctx, id, *in.StationID, *in.ActivityID); err != nil {
				return nil, err
			}
			activityID, out.AuthorKind = *in.ActivityID, AuthorMeeting
		}
	} else {
		if s.Limits != nil {
			if err := s.Limits.AllowSubmission(ctx, messages.SubmitOpinion, p.UserID, in.IP); err != nil {
				return nil, err
			}
		}
		userID = p.UserID
		if p.DeputyID != 0 {
			deputyID, out.AuthorKind = p.DeputyID, AuthorDeputy
		}
	}
	if in.ArticleID != nil {
		var n int
		if err := s.DB.GetContext(ctx, &n, `SELECT COUNT(*) FROM consultation_articles WHERE id = ? AND consultation_id = ?`, *in.ArticleID, id); err != nil {
			return nil, fmt.Errorf("consultations: article: %w", err)
		}
		if n == 0 {
			return nil, ErrArticleNotFound
		}
	}
	openid, err := s.Identity.OpenID(ctx, s.DB, p.UserID)
	if err != nil {
		return nil, err
	}
	if out.Review, err = s.checkContent(ctx, openid, in.Content); err != nil {
		return nil, err
	}
	var phoneEnc, phoneHash []byte
	if phone != "" {
		if phoneEnc, err = s.Box.Seal(phone); err != nil {
			return nil, err
		}
		phoneHash = s.Box.Hash(phone)
	}
	var key any
	if in.IdempotencyKey != "" {
		key = in.IdempotencyKey
	}
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO consultation_opinions (consultation_id, article_id, author_kind, user_id, entered_by, consent,
			deputy_id, station_id, activity_id, content, name, phone_enc, phone_hash, review, idempotency_key, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, in.ArticleID, out.AuthorKind, userID, enteredBy, in.Consent, deputyID, stationID, activityID, in.Content, in.Name,
			phoneEnc, phoneHash, out.Review, key, now)
		if err != nil {
			return err
		}
		if out.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if !staff {
			return nil
		}
		return audit.Record(ctx, tx, p, ActionOpinion, audit.Subject("consultation", id),
			fmt.Sprintf("登记对「%s」的意见（电话 %s）", c.Title, phone))
	})
	if store.IsDuplicate(err) && in.IdempotencyKey != "" {
		// A request with the same key committed first: answer its opinion.
		if first, ferr := s.firstOpinion(ctx, p.UserID, staff, in.IdempotencyKey); first != nil || ferr != nil {
			return first, ferr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("consultations: opinion: %w", err)
	}
	return out, nil
}

// checkStation: the consultation reaches the station; staff must cover it.
// Neither: the station is not found (a citizen is told it is not consulted there).
func (s *Service) checkStation(ctx context.Context, p *access.Principal, c *Consultation, stationID int64, staff bool) error {
	st, err := s.Registry.ActiveStation(ctx, stationID)
	if err != nil {
		return err
	}
	if staff && !p.Scope().CoversStation(st.ID, st.AreaCode) {
		return registry.ErrStationNotFound
	}
	ok, err := s.Reaches(ctx, s.DB, c.ID, st.ID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Forbidden("station_not_consulted", "该联络站不在本次征求意见的范围内")
	}
	return nil
}

// checkMeeting: the activity is a consultation meeting about this
// consultation, at the station, not cancelled. Reads activities (its
// owner's table, read only).
func (s *Service) checkMeeting(ctx context.Context, consultationID, stationID, activityID int64) error {
	var a struct {
		StationID      int64  `db:"station_id"`
		Kind           string `db:"kind"`
		Status         string `db:"status"`
		ConsultationID *int64 `db:"consultation_id"`
	}
	err := s.DB.GetContext(ctx, &a, `SELECT station_id, kind, status, consultation_id FROM activities WHERE id = ?`, activityID)
	if store.IsNoRows(err) || (err == nil && a.StationID != stationID) {
		return apperr.Invalid(map[string]string{"activity_id": "该联络站没有这场活动"})
	}
	if err != nil {
		return fmt.Errorf("consultations: activity: %w", err)
	}
	if a.Kind != ActivityKind || a.ConsultationID == nil || *a.ConsultationID != consultationID || a.Status == "cancelled" {
		return apperr.Invalid(map[string]string{"activity_id": "这场活动不是本次征求意见的座谈会"})
	}
	return nil
}

// ActivityKind is the kind of a consultation meeting (征求意见座谈会).
const ActivityKind = "legislative_consultation"

// firstOpinion is the answer the user's opinion with key got within
// messages.IdempotencyWindow (nil, nil when none). Staff's keys are theirs
// as the person entering.
func (s *Service) firstOpinion(ctx context.Context, userID int64, staff bool, key string) (*OpinionCreated, error) {
	col := "user_id"
	if staff {
		col = "entered_by"
	}
	var row struct {
		ID             int64     `db:"id"`
		ConsultationID int64     `db:"consultation_id"`
		ArticleID      *int64    `db:"article_id"`
		AuthorKind     string    `db:"author_kind"`
		Review         string    `db:"review"`
		CreatedAt      time.Time `db:"created_at"`
	}
	err := s.DB.GetContext(ctx, &row, `SELECT id, consultation_id, article_id, author_kind, review, created_at FROM consultation_opinions
		WHERE `+col+` = ? AND idempotency_key = ? ORDER BY id LIMIT 1`, userID, key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("consultations: first opinion: %w", err)
	}
	if !row.CreatedAt.After(s.Clock.Now().Add(-messages.IdempotencyWindow)) {
		_, err := s.DB.ExecContext(ctx, `UPDATE consultation_opinions SET idempotency_key = NULL WHERE id = ? AND idempotency_key = ?`, row.ID, key)
		return nil, err
	}
	return &OpinionCreated{ID: row.ID, ConsultationID: row.ConsultationID, ArticleID: row.ArticleID, AuthorKind: row.AuthorKind,
		Review: row.Review, CreatedAt: sh(row.CreatedAt)}, nil
}

// checkContent asks WeChat about the text, as the message intake does: a
// risky text is refused; "review", or WeChat unreachable, keeps it flagged.
func (s *Service) checkContent(ctx context.Context, openid, text string) (string, error) {
	if s.Content == nil || openid == "" {
		return "unchecked", nil
	}
	verdict, err := s.Content.CheckText(ctx, openid, text)
	switch {
	case err != nil:
		s.Log.WarnContext(ctx, "consultations: content security unavailable, opinion flagged for review", "error", err)
		return "unchecked", nil
	case verdict == messages.VerdictRisky:
		return "", &apperr.Error{Kind: apperr.KindInvalid, Code: "content_risky",
			Message: "意见内容可能含有违法违规信息，未能提交。请修改后再试。", Fields: map[string]string{"content": "内容未通过安全检测"}}
	case verdict == messages.VerdictReview:
		return "review", nil
	}
	return "", nil
}

package messages

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// Input is a message as a citizen (or staff for them) submits it.
type Input struct {
	Category  string  `json:"category"`
	Content   string  `json:"content"`
	ImageIDs  []int64 `json:"image_ids"`
	Name      string  `json:"name"`
	Phone     string  `json:"phone"`
	Anonymous bool    `json:"anonymous"`
	// Publish is the author's consent to show the message and its answer,
	// without name, phone or photos, on the station's page once answered.
	Publish bool `json:"publish"`
	// OnBehalf is the person a staff member enters a message for (代录).
	OnBehalf *OnBehalf `json:"on_behalf,omitempty"`
	// IdempotencyKey comes from the Idempotency-Key header, not the body:
	// the same key from the same user within IdempotencyWindow answers the
	// first message instead of storing a second. Empty: none.
	IdempotencyKey string `json:"-"`
}

// OnBehalf is the walk-in or caller whose message staff enter.
type OnBehalf struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Consent bool   `json:"consent"`
	// PublishConsent records that the person agreed, asked separately, to
	// show the message and its answer on the station's page. Without it a
	// walk-in's answer is never public (Input.Publish is the citizen's own
	// consent and does not count for a walk-in).
	PublishConsent bool `json:"publish_consent"`
}

// Origin is where a submission comes from, for the abuse control.
type Origin struct {
	IP string
}

// Validate checks the fields; it returns the normalized phone.
func (in *Input) Validate(maxImages int, walkIn bool) (string, apperr.FieldErrors) {
	f := apperr.FieldErrors{}
	in.Content = strings.TrimSpace(in.Content)
	in.Name = strings.TrimSpace(in.Name)
	f.Check(!slices.ContainsFunc(Categories, func(c Category) bool { return c.Code == in.Category }), "category", "请选择留言类别")
	n := utf8.RuneCountInString(in.Content)
	f.Check(n < minContent, "content", fmt.Sprintf("留言内容至少 %d 个字", minContent))
	f.Check(n > maxContent, "content", fmt.Sprintf("留言内容不能超过 %d 个字", maxContent))
	f.Check(len(in.ImageIDs) > maxImages, "image_ids", fmt.Sprintf("最多上传 %d 张照片", maxImages))
	seen := map[int64]bool{}
	for _, id := range in.ImageIDs {
		f.Check(id <= 0 || seen[id], "image_ids", "照片编号无效")
		seen[id] = true
	}
	if walkIn {
		if in.OnBehalf == nil {
			f.Add("on_behalf", "请填写来访群众信息")
			return "", f
		}
		f.Check(!in.OnBehalf.Consent, "on_behalf.consent", "须经群众同意后方可代为录入")
		f.Check(in.Publish && !in.OnBehalf.PublishConsent, "on_behalf.publish_consent", "公开答复须经来访群众本人同意，请另行询问并勾选")
		in.Name, in.Phone = strings.TrimSpace(in.OnBehalf.Name), in.OnBehalf.Phone
		in.Publish = in.OnBehalf.PublishConsent
	} else {
		f.Check(in.OnBehalf != nil, "on_behalf", "仅工作人员可代为录入")
	}
	f.Check(utf8.RuneCountInString(in.Name) > maxName, "name", fmt.Sprintf("姓名不能超过 %d 个字", maxName))
	f.Check(!validIdempotencyKey(in.IdempotencyKey), "idempotency_key", "提交编号无效，请重新打开留言页面后再提交")
	var phone string
	if strings.TrimSpace(in.Phone) != "" {
		p, ok := pii.NormalizeMobile(in.Phone)
		f.Check(!ok, "phone", "请填写正确的手机号码")
		phone = p
	}
	return phone, f
}

// Created is the answer to a submission.
type Created struct {
	ID        int64     `json:"id"`
	Code      string    `json:"code"`
	Status    string    `json:"status"`
	Review    string    `json:"review,omitempty"`
	AcceptDue time.Time `json:"accept_due"`
	ReplyDue  time.Time `json:"reply_due"`
	CreatedAt time.Time `json:"created_at"`
	// Addressee is the deputy the message was written to; nil for a station.
	Addressee *Addressee `json:"addressee"`
}

// Submit records a citizen's message to a station.
func (s *Service) Submit(ctx context.Context, p *access.Principal, stationID int64, in Input, o Origin) (*Created, error) {
	if p == nil || p.UserID == 0 {
		return nil, apperr.Unauthorized("unauthorized", "请先登录")
	}
	return s.submit(ctx, p, destination{stationID: stationID}, in, o, false)
}

// SubmitWalkIn records the message of someone who came to the station or
// called, entered by staff of the station with the person's consent. The
// tracking code goes to the person's phone by SMS.
func (s *Service) SubmitWalkIn(ctx context.Context, p *access.Principal, stationID int64, in Input) (*Created, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	return s.submit(ctx, p, destination{stationID: stationID}, in, Origin{}, true)
}

func (s *Service) submit(ctx context.Context, p *access.Principal, to destination, in Input, o Origin, walkIn bool) (*Created, error) {
	phone, f := in.Validate(s.Rules.MaxImages, walkIn)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.IdempotencyKey != "" {
		if first, err := s.firstSubmission(ctx, p.UserID, in.IdempotencyKey); first != nil || err != nil {
			return first, err
		}
	}
	stationID, addressee, err := s.resolve(ctx, to)
	if err != nil {
		return nil, err
	}
	st, err := s.Registry.ActiveStation(ctx, stationID)
	if err != nil {
		return nil, err
	}
	if walkIn && !p.Scope().CoversStation(st.ID, st.AreaCode) {
		return nil, registry.ErrStationNotFound
	}
	if !walkIn {
		if err := s.AllowSubmission(ctx, SubmitMessage, p.UserID, o.IP); err != nil {
			return nil, err
		}
	}
	openid, err := s.Identity.OpenID(ctx, s.DB, p.UserID)
	if err != nil {
		return nil, err
	}
	review, err := s.checkContent(ctx, openid, in.Content)
	if err != nil {
		return nil, err
	}
	var phoneEnc, phoneHash []byte
	if phone != "" {
		if phoneEnc, err = s.Box.Seal(phone); err != nil {
			return nil, err
		}
		phoneHash = s.Box.Hash(phone)
	}
	// To the millisecond, as the row keeps it: a repeated key answers the
	// first message from its row with the same body.
	now := s.Clock.Now().Truncate(time.Millisecond)
	d := decideIntake(s.Rules, p.UserID, walkIn, phone, now)
	out := &Created{Status: StatusSubmitted, Review: review, CreatedAt: sh(now), AcceptDue: sh(d.AcceptDue), ReplyDue: sh(d.ReplyDue), Addressee: addressee}
	var key, addresseeID any
	if in.IdempotencyKey != "" {
		key = in.IdempotencyKey
	}
	if addressee != nil {
		addresseeID = addressee.ID
	}
	var due []notify.Due
	for attempt := 0; ; attempt++ {
		out.Code = s.newCode(now)
		err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			due = nil
			area, err := s.Registry.StationArea(ctx, tx, st.ID)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO messages (code, station_id, county_code, user_id, entered_by, consent, category, content,
				name, phone_enc, phone_hash, anonymous, publish, status, review, accept_due, reply_due, created_at, updated_at, idempotency_key, addressee_deputy_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				out.Code, st.ID, countyOf(area), d.Author, d.EnteredBy, d.Consent, in.Category, in.Content, in.Name, phoneEnc, phoneHash, in.Anonymous, in.Publish,
				StatusSubmitted, review, out.AcceptDue.UTC(), out.ReplyDue.UTC(), now, now, key, addresseeID)
			if err != nil {
				return err
			}
			if out.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			if err := attachImages(ctx, tx, out.ID, p.UserID, in.ImageIDs); err != nil {
				return err
			}
			if err := addEvent(ctx, tx, out.ID, "submit", p.UserID, d.Note, now); err != nil {
				return err
			}
			if walkIn {
				if err := audit.Record(ctx, tx, p, audit.MessageWalkIn, audit.Subject("message", out.ID),
					fmt.Sprintf("在联络站「%s」代群众登记留言 %s（电话 %s）", st.Name, out.Code, phone)); err != nil {
					return err
				}
			}
			if addressee != nil {
				letters, err := s.lettersNotice(ctx, tx, addressee.ID, st.ID, st.Name, out.Code, out.ID, now)
				if err != nil {
					return err
				}
				due = append(due, letters...)
			}
			if d.SendCode {
				code, err := s.Notify.Create(ctx, tx, notify.Notice{Kind: "message_code", StationID: st.ID,
					To:      notify.Recipient{Type: notify.ToPhone, Phone: phone},
					Params:  map[string]string{"code": out.Code, "station_name": st.Name, "message_id": fmt.Sprint(out.ID)},
					Subject: subject(out.ID), DedupeKey: fmt.Sprintf("message:%d:code", out.ID)})
				if err != nil {
					return err
				}
				due = append(due, code...)
			}
			// Last, so that the county's tally, which every message of the
			// county and day adds to, is held only until the commit.
			arrived := tallyChange{}
			if err := arrived.read(ctx, tx, 1, out.ID); err != nil {
				return err
			}
			return arrived.write(ctx, tx)
		})
		if store.IsDuplicate(err) && in.IdempotencyKey != "" {
			// A request with the same key committed first (it held the
			// key's row until then): answer its message.
			if first, ferr := s.firstSubmission(ctx, p.UserID, in.IdempotencyKey); first != nil || ferr != nil {
				return first, ferr
			}
		}
		if store.IsDuplicate(err) && attempt < 5 {
			continue // another message took the code
		}
		break
	}
	if err != nil {
		return nil, err
	}
	s.enqueue(ctx, due)
	return out, nil
}

// intakeDecision is what a submission becomes, decided from who submits it
// and when: whose message it is, the timeline's note, the deadlines, and
// whether the tracking code goes out by SMS.
type intakeDecision struct {
	// Author is the citizen's user id; nil for a walk-in, entered by staff
	// (EnteredBy) with the person's consent.
	Author, EnteredBy any
	Consent           bool
	Note              string
	AcceptDue         time.Time
	ReplyDue          time.Time
	// SendCode: a walk-in who left a phone number gets the code by SMS (a
	// citizen in the mini program sees it there).
	SendCode bool
}

// decideIntake decides a submission by caller at now (walkIn: staff enter
// it for someone; phone: the number left, normalised, or ""). It reads and
// writes nothing.
func decideIntake(rules *Rules, caller int64, walkIn bool, phone string, now time.Time) intakeDecision {
	d := intakeDecision{Author: caller,
		AcceptDue: rules.Calendar.Deadline(now, rules.AcceptWithinWorkdays),
		ReplyDue:  rules.Calendar.Deadline(now, rules.ReplyWithinWorkdays)}
	if walkIn {
		d.Author, d.EnteredBy, d.Consent = nil, caller, true
		d.Note = "工作人员代为录入（已征得本人同意）"
		d.SendCode = phone != ""
	}
	return d
}

func subject(id int64) string { return fmt.Sprintf("message:%d", id) }

// attachImages gives the caller's unused uploads to the message; any id
// that is not such an upload refuses the whole submission.
func attachImages(ctx context.Context, tx *sqlx.Tx, messageID, userID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	q, args, err := store.In(`UPDATE uploads SET message_id = ? WHERE user_id = ? AND message_id IS NULL AND id IN (?)`, messageID, userID, ids)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != int64(len(ids)) {
		return apperr.Invalid(map[string]string{"image_ids": "照片不存在或已被使用，请重新上传"})
	}
	return nil
}

func addEvent(ctx context.Context, tx *sqlx.Tx, messageID int64, action string, actor int64, note string, at time.Time) error {
	var a any
	if actor != 0 {
		a = actor
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO message_events (message_id, action, actor_id, note, at) VALUES (?, ?, ?, ?, ?)`,
		messageID, action, a, note, at)
	return err
}

// checkContent asks WeChat about the text. A risky text is refused; when
// WeChat says review, or cannot be asked, the message is kept and flagged
// for staff review.
func (s *Service) checkContent(ctx context.Context, openid, text string) (string, error) {
	if s.Content == nil || openid == "" {
		return "unchecked", nil
	}
	verdict, err := s.Content.CheckText(ctx, openid, text)
	switch {
	case err != nil:
		s.Log.WarnContext(ctx, "messages: content security unavailable, message flagged for review", "error", err)
		return "unchecked", nil
	case verdict == VerdictRisky:
		return "", &apperr.Error{Kind: apperr.KindInvalid, Code: "content_risky",
			Message: "留言内容可能含有违法违规信息，未能提交。请修改后再试。", Fields: map[string]string{"content": "内容未通过安全检测"}}
	case verdict == VerdictReview:
		return "review", nil
	}
	return "", nil
}

// codeAlphabet leaves out 0/O and 1/I/L, which are misheard or misread.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newCode is a tracking code like LX2311-7K3Q: prefix, year and month in
// Shanghai, and four random characters.
func (s *Service) newCode(now time.Time) string {
	var b strings.Builder
	b.WriteString(s.Rules.CodePrefix)
	b.WriteString(sh(now).Format("0601"))
	b.WriteByte('-')
	for range 4 {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		b.WriteByte(codeAlphabet[n.Int64()])
	}
	return b.String()
}

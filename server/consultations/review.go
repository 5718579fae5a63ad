package consultations

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/store"
)

// The review of the legislative office (审议答复), after a consultation
// closed: each opinion gets an outcome and, when not (fully) adopted, a
// reason for its author; FinishReview marks the consultation reviewed and
// tells every author once (notices.go).
//
// Reviews are written only while the consultation is closed: while it is
// open opinions still come in (409 consultation_not_closed), and once the
// review is finished the outcomes are told and frozen (409
// consultation_reviewed). Until then a review may be changed freely.

// Errors of the review.
var (
	ErrNotClosed = apperr.Conflict("consultation_not_closed", "征求意见尚未截止，截止后才能答复意见")
	ErrReviewed  = apperr.Conflict("consultation_reviewed", "意见答复已经完成，不能再修改")
	// ErrOpinionNotFound: no such opinion in this consultation.
	ErrOpinionNotFound = apperr.NotFound("opinion_not_found", "意见不存在")
)

// maxReason is the most characters of a review's reason (the column's).
const maxReason = 500

// maxReviewBatch is the most opinions one 合并答复 reviews.
const maxReviewBatch = 500

// ReviewInput is the office's answer to one or several opinions.
type ReviewInput struct {
	// Outcome is adopted, partly_adopted, not_adopted or for_reference.
	Outcome string `json:"outcome"`
	// Reason is a short plain explanation for the person: required when
	// the opinion is not (fully) adopted.
	Reason string `json:"reason"`
	// OpinionIDs are the opinions answered together (合并答复, the batch
	// endpoint only; the single endpoint names its opinion in the path).
	OpinionIDs []int64 `json:"opinion_ids,omitempty"`
}

// OutcomeName is the Chinese name of an outcome ("" for none or unknown).
func OutcomeName(code string) string {
	for _, o := range Outcomes {
		if o.Code == code {
			return o.Name
		}
	}
	return ""
}

func (in *ReviewInput) validate() apperr.FieldErrors {
	f := apperr.FieldErrors{}
	in.Outcome, in.Reason = strings.TrimSpace(in.Outcome), strings.TrimSpace(in.Reason)
	f.Check(OutcomeName(in.Outcome) == "", "outcome", "请选择采纳情况：采纳、部分采纳、未采纳或留作参考")
	needs := in.Outcome == OutcomeNotAdopted || in.Outcome == OutcomePartlyAdopted
	f.Check(needs && in.Reason == "", "reason", "未采纳或部分采纳的意见，请写明理由，会告知提出意见的人")
	f.Check(utf8.RuneCountInString(in.Reason) > maxReason, "reason", fmt.Sprintf("理由不能超过 %d 个字", maxReason))
	return f
}

// Review answers one opinion of a consultation the caller runs, while it is
// closed; it returns the opinion as the staff's list shows it.
func (s *Service) Review(ctx context.Context, p *access.Principal, id, opinionID int64, in ReviewInput) (*Opinion, error) {
	out, err := s.ReviewMany(ctx, p, id, []int64{opinionID}, in)
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// ReviewMany answers several opinions together with one outcome and reason
// (合并答复: the same suggestion made by many). Every opinion must belong to
// the consultation (else 404 opinion_not_found, nothing written). It
// returns the opinions in the order given.
func (s *Service) ReviewMany(ctx context.Context, p *access.Principal, id int64, opinionIDs []int64, in ReviewInput) ([]Opinion, error) {
	f := in.validate()
	ids := slices.Compact(slices.Sorted(slices.Values(opinionIDs)))
	f.Check(len(ids) == 0, "opinion_ids", "请选择要答复的意见")
	f.Check(len(ids) > maxReviewBatch, "opinion_ids", fmt.Sprintf("一次最多答复 %d 条意见", maxReviewBatch))
	for _, oid := range ids {
		f.Check(oid <= 0, "opinion_ids", "意见编号无效")
	}
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		c, err := s.manage(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		if err := s.reviewable(c); err != nil {
			return err
		}
		q, args, err := store.In(`SELECT COUNT(*) FROM consultation_opinions WHERE consultation_id = ? AND id IN (?)`, id, ids)
		if err != nil {
			return err
		}
		var n int
		if err := tx.GetContext(ctx, &n, q, args...); err != nil {
			return fmt.Errorf("consultations: review: %w", err)
		}
		if n != len(ids) {
			return ErrOpinionNotFound
		}
		q, args, err = store.In(`UPDATE consultation_opinions SET outcome = ?, reason = ?, reviewed_at = ?, reviewed_by = ?
			WHERE consultation_id = ? AND id IN (?)`, in.Outcome, in.Reason, s.now(), nullID(p.UserID), id, ids)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("consultations: review: %w", err)
		}
		what := fmt.Sprintf("答复「%s」的意见 %d 条：%s", c.Title, len(ids), OutcomeName(in.Outcome))
		return audit.Record(ctx, tx, p, ActionReview, audit.Subject("consultation", id), what)
	})
	if err != nil {
		return nil, err
	}
	byID, err := s.opinionsByID(ctx, id, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Opinion, 0, len(opinionIDs))
	seen := map[int64]bool{}
	for _, oid := range opinionIDs {
		if o, ok := byID[oid]; ok && !seen[oid] {
			seen[oid] = true
			out = append(out, o)
		}
	}
	return out, nil
}

// reviewable: reviews are written while the consultation is closed.
func (s *Service) reviewable(c *Consultation) error {
	switch shownStatus(c.Status, c.ClosesAt, s.now()) {
	case StatusClosed:
		return nil
	case StatusReviewed:
		return ErrReviewed
	default:
		return ErrNotClosed
	}
}

// opinionsByID reads the consultation's opinions of ids, by id.
func (s *Service) opinionsByID(ctx context.Context, id int64, ids []int64) (map[int64]Opinion, error) {
	q, args, err := store.In(opinionSelect+` WHERE o.consultation_id = ? AND o.id IN (?)`, id, ids)
	if err != nil {
		return nil, err
	}
	var rows []Opinion
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("consultations: opinions: %w", err)
	}
	out := make(map[int64]Opinion, len(rows))
	for _, o := range rows {
		if err := s.finishOpinion(&o); err != nil {
			return nil, err
		}
		out[o.ID] = o
	}
	return out, nil
}

// ErrUnreviewed is the refusal to finish a review with opinions left
// unanswered; the message says how many.
func ErrUnreviewed(left int) error {
	return apperr.Conflict("opinions_not_reviewed", fmt.Sprintf("还有 %d 条意见没有答复，请全部答复后再完成答复", left))
}

// FinishReview ends the review of a closed consultation whose every opinion
// is answered (else 409 opinions_not_reviewed, with the count left): the
// consultation becomes reviewed, and each person who left an opinion is
// told its outcome once (notices.go). Finishing again changes nothing and
// sends nothing again: it answers the consultation as it is.
func (s *Service) FinishReview(ctx context.Context, p *access.Principal, id int64) (*Consultation, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	staff, err := s.Identity.Staff(ctx)
	if err != nil {
		return nil, err
	}
	var told *told
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		c, err := s.manage(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		switch shownStatus(c.Status, c.ClosesAt, s.now()) {
		case StatusReviewed:
			return nil // done before: nothing more to do
		case StatusClosed:
		default:
			return ErrNotClosed
		}
		var left int
		if err := tx.GetContext(ctx, &left, `SELECT COUNT(*) FROM consultation_opinions WHERE consultation_id = ? AND outcome IS NULL`, id); err != nil {
			return fmt.Errorf("consultations: finish: %w", err)
		}
		if left > 0 {
			return ErrUnreviewed(left)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET status = 'reviewed', reviewed_at = ?, updated_at = ? WHERE id = ?`, now, now, id); err != nil {
			return fmt.Errorf("consultations: finish: %w", err)
		}
		if told, err = s.tellOutcomes(ctx, tx, c, staff); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, ActionFinishReview, audit.Subject("consultation", id), "完成「"+c.Title+"」的意见答复"+told.summary())
	})
	if err != nil {
		return nil, err
	}
	if told != nil && s.Notify != nil {
		s.Notify.Enqueue(ctx, told.due)
	}
	return s.Get(ctx, p, id)
}

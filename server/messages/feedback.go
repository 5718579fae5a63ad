package messages

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

// Rating is the author's verdict on a reply.
type Rating struct {
	Rating  string `json:"rating"`
	Comment string `json:"comment"`
}

// Followup is the author's answer to the follow-up of a promise.
type Followup struct {
	Fulfilled *bool  `json:"fulfilled"`
	Comment   string `json:"comment"`
}

var ratings = []string{RatingSatisfied, RatingBasicallySatisfied, RatingUnsatisfied}

// loadOwn reads (and locks) a message of the caller's own: only its author
// rates it or answers its follow-up.
func (s *Service) loadOwn(ctx context.Context, tx *sqlx.Tx, p *access.Principal, id int64) (*row, error) {
	if p == nil || p.UserID == 0 {
		return nil, errNotFound
	}
	var r row
	err := tx.GetContext(ctx, &r, selectMessage+" WHERE m.id = ? AND m.user_id = ? FOR UPDATE", id, p.UserID)
	if store.IsNoRows(err) {
		return nil, errNotFound
	}
	return &r, err
}

// Rate records the author's rating of the reply. A replied message closes;
// a promised one stays open for its follow-up.
func (s *Service) Rate(ctx context.Context, p *access.Principal, id int64, in Rating) (*Message, error) {
	in.Comment = strings.TrimSpace(in.Comment)
	f := apperr.FieldErrors{}
	f.Check(!contains(ratings, in.Rating), "rating", "请选择满意、基本满意或不满意")
	f.Check(utf8.RuneCountInString(in.Comment) > maxComment, "comment", fmt.Sprintf("评价不能超过 %d 字", maxComment))
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var due []notify.Due
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		due = nil
		r, err := s.loadOwn(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if (r.Status != StatusReplied && r.Status != StatusPromised) || r.Rating != nil {
			return apperr.Conflict("rating_not_allowed", "该留言当前不能评价")
		}
		set := "rating = ?, rating_comment = ?, rated_at = ?, updated_at = ?"
		args := []any{in.Rating, in.Comment, now, now}
		if r.Status == StatusReplied {
			set += ", status = 'closed', closed_at = ?, close_reason = 'rated'"
			args = append(args, now)
		}
		err = changeTallied(ctx, tx, []int64{id}, func() error {
			_, err := tx.ExecContext(ctx, "UPDATE messages SET "+set+" WHERE id = ?", append(args, id)...)
			return err
		})
		if err != nil {
			return err
		}
		if err := addEvent(ctx, tx, id, "rate", p.UserID, joinNote(ratingName(in.Rating), in.Comment), now); err != nil {
			return err
		}
		if r.Status != StatusReplied {
			return nil // a promised message stays open: not an outcome yet
		}
		due, err = s.outcomeNotice(ctx, tx, r, ratingName(in.Rating))
		return err
	})
	if err != nil {
		return nil, err
	}
	s.enqueue(ctx, due)
	return s.Get(ctx, p, id)
}

func ratingName(r string) string {
	switch r {
	case RatingSatisfied:
		return "满意"
	case RatingBasicallySatisfied:
		return "基本满意"
	}
	return "不满意"
}

// AnswerFollowup records whether a promise was kept: yes closes the message
// (it counts toward the implementation rate), no reopens it for the station
// with the comment and a new reply deadline.
func (s *Service) AnswerFollowup(ctx context.Context, p *access.Principal, id int64, in Followup) (*Message, error) {
	in.Comment = strings.TrimSpace(in.Comment)
	f := apperr.FieldErrors{}
	f.Check(in.Fulfilled == nil, "fulfilled", "请选择是否已落实")
	f.Check(utf8.RuneCountInString(in.Comment) > maxComment, "comment", fmt.Sprintf("说明不能超过 %d 字", maxComment))
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var due []notify.Due
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		due = nil
		r, err := s.loadOwn(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if r.Status != StatusPromised {
			return apperr.Conflict("followup_not_allowed", "该留言当前没有待回访的承诺")
		}
		if *in.Fulfilled {
			err = changeTallied(ctx, tx, []int64{id}, func() error {
				_, err := tx.ExecContext(ctx, `UPDATE messages SET fulfilled = 1, status = 'closed', closed_at = ?, close_reason = 'fulfilled', updated_at = ? WHERE id = ?`,
					now, now, id)
				return err
			})
			if err != nil {
				return err
			}
			if err := addEvent(ctx, tx, id, "fulfilled", p.UserID, in.Comment, now); err != nil {
				return err
			}
			due, err = s.outcomeNotice(ctx, tx, r, outcomeFulfilled)
			return err
		}
		err = changeTallied(ctx, tx, []int64{id}, func() error {
			_, err := tx.ExecContext(ctx, `UPDATE messages SET fulfilled = 0, status = 'reopened', reply_due = ?, updated_at = ? WHERE id = ?`,
				s.Rules.Calendar.Deadline(now, s.Rules.ReplyWithinWorkdays), now, id)
			return err
		})
		if err != nil {
			return err
		}
		return addEvent(ctx, tx, id, "reopen", p.UserID, firstNonEmpty(in.Comment, "群众反映承诺事项尚未落实"), now)
	})
	if err != nil {
		return nil, err
	}
	s.enqueue(ctx, due)
	return s.Get(ctx, p, id)
}

var _ = time.Second

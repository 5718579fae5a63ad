package activities

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
)

// RSVP answers an invitation: attend, or leave with a reason, until the start.
type RSVP struct {
	Answer string `json:"answer"`
	Reason string `json:"reason"`
}

// Answer records the calling deputy's RSVP.
func (s *Service) Answer(ctx context.Context, p *access.Principal, id int64, in RSVP) (*MyActivity, error) {
	if err := requireDeputy(p); err != nil {
		return nil, err
	}
	t, err := s.invitedTo(ctx, s.DB, p.DeputyID, id)
	if err != nil {
		return nil, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	f := apperr.FieldErrors{}
	f.Check(in.Answer != "attend" && in.Answer != "leave", "answer", "请选择参加或请假")
	f.Check(in.Answer == "leave" && in.Reason == "", "reason", "请假请填写原因")
	f.Check(utf8.RuneCountInString(in.Reason) > 200, "reason", "原因不超过 200 字")
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	if t.Status != StatusPublished || !now.Before(t.StartAt) {
		return nil, apperr.Conflict("rsvp_closed", "活动已开始或已取消，不能再更改")
	}
	if in.Answer == "attend" {
		in.Reason = ""
	}
	if _, err := s.DB.ExecContext(ctx, `UPDATE activity_invitees SET rsvp = ?, rsvp_reason = ?, rsvp_at = ? WHERE activity_id = ? AND deputy_id = ?`,
		in.Answer, in.Reason, now, id, p.DeputyID); err != nil {
		return nil, fmt.Errorf("activities: rsvp: %w", err)
	}
	return s.myActivity(ctx, p.DeputyID, id)
}

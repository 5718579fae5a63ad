package activities

import (
	"context"
	"fmt"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/store"
)

// Audience is who a publish, change or cancel of an activity would tell:
// the invited deputies and, of those, the ones with an employer on record
// (who get the attendance-guarantee notice).
type Audience struct {
	Deputies  int `json:"deputies"`
	Employers int `json:"employers"`
}

// Audience counts, for staff about to confirm, the people an activity's
// notices go to: for a draft, its invitation as publishing would resolve it
// now; for a published activity, its invitees.
func (s *Service) Audience(ctx context.Context, p *access.Principal, id int64) (*Audience, error) {
	a, err := s.activityInScope(ctx, s.DB, p, id, false)
	if err != nil {
		return nil, err
	}
	var ids []int64
	if a.Status == StatusDraft {
		if ids, err = s.invitationDeputies(ctx, a.Invitees); err != nil {
			return nil, err
		}
	} else if err := s.DB.SelectContext(ctx, &ids, `SELECT deputy_id FROM activity_invitees WHERE activity_id = ?`, a.ID); err != nil {
		return nil, fmt.Errorf("activities: audience: %w", err)
	}
	out := &Audience{Deputies: len(ids)}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := store.In(`SELECT COUNT(*) FROM deputies WHERE id IN (?) AND employer_phone_enc IS NOT NULL`, ids)
	if err != nil {
		return nil, err
	}
	if err := s.DB.GetContext(ctx, &out.Employers, q, args...); err != nil {
		return nil, fmt.Errorf("activities: audience employers: %w", err)
	}
	return out, nil
}

// invitationDeputies are the active deputies an invitation names, as
// resolveInvitees would write them at publish.
func (s *Service) invitationDeputies(ctx context.Context, inv Invitees) ([]int64, error) {
	set := map[int64]bool{}
	add := func(query string, args ...any) error {
		var ids []int64
		if err := s.DB.SelectContext(ctx, &ids, query, args...); err != nil {
			return fmt.Errorf("activities: invitation: %w", err)
		}
		for _, id := range ids {
			set[id] = true
		}
		return nil
	}
	if len(inv.DeputyIDs) > 0 {
		q, args, err := store.In(`SELECT id FROM deputies WHERE id IN (?)`, inv.DeputyIDs)
		if err != nil {
			return nil, err
		}
		if err := add(q, args...); err != nil {
			return nil, err
		}
	}
	if inv.StationID > 0 {
		if err := add(`SELECT sd.deputy_id FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id
			WHERE sd.station_id = ? AND d.active = 1`, inv.StationID); err != nil {
			return nil, err
		}
	}
	if inv.GroupID > 0 {
		if err := add(`SELECT m.deputy_id FROM deputy_group_members m JOIN deputies d ON d.id = m.deputy_id
			WHERE m.group_id = ? AND d.active = 1`, inv.GroupID); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	return ids, nil
}

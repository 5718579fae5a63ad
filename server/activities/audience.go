package activities

import (
	"context"
	"fmt"

	"github.com/liaison-stations/liaison/server/access"
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
	contacts, err := s.Registry.DeputyContacts(ctx, s.DB, ids)
	if err != nil {
		return nil, fmt.Errorf("activities: audience employers: %w", err)
	}
	for _, id := range ids {
		if len(contacts[id].EmployerPhoneEnc) > 0 {
			out.Employers++
		}
	}
	return out, nil
}

// invitationDeputies are the deputies an invitation names, as
// resolveInvitees would write them at publish: those named who exist, and
// the active deputies of the station or group invited (the registry's).
func (s *Service) invitationDeputies(ctx context.Context, inv Invitees) ([]int64, error) {
	set := map[int64]bool{}
	if len(inv.DeputyIDs) > 0 {
		named, err := s.Registry.DeputyContacts(ctx, s.DB, inv.DeputyIDs)
		if err != nil {
			return nil, fmt.Errorf("activities: invitation: %w", err)
		}
		for id := range named {
			set[id] = true
		}
	}
	add := func(ids []int64, err error) error {
		if err != nil {
			return fmt.Errorf("activities: invitation: %w", err)
		}
		for _, id := range ids {
			set[id] = true
		}
		return nil
	}
	if inv.StationID > 0 {
		if err := add(s.Registry.StationDeputyIDs(ctx, s.DB, inv.StationID)); err != nil {
			return nil, err
		}
	}
	if inv.GroupID > 0 {
		if err := add(s.Registry.GroupDeputyIDs(ctx, s.DB, inv.GroupID)); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	return ids, nil
}

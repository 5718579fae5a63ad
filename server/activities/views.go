package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/store"
)

// MyActivity is an activity as an invited deputy sees it.
type MyActivity struct {
	ID          int64      `json:"id" db:"id"`
	StationID   int64      `json:"station_id" db:"station_id"`
	StationName string     `json:"station_name" db:"station_name"`
	Kind        string     `json:"kind" db:"kind"`
	KindName    string     `json:"kind_name" db:"-"`
	Title       string     `json:"title" db:"title"`
	Description string     `json:"description" db:"description"`
	StartAt     time.Time  `json:"start_at" db:"start_at"`
	EndAt       time.Time  `json:"end_at" db:"end_at"`
	Venue       string     `json:"venue" db:"venue"`
	Latitude    *float64   `json:"latitude" db:"latitude"`
	Longitude   *float64   `json:"longitude" db:"longitude"`
	Status      string     `json:"status" db:"status"`
	CancelReson string     `json:"cancel_reason" db:"cancel_reason"`
	RSVP        string     `json:"rsvp" db:"rsvp"`
	RSVPReason  string     `json:"rsvp_reason" db:"rsvp_reason"`
	CheckedInAt *time.Time `json:"checked_in_at" db:"checked_in_at"`
}

// myColumns join stations (registry's table, read only) for the station's name.
const myColumns = `a.id, a.station_id, s.name AS station_name, a.kind, a.title, a.description, a.start_at, a.end_at, a.venue,
	a.latitude, a.longitude, a.status, a.cancel_reason, i.rsvp, i.rsvp_reason, c.checked_in_at
	FROM activity_invitees i JOIN activities a ON a.id = i.activity_id JOIN stations s ON s.id = a.station_id
	LEFT JOIN activity_checkins c ON c.activity_id = i.activity_id AND c.deputy_id = i.deputy_id`

func (m *MyActivity) finish(now time.Time) {
	m.KindName = KindName(m.Kind)
	if m.Status == StatusPublished && !m.EndAt.After(now) {
		m.Status = StatusFinished
	}
	m.StartAt, m.EndAt = m.StartAt.In(clock.Shanghai), m.EndAt.In(clock.Shanghai)
	if m.CheckedInAt != nil {
		t := m.CheckedInAt.In(clock.Shanghai)
		m.CheckedInAt = &t
	}
}

func (s *Service) myActivity(ctx context.Context, deputyID, id int64) (*MyActivity, error) {
	var m MyActivity
	err := s.DB.GetContext(ctx, &m, `SELECT `+myColumns+` WHERE i.deputy_id = ? AND i.activity_id = ?`, deputyID, id)
	if store.IsNoRows(err) {
		return nil, errNotInvited
	}
	if err != nil {
		return nil, fmt.Errorf("activities: mine: %w", err)
	}
	m.finish(s.now())
	return &m, nil
}

// MyActivities lists the calling deputy's invitations, the latest start first (then id).
func (s *Service) MyActivities(ctx context.Context, p *access.Principal, page store.Page) ([]MyActivity, store.Cursor, error) {
	if err := requireDeputy(p); err != nil {
		return nil, store.Cursor{}, err
	}
	q := `SELECT ` + myColumns + ` WHERE i.deputy_id = ? AND a.status <> 'draft'`
	args := []any{p.DeputyID}
	after, afterArgs := page.Before("a.start_at", "a.id")
	q += ` AND ` + after + ` ORDER BY a.start_at DESC, a.id DESC LIMIT ?`
	args = append(args, afterArgs...)
	args = append(args, page.Limit+1)
	var rows []MyActivity
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, store.Cursor{}, fmt.Errorf("activities: mine: %w", err)
	}
	rows, next := store.Next(rows, page, func(m MyActivity) store.Cursor { return store.Cursor{At: m.StartAt, ID: m.ID} })
	now := s.now()
	for i := range rows {
		rows[i].finish(now)
	}
	return rows, next, nil
}

// Detail is an activity with its invitees, as staff see it.
type Detail struct {
	*Activity
	Counts       Counts          `json:"counts"`
	InviteesList []InviteeStatus `json:"invitee_status"`
}

// Counts are the answers and attendance of an activity.
type Counts struct {
	Invited   int `json:"invited"`
	Attend    int `json:"attend"`
	Leave     int `json:"leave"`
	NoAnswer  int `json:"no_answer"`
	CheckedIn int `json:"checked_in"`
}

// InviteeStatus is one invitee: answer, attendance, and the notices to them and their employer.
type InviteeStatus struct {
	DeputyID      int64          `json:"deputy_id" db:"deputy_id"`
	Name          string         `json:"name" db:"name"`
	RSVP          string         `json:"rsvp" db:"rsvp"`
	RSVPReason    string         `json:"rsvp_reason" db:"rsvp_reason"`
	CheckedInAt   *time.Time     `json:"checked_in_at" db:"checked_in_at"`
	CheckinMethod *string        `json:"checkin_method" db:"method"`
	CheckinNote   *string        `json:"checkin_note" db:"note"`
	DistanceM     *int           `json:"distance_m" db:"distance_m"`
	Notices       []NoticeStatus `json:"notices" db:"-"`
	Employer      *EmployerState `json:"employer" db:"-"`

	HasEmployer    bool       `json:"-" db:"has_employer"`
	OpenedAt       *time.Time `json:"-" db:"opened_at"`
	AcknowledgedAt *time.Time `json:"-" db:"acknowledged_at"`
}

// NoticeStatus is one notice about the activity to a deputy or an employer.
type NoticeStatus struct {
	ID          int64      `json:"id" db:"id"`
	Kind        string     `json:"kind" db:"kind"`
	Channel     string     `json:"channel" db:"channel"`
	Status      string     `json:"status" db:"status"`
	LastError   string     `json:"last_error" db:"last_error"`
	SentAt      *time.Time `json:"sent_at" db:"sent_at"`
	DeliveredAt *time.Time `json:"delivered_at" db:"delivered_at"`

	RecipientType string `json:"-" db:"recipient_type"`
	RecipientID   *int64 `json:"-" db:"recipient_id"`
}

// EmployerState says whether the employer was notified, the SMS delivered,
// the page opened and the notice acknowledged.
type EmployerState struct {
	// Name, ContactName and ContactPhone (whole: the detail is for staff in
	// scope) are whom to phone when ToPhone says no notice reached them (a
	// landline, a failed or skipped SMS).
	Name             string `json:"name"`
	ContactName      string `json:"contact_name"`
	ContactPhone     string `json:"contact_phone"`
	ContactPhoneKind string `json:"contact_phone_kind"`
	ToPhone          bool   `json:"to_phone"`

	Notified       bool           `json:"notified"`
	Delivered      bool           `json:"delivered"`
	OpenedAt       *time.Time     `json:"opened_at"`
	AcknowledgedAt *time.Time     `json:"acknowledged_at"`
	Notices        []NoticeStatus `json:"notices"`
}

func local(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	l := t.In(clock.Shanghai)
	return &l
}

// Detail returns the activity with every invitee's status.
func (s *Service) Detail(ctx context.Context, p *access.Principal, id int64) (*Detail, error) {
	a, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Activity: a, InviteesList: []InviteeStatus{}}
	// A report of every invitee: it joins deputies (registry's table, read
	// only) for their names and whether they have an employer.
	if err := s.DB.SelectContext(ctx, &d.InviteesList, `SELECT i.deputy_id, dp.name, i.rsvp, i.rsvp_reason, c.checked_in_at, c.method, c.note,
			c.distance_m, dp.employer_phone_enc IS NOT NULL AS has_employer, e.opened_at, e.acknowledged_at
		FROM activity_invitees i JOIN deputies dp ON dp.id = i.deputy_id
		LEFT JOIN activity_checkins c ON c.activity_id = i.activity_id AND c.deputy_id = i.deputy_id
		LEFT JOIN employer_notices e ON e.activity_id = i.activity_id AND e.deputy_id = i.deputy_id
		WHERE i.activity_id = ? ORDER BY i.deputy_id`, id); err != nil {
		return nil, fmt.Errorf("activities: detail: %w", err)
	}
	notices, err := s.Notify.BySubject(ctx, subject(id))
	if err != nil {
		return nil, fmt.Errorf("activities: detail: %w", err)
	}
	byDeputy, byEmployer := map[int64][]NoticeStatus{}, map[int64][]NoticeStatus{}
	for _, sn := range notices {
		if sn.RecipientID == nil {
			continue
		}
		n := NoticeStatus{ID: sn.ID, Kind: sn.Kind, Channel: sn.Channel, Status: sn.Status, LastError: sn.LastError,
			SentAt: local(sn.SentAt), DeliveredAt: local(sn.DeliveredAt), RecipientType: sn.RecipientType, RecipientID: sn.RecipientID}
		if n.RecipientType == "employer" {
			byEmployer[*n.RecipientID] = append(byEmployer[*n.RecipientID], n)
		} else {
			byDeputy[*n.RecipientID] = append(byDeputy[*n.RecipientID], n)
		}
	}
	var withEmployer []int64
	for i := range d.InviteesList {
		v := &d.InviteesList[i]
		v.CheckedInAt = local(v.CheckedInAt)
		v.Notices = byDeputy[v.DeputyID]
		if v.Notices == nil {
			v.Notices = []NoticeStatus{}
		}
		d.Counts.Invited++
		switch v.RSVP {
		case "attend":
			d.Counts.Attend++
		case "leave":
			d.Counts.Leave++
		default:
			d.Counts.NoAnswer++
		}
		if v.CheckedInAt != nil {
			d.Counts.CheckedIn++
		}
		if !v.HasEmployer {
			continue
		}
		es := &EmployerState{OpenedAt: local(v.OpenedAt), AcknowledgedAt: local(v.AcknowledgedAt), Notices: byEmployer[v.DeputyID]}
		if es.Notices == nil {
			es.Notices = []NoticeStatus{}
		}
		for _, n := range es.Notices {
			if n.Kind == "employer_notice" {
				es.Notified = n.Status == "sent" || n.Status == "delivered"
				es.Delivered = n.Status == "delivered"
				es.ToPhone = n.Status == "skipped" || n.Status == "failed"
			}
		}
		v.Employer = es
		withEmployer = append(withEmployer, v.DeputyID)
	}
	if err := s.fillEmployers(ctx, d.InviteesList, withEmployer); err != nil {
		return nil, err
	}
	return d, nil
}

// fillEmployers gives the employers of the invitees their name and contact,
// read through the registry.
func (s *Service) fillEmployers(ctx context.Context, list []InviteeStatus, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	contacts, err := s.Registry.DeputyContacts(ctx, s.DB, ids)
	if err != nil {
		return err
	}
	for i := range list {
		es := list[i].Employer
		c, ok := contacts[list[i].DeputyID]
		if es == nil || !ok {
			continue
		}
		es.Name, es.ContactName = c.EmployerName, c.EmployerContact
		if len(c.EmployerPhoneEnc) > 0 {
			if es.ContactPhone, err = s.Box.Open(c.EmployerPhoneEnc); err != nil {
				return err
			}
			es.ContactPhoneKind = pii.PhoneKind(es.ContactPhone)
		}
	}
	return nil
}

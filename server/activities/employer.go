package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

var errNoticeNotFound = apperr.NotFound("notice_not_found", "通知不存在或已失效")

// EmployerNotice is what the employer's page shows.
type EmployerNotice struct {
	DeputyName     string     `db:"deputy_name"`
	EmployerName   string     `db:"employer_name"`
	Title          string     `db:"title"`
	Kind           string     `db:"kind"`
	StartAt        time.Time  `db:"start_at"`
	EndAt          time.Time  `db:"end_at"`
	Venue          string     `db:"venue"`
	StationName    string     `db:"station_name"`
	Status         string     `db:"status"`
	CancelReason   string     `db:"cancel_reason"`
	OpenedAt       *time.Time `db:"opened_at"`
	AcknowledgedAt *time.Time `db:"acknowledged_at"`
	ID             int64      `db:"id"`
	ActivityID     int64      `db:"activity_id"`
	DeputyID       int64      `db:"deputy_id"`

	KindName      string
	LegalBasis    string
	IssuingOffice string
	OfficePhone   string
}

// Cancelled reports whether the activity was cancelled.
func (n *EmployerNotice) Cancelled() bool { return n.Status == StatusCancelled }

// EmployerPage returns the notice behind a link's token and records the
// first opening. An unknown token is not found.
func (s *Service) EmployerPage(ctx context.Context, token string) (*EmployerNotice, error) {
	n, err := s.employerNotice(ctx, token)
	if err != nil {
		return nil, err
	}
	return s.opened(ctx, n)
}

// EmployerPageByCode returns the notice of a notice code (as typed: case and
// spaces do not matter) and records the first opening. A code that is not
// one, or whose activity ended more than a week ago, is not found.
func (s *Service) EmployerPageByCode(ctx context.Context, code string) (*EmployerNotice, error) {
	n, err := s.employerNoticeByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	return s.opened(ctx, n)
}

// AcknowledgeEmployerNoticeByCode is AcknowledgeEmployerNotice for a notice code.
func (s *Service) AcknowledgeEmployerNoticeByCode(ctx context.Context, code string) (*EmployerNotice, error) {
	n, err := s.employerNoticeByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	if err := s.acknowledge(ctx, n); err != nil {
		return nil, err
	}
	return s.employerNoticeByCode(ctx, code)
}

func (s *Service) opened(ctx context.Context, n *EmployerNotice) (*EmployerNotice, error) {
	if n.OpenedAt == nil {
		now := s.now()
		if _, err := s.DB.ExecContext(ctx, `UPDATE employer_notices SET opened_at = ? WHERE id = ? AND opened_at IS NULL`, now, n.ID); err != nil {
			return nil, fmt.Errorf("activities: employer page: %w", err)
		}
		n.OpenedAt = &now
	}
	return n, nil
}

// AcknowledgeEmployerNotice records that the employer acknowledged the notice (once).
func (s *Service) AcknowledgeEmployerNotice(ctx context.Context, token string) (*EmployerNotice, error) {
	n, err := s.employerNotice(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := s.acknowledge(ctx, n); err != nil {
		return nil, err
	}
	return s.employerNotice(ctx, token)
}

func (s *Service) acknowledge(ctx context.Context, n *EmployerNotice) error {
	now := s.now()
	if _, err := s.DB.ExecContext(ctx, `UPDATE employer_notices SET acknowledged_at = ?, opened_at = COALESCE(opened_at, ?)
		WHERE id = ? AND acknowledged_at IS NULL`, now, now, n.ID); err != nil {
		return fmt.Errorf("activities: acknowledge: %w", err)
	}
	// The staff's list of notices shows it too.
	if n.AcknowledgedAt == nil {
		return s.Notify.MarkAcknowledged(ctx, fmt.Sprintf("activity:%d", n.ActivityID), notify.ToEmployer, n.DeputyID, now)
	}
	return nil
}

func (s *Service) employerNotice(ctx context.Context, token string) (*EmployerNotice, error) {
	if len(token) < 16 || len(token) > 64 {
		return nil, errNoticeNotFound
	}
	return s.employerNoticeWhere(ctx, "e.token_hash = ?", s.Box.Hash(token))
}

func (s *Service) employerNoticeByCode(ctx context.Context, typed string) (*EmployerNotice, error) {
	code := NormalizeNoticeCode(typed)
	if code == "" {
		return nil, errNoticeNotFound
	}
	n, err := s.employerNoticeWhere(ctx, "e.code_hash = ?", s.Box.Hash(noticeCodeKey(code)))
	if err != nil {
		return nil, err
	}
	if s.now().After(n.EndAt.AddDate(0, 0, noticeCodeValidityDays)) {
		return nil, errNoticeNotFound
	}
	return n, nil
}

func (s *Service) employerNoticeWhere(ctx context.Context, where string, arg any) (*EmployerNotice, error) {
	var n EmployerNotice
	var stationID int64
	row := s.DB.QueryRowxContext(ctx, `SELECT e.id, e.activity_id, e.deputy_id, a.station_id, a.title, a.kind, a.start_at, a.end_at, a.venue,
			a.status, a.cancel_reason, e.opened_at, e.acknowledged_at
		FROM employer_notices e JOIN activities a ON a.id = e.activity_id WHERE `+where, arg)
	err := row.Scan(&n.ID, &n.ActivityID, &n.DeputyID, &stationID, &n.Title, &n.Kind, &n.StartAt, &n.EndAt, &n.Venue,
		&n.Status, &n.CancelReason, &n.OpenedAt, &n.AcknowledgedAt)
	if store.IsNoRows(err) {
		return nil, errNoticeNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("activities: employer notice: %w", err)
	}
	// The deputy and the station are the registry's.
	contacts, err := s.Registry.DeputyContacts(ctx, s.DB, []int64{n.DeputyID})
	if err != nil {
		return nil, err
	}
	stations, err := s.Registry.StationRefs(ctx, []int64{stationID})
	if err != nil {
		return nil, err
	}
	d, okD := contacts[n.DeputyID]
	st, okS := stations[stationID]
	if !okD || !okS {
		return nil, errNoticeNotFound // as the inner joins had it
	}
	n.DeputyName, n.EmployerName, n.StationName = d.Name, d.EmployerName, st.Name
	n.StartAt, n.EndAt = n.StartAt.In(clock.Shanghai), n.EndAt.In(clock.Shanghai)
	if n.AcknowledgedAt != nil {
		t := n.AcknowledgedAt.In(clock.Shanghai)
		n.AcknowledgedAt = &t
	}
	n.KindName = KindName(n.Kind)
	office := s.Rules.OfficeFor(st.AreaCode)
	n.LegalBasis, n.IssuingOffice, n.OfficePhone = s.Rules.EmployerNotice.LegalBasis, office.Name, office.Phone
	return &n, nil
}

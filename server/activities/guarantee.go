package activities

import (
	"context"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/pii"
)

// The wording of the attendance-guarantee notice (履职时间保障通知, item 28;
// Deputy Law art. 33). The employer's web page (server/api) and the letter
// staff print for an employer the SMS cannot reach (server/console) both
// take it from here, so that the two never say different things.
const (
	guaranteeTitle     = "代表履职时间保障通知"
	guaranteeSalutedTo = "代表所在单位"
	guaranteeLead      = "贵单位人大代表"
	guaranteeAsk       = "受邀参加以下代表履职活动，请予以时间保障，安排其按时参加，并按正常出勤对待。"
	guaranteeWhenStyle = "2006年1月2日 15:04"
)

// NoticeTitle is the notice's heading.
func (n *EmployerNotice) NoticeTitle() string { return guaranteeTitle }

// Salutation is whom the notice is addressed to: the employer by name, or
// "代表所在单位" when the registry has no name.
func (n *EmployerNotice) Salutation() string {
	if n.EmployerName != "" {
		return n.EmployerName + "："
	}
	return guaranteeSalutedTo + "："
}

// RequestLead and RequestAsk are the request around the deputy's name:
// RequestLead, the name, RequestAsk.
func (n *EmployerNotice) RequestLead() string { return guaranteeLead }

// RequestAsk asks the employer to give the deputy the time and count it as
// normal attendance.
func (n *EmployerNotice) RequestAsk() string { return guaranteeAsk }

// When is the activity's time, from start to end, in Asia/Shanghai. An
// activity within one day names its date once ("2026年12月9日 14:30 至 17:00").
func (n *EmployerNotice) When() string {
	start, end := n.StartAt.In(clock.Shanghai), n.EndAt.In(clock.Shanghai)
	if start.Format(time.DateOnly) == end.Format(time.DateOnly) {
		return start.Format(guaranteeWhenStyle) + " 至 " + end.Format("15:04")
	}
	return start.Format(guaranteeWhenStyle) + " 至 " + end.Format(guaranteeWhenStyle)
}

// ContactLine is the issuing office's telephone, to say under its name, or
// "" when none is configured.
func (n *EmployerNotice) ContactLine() string {
	if n.OfficePhone == "" {
		return ""
	}
	return "联系电话：" + n.OfficePhone
}

// CancelNote says the activity was cancelled (with its reason), or "".
func (n *EmployerNotice) CancelNote() string {
	if !n.Cancelled() {
		return ""
	}
	s := "本次活动已取消"
	if n.CancelReason != "" {
		s += "（" + n.CancelReason + "）"
	}
	return s + "，无需再为其安排时间。"
}

// EmployerLetters are the attendance-guarantee notices, as letters to print,
// of the employers no SMS reached: a landline, or a notice that failed or
// was skipped (Detail's employers to telephone). They say what the
// employer's web page says. The activity must be the caller's (else not found).
func (s *Service) EmployerLetters(ctx context.Context, p *access.Principal, id int64) ([]EmployerNotice, error) {
	d, err := s.Detail(ctx, p, id)
	if err != nil {
		return nil, err
	}
	out := []EmployerNotice{}
	office := s.Rules.OfficeFor(d.AreaCode)
	for _, v := range d.InviteesList {
		if !v.Employer.MustPhone() {
			continue
		}
		out = append(out, EmployerNotice{
			DeputyName: v.Name, EmployerName: v.Employer.Name, Title: d.Title, Kind: d.Kind, KindName: d.KindName,
			StartAt: d.StartAt, EndAt: d.EndAt, Venue: d.Venue, StationName: d.StationName, Status: d.Status,
			CancelReason: d.CancelReason, ActivityID: d.ID, DeputyID: v.DeputyID,
			LegalBasis: s.Rules.EmployerNotice.LegalBasis, IssuingOffice: office.Name, OfficePhone: office.Phone,
		})
	}
	return out, nil
}

// MustPhone reports whether staff have to reach this employer themselves
// (by telephone or a printed letter): the contact number is a landline, or
// the SMS failed or was skipped. A nil state (no employer) is false.
func (e *EmployerState) MustPhone() bool {
	return e != nil && (e.ToPhone || e.ContactPhoneKind == pii.KindLandline)
}

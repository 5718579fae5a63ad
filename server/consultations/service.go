// Package consultations is 立法征询 (work plan items 5 and 11): a draft
// regulation published by article for stations, deputies and the public to
// comment on, and the legislative office's review of every opinion.
//
// A region's or a city's office (an admin, or staff whose area grant is the
// region or the city) runs a consultation; stations it reaches — every
// station of its area, or the ones listed — take opinions from the public
// and hold consultation meetings (activities of kind
// legislative_consultation). States: draft → open → closed → reviewed. A
// consultation whose closes_at has passed shows as closed.
//
// The API, for server/api, server/console and jobs (p is the caller):
//
//	SplitText(text) Split                                       the split preview, no database
//	(*Service).Create(ctx, p, Input) (*Consultation, error)     a draft, split into articles
//	(*Service).Update(ctx, p, id, Input) (*Consultation, error) PATCH: re-split while draft; only closes_at once open
//	(*Service).Get(ctx, p, id) (*Consultation, error)           staff view: text, chapters, articles with counts, warnings
//	(*Service).List(ctx, p, Filter, page)                       the consultations the caller runs
//	(*Service).Publish / Close(ctx, p, id) (*Consultation, error)
//	(*Service).OpenAt(ctx, stationID) ([]Brief, error)          public: open ones reaching a station
//	(*Service).Public(ctx, id) (*Public, error)                 public: the draft by article, with counts
//	(*Service).Comment(ctx, p, id, OpinionInput)                a signed-in user's opinion (deputy's when bound)
//	(*Service).RecordMeeting(ctx, p, id, OpinionInput)          staff: an opinion from a meeting or a walk-in
//	(*Service).Opinions(ctx, p, id, OpinionFilter, page)        staff: opinions with their source and review
//	(*Service).Reaches(ctx, q, consultationID, stationID)       for activities: may a meeting there be about it
//
// The review (review.go, notices.go, mine.go, export.go, stats.go, deputies.go):
//
//	(*Service).Review(ctx, p, id, opinionID, ReviewInput) (*Opinion, error)        answer one opinion, while closed
//	(*Service).ReviewMany(ctx, p, id, opinionIDs, ReviewInput) ([]Opinion, error)  合并答复: several, one outcome and reason
//	(*Service).FinishReview(ctx, p, id) (*Consultation, error)                     closed → reviewed; each person told once
//	(*Service).Mine(ctx, p, page) ([]MyOpinion, store.Cursor, error)               my opinions; outcomes once reviewed
//	(*Service).ExportTo(ctx, p, id, w) error / Export(ctx, p, id) ([]byte, error)  意见汇总表 (.xlsx)
//	(*Service).Stats(ctx, p, id) (*Stats, error)                                   per station and county, adoption rate, to pass on
//	(*Service).DeputyOpinionCounts(ctx, deputyIDs, from, to)                       for the deputies' performance file
//
// Reviews are written only while closed (409 consultation_not_closed while
// open, consultation_reviewed once finished) and may change until
// FinishReview, which needs every opinion answered (409
// opinions_not_reviewed, the count in the message). Its notices: one
// consultation_outcome per person per consultation (dedupe key
// "consultation:<id>:outcome:user:<uid>" or "…:outcome:phone:<first opinion id>"),
// and consultation_station_report to the staff of each station holding
// opinions whose author left no contact ("consultation:<id>:station:<sid>:staff:<uid>");
// those opinions are listed per station in Stats (to_pass_on). A person
// sees outcomes in Mine only once the review is finished.
package consultations

import (
	"context"
	"log/slog"
	"time"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// Statuses of a consultation.
const (
	StatusDraft    = "draft"
	StatusOpen     = "open"
	StatusClosed   = "closed"
	StatusReviewed = "reviewed"
)

// Kinds of an opinion's author.
const (
	AuthorPublic  = "public"  // a citizen, in the mini program or entered by staff
	AuthorDeputy  = "deputy"  // a signed-in user bound to a deputy
	AuthorMeeting = "meeting" // said at a consultation meeting, entered by staff
)

// Outcomes of an opinion's review (phase 2 writes them).
const (
	OutcomeAdopted       = "adopted"
	OutcomePartlyAdopted = "partly_adopted"
	OutcomeNotAdopted    = "not_adopted"
	OutcomeForReference  = "for_reference"
)

// Outcomes are the review outcomes with their Chinese names.
var Outcomes = []struct{ Code, Name string }{
	{OutcomeAdopted, "采纳"}, {OutcomePartlyAdopted, "部分采纳"}, {OutcomeNotAdopted, "未采纳"}, {OutcomeForReference, "留作参考"},
}

// Errors of consultations.
var (
	ErrNotFound        = apperr.NotFound("consultation_not_found", "征求意见不存在")
	ErrArticleNotFound = apperr.NotFound("article_not_found", "条文不存在")
	ErrClosed          = apperr.Conflict("consultation_closed", "征求意见已截止，不能再提交意见")
	ErrNotOpenYet      = apperr.Conflict("consultation_not_open", "征求意见尚未开始")
	ErrNotDraft        = apperr.Conflict("consultation_not_draft", "征求意见已发布，草案内容不能再修改")
	ErrNotOpen         = apperr.Conflict("consultation_not_open", "征求意见不在进行中")
	errAreaOutOfScope  = apperr.Forbidden("area_out_of_scope", "无权在该行政区划发起征求意见")
)

// Deps are what the capability needs.
type Deps struct {
	DB    *store.DB
	Box   *pii.Box
	Clock clock.Clock
	// Registry and Identity are the application's own (required).
	Registry *registry.Service
	Identity *identity.Service
	// Notify creates the outcome notices of FinishReview; nil writes none
	// (and marks no opinion told).
	Notify *notify.Engine
	// Content checks opinions with WeChat, as messages are; nil flags every
	// opinion "unchecked".
	Content messages.ContentChecker
	// Limits counts the public's opinions under the message intake's rate
	// limits (messages.Service); nil: no limit.
	Limits SubmissionLimiter
	Log    *slog.Logger
}

// SubmissionLimiter is messages.Service's AllowSubmission.
type SubmissionLimiter interface {
	AllowSubmission(ctx context.Context, kind string, userID int64, ip string) error
}

// Service is the capability: its Deps, with New's defaults filled in.
type Service struct {
	Deps
}

// New makes the service; Registry and Identity are required.
func New(d Deps) *Service {
	if d.Registry == nil || d.Identity == nil {
		panic("consultations.New: Deps.Registry and Deps.Identity are required")
	}
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{Deps: d}
}

func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Millisecond) }

func sh(t time.Time) time.Time { return t.In(clock.Shanghai) }

func shp(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	l := sh(*t)
	return &l
}

package messages

import (
	"time"

	"github.com/liaison-stations/liaison/server/clock"
)

// Statuses of a message (README § Citizen messages). A follow-up answered
// "not done" reopens a promised message for the station.
const (
	StatusSubmitted   = "submitted"
	StatusAccepted    = "accepted"
	StatusAssigned    = "assigned"
	StatusTransferred = "transferred"
	StatusReplied     = "replied"
	StatusPromised    = "promised"
	StatusReopened    = "reopened"
	StatusRejected    = "rejected"
	StatusClosed      = "closed"
)

// Ratings a citizen can give.
const (
	RatingSatisfied          = "satisfied"
	RatingBasicallySatisfied = "basically_satisfied"
	RatingUnsatisfied        = "unsatisfied"
)

// Event is one step of a message's timeline.
type Event struct {
	Action string    `json:"action"`
	At     time.Time `json:"at"`
	Note   string    `json:"note"`
}

// Image is a photo of a message.
type Image struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
}

// Message is a message as its reader may see it.
type Message struct {
	ID          int64  `json:"id"`
	Code        string `json:"code"`
	StationID   int64  `json:"station_id"`
	StationName string `json:"station_name"`
	Category    string `json:"category"`
	Content     string `json:"content"`
	Name        string `json:"name,omitempty"`
	Phone       string `json:"phone,omitempty"`
	Anonymous   bool   `json:"anonymous"`
	Publish     bool   `json:"publish"`
	WalkIn      bool   `json:"walk_in"`
	Status      string `json:"status"`
	Review      string `json:"review,omitempty"`
	// AnswerCheck is WeChat's verdict on the published answer (staff only):
	// "" not checked yet, pass, review or risky; only pass is shown.
	AnswerCheck   string     `json:"answer_check,omitempty"`
	DeputyID      *int64     `json:"deputy_id"`
	UnitID        *int64     `json:"unit_id"`
	Reply         *string    `json:"reply"`
	RejectReason  string     `json:"reject_reason,omitempty"`
	Promise       string     `json:"promise,omitempty"`
	PromiseDueAt  *time.Time `json:"promise_due_at"`
	Fulfilled     *bool      `json:"fulfilled"`
	Rating        *string    `json:"rating"`
	RatingComment string     `json:"rating_comment,omitempty"`
	CloseReason   string     `json:"close_reason,omitempty"`
	AcceptDue     time.Time  `json:"accept_due"`
	ReplyDue      time.Time  `json:"reply_due"`
	Overdue       bool       `json:"overdue"`
	AcceptedAt    *time.Time `json:"accepted_at"`
	RepliedAt     *time.Time `json:"replied_at"`
	ClosedAt      *time.Time `json:"closed_at"`
	CreatedAt     time.Time  `json:"created_at"`
	// Addressee is the deputy the message was written to (代表码); null
	// for a message to the station.
	Addressee *Addressee `json:"addressee"`
	// HandedOverAt is when the addressee handed the message to the
	// station's staff (转交联络站办理); null if they did not.
	HandedOverAt *time.Time `json:"handed_over_at"`
	// HandedOverLate: it was handed over by the deadline (the deputy
	// neither answered nor handed it over in time), not by the deputy.
	HandedOverLate bool    `json:"handed_over_late"`
	Images         []Image `json:"images"`
	Timeline       []Event `json:"timeline,omitempty"`
	// Actions are the handling steps the reader may take now (lifecycle.go's
	// actions): empty for the author, a reply at most for the assigned deputy.
	Actions []string `json:"actions"`
	// Warnings are non-blocking remarks on the step just taken (a reply
	// with a phone number or a name in it); only in a transition's answer.
	Warnings []string `json:"warnings,omitempty"`
}

// row is a messages row joined with its station.
type row struct {
	ID            int64      `db:"id"`
	Code          string     `db:"code"`
	StationID     int64      `db:"station_id"`
	StationName   string     `db:"station_name"`
	AreaCode      string     `db:"area_code"`
	UserID        *int64     `db:"user_id"`
	EnteredBy     *int64     `db:"entered_by"`
	Category      string     `db:"category"`
	Content       string     `db:"content"`
	Name          string     `db:"name"`
	PhoneEnc      []byte     `db:"phone_enc"`
	Anonymous     bool       `db:"anonymous"`
	Publish       bool       `db:"publish"`
	Status        string     `db:"status"`
	Review        string     `db:"review"`
	AnswerCheck   string     `db:"answer_check"`
	DeputyID      *int64     `db:"deputy_id"`
	UnitID        *int64     `db:"unit_id"`
	Reply         *string    `db:"reply"`
	RejectReason  string     `db:"reject_reason"`
	Promise       string     `db:"promise"`
	PromiseDueAt  *time.Time `db:"promise_due_at"`
	Fulfilled     *bool      `db:"fulfilled"`
	Rating        *string    `db:"rating"`
	RatingComment string     `db:"rating_comment"`
	CloseReason   string     `db:"close_reason"`
	AcceptDue     time.Time  `db:"accept_due"`
	ReplyDue      time.Time  `db:"reply_due"`
	AcceptedAt    *time.Time `db:"accepted_at"`
	RepliedAt     *time.Time `db:"replied_at"`
	RatedAt       *time.Time `db:"rated_at"`
	ClosedAt      *time.Time `db:"closed_at"`
	CreatedAt     time.Time  `db:"created_at"`
	AddresseeID   *int64     `db:"addressee_deputy_id"`
	AddresseeName *string    `db:"addressee_name"`
	HandedOverAt  *time.Time `db:"handed_over_at"`
	HandedLate    bool       `db:"handed_over_late"`
}

// addressee is the deputy the message was written to, nil for a station.
func (r *row) addressee() *Addressee {
	if r.AddresseeID == nil || r.AddresseeName == nil {
		return nil
	}
	return &Addressee{ID: *r.AddresseeID, Name: *r.AddresseeName}
}

// selectMessage joins stations (registry's table, read only) for the
// station's name and area: the caller's scope is a station or an area, and a
// scoped list must be filtered in SQL, not after a page is read.
const selectMessage = `SELECT ` + messageFrom

// messageFrom is the columns of a message and the tables they come from.
const messageFrom = `m.id, m.code, m.station_id, s.name AS station_name, s.area_code, m.user_id, m.entered_by,
	m.category, m.content, m.name, m.phone_enc, m.anonymous, m.publish, m.status, m.review, m.answer_check, m.deputy_id, m.unit_id, m.reply,
	m.reject_reason, m.promise, m.promise_due_at, m.fulfilled, m.rating, m.rating_comment, m.close_reason,
	m.accept_due, m.reply_due, m.accepted_at, m.replied_at, m.rated_at, m.closed_at, m.created_at,
	m.addressee_deputy_id, ad.name AS addressee_name, m.handed_over_at, m.handed_over_late
	FROM messages m JOIN stations s ON s.id = m.station_id LEFT JOIN deputies ad ON ad.id = m.addressee_deputy_id`

// open statuses wait for the station: a reply is due.
var openStatuses = []string{StatusAccepted, StatusAssigned, StatusTransferred, StatusReopened}

func isOpen(status string) bool {
	for _, s := range openStatuses {
		if s == status {
			return true
		}
	}
	return false
}

// overdue reports whether the step the message waits for is late at now.
func (r *row) overdue(now time.Time) bool {
	switch {
	case r.Status == StatusSubmitted:
		return !now.Before(r.AcceptDue)
	case isOpen(r.Status):
		return !now.Before(r.ReplyDue)
	}
	return false
}

func sh(t time.Time) time.Time { return t.In(clock.Shanghai) }

func shp(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := sh(*t)
	return &v
}

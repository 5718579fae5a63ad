package console

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"net/http"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
)

// lettersView is the attendance-guarantee letters of one activity.
type lettersView struct {
	ActivityID int64
	Title      string
	Letters    []activities.EmployerNotice
	Today      string
}

// activityLetters prints the attendance-guarantee letters (one A4 sheet
// each) of the employers no SMS reaches: the wording of the employer's web
// page (activities.EmployerNotice's), for staff to deliver or fax.
func (c *Console) activityLetters(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	a, ok := c.activityOf(w, r, p)
	if !ok {
		return
	}
	id := a.ID
	letters, err := c.Activities.EmployerLetters(r.Context(), p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data := lettersView{ActivityID: id, Title: a.Title, Letters: letters, Today: c.Clock.Now().In(clock.Shanghai).Format("2006年1月2日")}
	c.render(w, r, http.StatusOK, "letters.html", view{Title: "履职时间保障函", Nav: "activities", Data: data, Print: true})
}

// venueView is the venue screen: the activity and its current check-in code.
type venueView struct {
	*activities.Activity
	When    string
	Weekday string
	Code    *venueCode
	// CodeHTML is the code block as venue_code.html renders it.
	CodeHTML template.HTML
	// Refresh is how many seconds the screen waits before asking for the next code.
	Refresh int
}

type venueCode struct {
	Code    string
	Image   template.URL
	Expires string
	Refresh int
	// Problem is why there is no code (the activity is not published).
	Problem string
}

// activityVenue is the check-in screen for a projector: the rotating code,
// large, refreshing itself before it expires.
func (c *Console) activityVenue(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	a, ok := c.activityOf(w, r, p)
	if !ok {
		return
	}
	id := a.ID
	code, err := c.venueCode(r, p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := venueView{Activity: a, When: actTimeSpan(a.StartAt, a.EndAt), Weekday: actWeekday(a.StartAt), Code: code, Refresh: code.Refresh}
	var buf bytes.Buffer
	if err := views["venue_code.html"].Execute(&buf, view{Data: code}); err != nil {
		c.fail(w, r, err)
		return
	}
	v.CodeHTML = template.HTML(buf.String()) // html/template escaped it
	c.render(w, r, http.StatusOK, "venue.html", view{Title: "签到：" + a.Title, Nav: "activities", Data: v, Print: true})
}

// activityVenueCode is the venue screen's code block alone, for the screen
// to replace its own every few seconds (console.js, data-refresh-url).
func (c *Console) activityVenueCode(w http.ResponseWriter, r *http.Request, p *access.Principal) {
	id, ok := pathID(r, "id")
	if !ok {
		c.notFound(w, r)
		return
	}
	code, err := c.venueCode(r, p, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "venue_code.html", view{Data: code})
}

// venueCode is the activity's current code; an activity that is not
// published has none, and the screen says why instead.
func (c *Console) venueCode(r *http.Request, p *access.Principal, id int64) (*venueCode, error) {
	cc, err := c.Activities.CheckinCode(r.Context(), p, id)
	if err != nil {
		if e := activityConflict(err); e != "" {
			return &venueCode{Problem: e + "，没有签到码。", Refresh: venueRefresh}, nil
		}
		return nil, err
	}
	if _, err := base64.StdEncoding.DecodeString(cc.PNG); err != nil {
		return nil, err
	}
	return &venueCode{Code: cc.Code, Image: template.URL("data:image/png;base64," + cc.PNG),
		Expires: cc.ExpiresAt.In(clock.Shanghai).Format("15:04:05"), Refresh: venueRefresh}, nil
}

// venueRefresh is how often (seconds) the screen asks for the code. The
// code turns every 30 s and the one before stays good for another turn, so
// a screen at most this much behind still shows a code that works.
const venueRefresh = 5

// activityConflict is the message of a refusal because of the activity's
// state (not published, cancelled), or "".
func activityConflict(err error) string {
	if e := apperr.From(err); e.Kind == apperr.KindConflict {
		return e.Message
	}
	return ""
}

package console

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
)

// The words the console shows for a message's codes: the staff's wording of
// the mini program (miniprogram/src/utils/duty.ts), never the code itself.

// messageStatuses are the statuses in the order the filter offers them.
var messageStatuses = []choice{
	{"submitted", "待受理"},
	{"accepted", "已受理"},
	{"assigned", "已交代表办理"},
	{"transferred", "已转交部门"},
	{"replied", "已答复，待评价"},
	{"promised", "已承诺，待落实"},
	{"reopened", "群众反映未落实，重新办理"},
	{"rejected", "不予受理"},
	{"closed", "已办结"},
}

// choice is an option of a select: its value and what it says.
type choice struct {
	Value string
	Label string
}

func label(list []choice, v string) string {
	for _, c := range list {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

func statusWords(s string) string { return label(messageStatuses, s) }

// statusBadge is the badge class of a status: waiting for the station
// (warn), done (ok), refused (bad), with the author (info).
func statusBadge(s string, overdue bool) string {
	switch {
	case overdue:
		return "bad"
	case s == messages.StatusSubmitted || s == messages.StatusReopened:
		return "warn"
	case s == messages.StatusClosed:
		return "ok"
	case s == messages.StatusRejected:
		return ""
	case s == messages.StatusReplied || s == messages.StatusPromised:
		return "info"
	}
	return "warn"
}

var actionLabels = map[string]string{
	"accept":   "受理",
	"assign":   "交给代表办理",
	"transfer": "转交承办单位",
	"reply":    "答复群众",
	"promise":  "承诺限期办理",
	"reject":   "不予受理",
	"close":    "办结",
}

// eventLabels name the steps of a message's timeline, as staff read them.
var eventLabels = map[string]string{
	"submit":    "群众提交留言",
	"accept":    "联络站受理",
	"assign":    "交给代表办理",
	"transfer":  "转交承办单位办理",
	"reply":     "答复群众",
	"promise":   "承诺限期办理",
	"reject":    "不予受理",
	"close":     "办结",
	"rate":      "群众作出评价",
	"fulfilled": "群众确认承诺已落实",
	"reopen":    "群众反映承诺未落实，重新办理",
	"hand_over": "代表交回联络站办理",
	"unpublish": "工作人员撤下公开答复",
}

func eventWords(a string) string {
	if w, ok := eventLabels[a]; ok {
		return w
	}
	return "办理进展"
}

var ratingLabels = map[string]string{"satisfied": "满意", "basically_satisfied": "基本满意", "unsatisfied": "不满意"}

func categoryWords(code string) string {
	for _, c := range messages.Categories {
		if c.Code == code {
			return c.Name
		}
	}
	return "其他"
}

func categoryChoices() []choice {
	out := make([]choice, len(messages.Categories))
	for i, c := range messages.Categories {
		out[i] = choice{c.Code, c.Name}
	}
	return out
}

// period reads ?from=&to= as whole days in Asia/Shanghai (to inclusive):
// the [from, to) the capabilities take. Empty is open; a wrong date is a
// field error under its name.
func period(q url.Values, fe apperr.FieldErrors) (time.Time, time.Time) {
	parse := func(name string) time.Time {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(time.DateOnly, v, clock.Shanghai)
		if err != nil || !clock.Sane(t) {
			fe.Add(name, "日期格式应为 2024-01-31")
			return time.Time{}
		}
		return t
	}
	from, to := parse("from"), parse("to")
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	return from, to
}

// positiveID reads a positive number (0 when empty or not one).
func positiveID(v string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

package console

import (
	"strconv"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/clock"
)

// The Chinese words the activity pages show for the capability's codes, and
// the badge each status wears. A code not listed shows as 未知 rather than
// as an English word.

// actLabel is a word and its badge class (ok, warn, bad, info or "").
type actLabel struct {
	Text  string
	Badge string
}

var activityStatuses = map[string]actLabel{
	activities.StatusDraft:     {"草稿", ""},
	activities.StatusPublished: {"已发布", "info"},
	activities.StatusFinished:  {"已结束", "ok"},
	activities.StatusCancelled: {"已取消", "bad"},
}

// activityStatusOptions are the list filter's statuses, in order.
var activityStatusOptions = []string{activities.StatusDraft, activities.StatusPublished, activities.StatusFinished, activities.StatusCancelled}

func activityStatus(code string) actLabel {
	if l, ok := activityStatuses[code]; ok {
		return l
	}
	return actLabel{"未知", ""}
}

var noticeStatuses = map[string]actLabel{
	"pending":   {"待发送", ""},
	"sending":   {"发送中", "info"},
	"sent":      {"已发送", "info"},
	"delivered": {"已送达", "ok"},
	"failed":    {"发送失败", "bad"},
	"unknown":   {"状态待确认", "warn"},
	"skipped":   {"未发送", "warn"},
}

func noticeStatus(code string) actLabel {
	if l, ok := noticeStatuses[code]; ok {
		return l
	}
	return actLabel{"未知", ""}
}

var noticeKinds = map[string]string{
	"activity_notice":   "活动通知",
	"activity_changed":  "变更通知",
	"activity_cancel":   "取消通知",
	"activity_reminder": "活动提醒",
	"employer_notice":   "时间保障通知",
}

func noticeKind(code string) string {
	if k, ok := noticeKinds[code]; ok {
		return k
	}
	if strings.HasPrefix(code, "employer") {
		return "单位通知"
	}
	return "通知"
}

var actChannels = map[string]string{"wechat": "微信", "sms": "短信", "log": "日志"}

func channelName(code string) string {
	if c, ok := actChannels[code]; ok {
		return c
	}
	return "—"
}

// noticeReason is why a notice failed or was skipped, in plain words: the
// capability's own Chinese reason, or a general one when the provider's
// text is not meant for people.
func noticeReason(status, lastError string) string {
	if status != "failed" && status != "skipped" && status != "unknown" {
		return ""
	}
	e := strings.TrimSpace(strings.TrimPrefix(lastError, "resent by staff; before: "))
	if e != "" && actHasHan(e) {
		return e
	}
	switch status {
	case "failed":
		return "发送未成功，可重发或电话通知"
	case "unknown":
		return "服务商未确认是否送达，请勿盲目重发"
	}
	return "没有可用的发送方式，请电话通知"
}

func actHasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

var rsvps = map[string]actLabel{
	"attend": {"参加", "ok"},
	"leave":  {"请假", "warn"},
}

func rsvpLabel(code string) actLabel {
	if l, ok := rsvps[code]; ok {
		return l
	}
	return actLabel{"未答复", ""}
}

// actLocalInput is t as a datetime-local input's value, in Asia/Shanghai.
func actLocalInput(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.Shanghai).Format("2006-01-02T15:04")
}

// actParseLocal reads a datetime-local input (Asia/Shanghai), with or without seconds.
func actParseLocal(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, clock.Shanghai); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func actFloat(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// actTimeSpan is "2026-12-08 09:30 – 11:30" (the end's date only when it differs).
func actTimeSpan(start, end time.Time) string {
	s, e := start.In(clock.Shanghai), end.In(clock.Shanghai)
	if s.Format("20060102") == e.Format("20060102") {
		return s.Format("2006-01-02 15:04") + " – " + e.Format("15:04")
	}
	return s.Format("2006-01-02 15:04") + " – " + e.Format("2006-01-02 15:04")
}

// actWeekday is the Chinese day of the week of t.
func actWeekday(t time.Time) string {
	return [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}[t.In(clock.Shanghai).Weekday()]
}

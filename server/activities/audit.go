package activities

import (
	"fmt"
	"strings"
	"time"

	"github.com/liaison-stations/liaison/server/clock"
)

// describe names an activity in the audit log's summaries: 「title」(start, venue).
func describe(a *Activity) string {
	return fmt.Sprintf("「%s」（%s，%s）", a.Title, a.StartAt.In(clock.Shanghai).Format("2006-01-02 15:04"), a.Venue)
}

// activityChanges says which fields a save changed, for the audit log.
func activityChanges(a, b *Activity) string {
	var parts []string
	diff := func(label, old, new string) {
		if old != new {
			parts = append(parts, label+"："+old+" → "+new)
		}
	}
	at := func(t time.Time) string { return t.In(clock.Shanghai).Format("2006-01-02 15:04") }
	coord := func(f *float64) string {
		if f == nil {
			return "空"
		}
		return fmt.Sprintf("%.6f", *f)
	}
	diff("联络站", fmt.Sprint(a.StationID), fmt.Sprint(b.StationID))
	diff("类型", a.Kind, b.Kind)
	diff("标题", a.Title, b.Title)
	if a.Description != b.Description {
		parts = append(parts, "说明已修改")
	}
	diff("开始", at(a.StartAt), at(b.StartAt))
	diff("结束", at(a.EndAt), at(b.EndAt))
	diff("地点", a.Venue, b.Venue)
	diff("纬度", coord(a.Latitude), coord(b.Latitude))
	diff("经度", coord(a.Longitude), coord(b.Longitude))
	diff("签到半径", fmt.Sprint(a.CheckinRadiusM), fmt.Sprint(b.CheckinRadiusM))
	if !sameInvitees(a.Invitees, b.Invitees) {
		parts = append(parts, "受邀名单已修改")
	}
	if len(parts) == 0 {
		return "无变化"
	}
	return strings.Join(parts, "；")
}

// Package activities holds deputy activities: invitations, RSVP, check-in,
// the performance file and station compliance.
package activities

// Kind is a kind of activity (the work plan's item 4 names the first eight).
type Kind struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// KindLegislativeConsultation is the kind of a consultation meeting.
const KindLegislativeConsultation = "legislative_consultation"

// Kinds are the activity kinds, the eight of the station rules (item 4) first.
var Kinds = []Kind{
	{"reception_day", "代表接待日"},
	{"visit", "集中走访群众"},
	{"publicity", "宣讲活动"},
	{"study", "集中学习"},
	{"opinion_meeting", "民意征集会"},
	{"report_review", "代表述职评议"},
	{"survey", "对政府依法行政和办理代表建议情况的调研"},
	{"satisfaction_review", "满意度测评"},
	{"theme", "年度主题活动"},
	{"inspection", "专题调研/集中视察"},
	{"observe_meeting", "列席常委会会议"},
	{"training", "履职学习培训"},
	// A consultation meeting on a draft regulation (立法征询, items 5 and
	// 11): it names its consultation (consultation_id).
	{KindLegislativeConsultation, "立法征询座谈会"},
	{"other", "其他"},
}

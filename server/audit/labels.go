package audit

import "sort"

// The actions of the audit log. The names are stable: the console filters
// by them and old rows keep them.
const (
	StationCreate     = "station.create"
	StationUpdate     = "station.update"
	StationConvenor   = "station.convenor"
	DeputyCreate      = "deputy.create"
	DeputyUpdate      = "deputy.update"
	DeputyImport      = "deputy.import"
	GroupCreate       = "group.create"
	GroupUpdate       = "group.update"
	UnitCreate        = "unit.create"
	InviteCreate      = "invite.create"
	InviteCancel      = "invite.cancel"
	InviteRedeem      = "invite.redeem"
	UserRevoke        = "user.revoke"
	SignInOK          = "signin.ok"
	SignInFailed      = "signin.failed"
	SignInConsole     = "signin.console"
	MessageWalkIn     = "message.walk_in"
	MessageUnpublish  = "message.unpublish"
	MessagesExport    = "messages.export"
	ActivityCreate    = "activity.create"
	ActivityUpdate    = "activity.update"
	ActivityPublish   = "activity.publish"
	ActivityCancel    = "activity.cancel"
	ActivityAttend    = "activity.attendance"
	NotificationRetry = "notification.resend"
	AuditExport       = "audit.export"
)

// MessageAction is the action of a message's handling transition (reply,
// accept, assign …): "message." and the transition's name.
func MessageAction(transition string) string { return "message." + transition }

// labels are the Chinese names the console shows.
var labels = map[string]string{
	StationCreate:     "新建联络站",
	StationUpdate:     "修改联络站",
	StationConvenor:   "设置联络站召集人",
	DeputyCreate:      "新增代表",
	DeputyUpdate:      "修改代表信息",
	DeputyImport:      "导入代表名单",
	GroupCreate:       "新建代表小组",
	GroupUpdate:       "修改代表小组",
	UnitCreate:        "新增承办单位",
	InviteCreate:      "生成邀请码",
	InviteCancel:      "作废邀请码",
	InviteRedeem:      "使用邀请码",
	UserRevoke:        "撤销用户权限",
	SignInOK:          "登录",
	SignInFailed:      "登录失败",
	SignInConsole:     "登录管理后台",
	MessageWalkIn:     "登记来访留言",
	MessageUnpublish:  "撤下公开答复",
	MessagesExport:    "导出留言",
	ActivityCreate:    "新建活动",
	ActivityUpdate:    "修改活动",
	ActivityPublish:   "发布活动",
	ActivityCancel:    "取消活动",
	ActivityAttend:    "补录出席",
	NotificationRetry: "重发通知",
	AuditExport:       "导出操作日志",

	"message.accept":    "受理留言",
	"message.reject":    "不予受理留言",
	"message.assign":    "交办留言",
	"message.transfer":  "转办留言",
	"message.reply":     "答复留言",
	"message.promise":   "承诺办理留言",
	"message.close":     "办结留言",
	"message.hand_over": "代表转交联络站办理",

	// server/consultations' actions (立法征询).
	"consultation.create":        "新建征求意见稿",
	"consultation.update":        "修改征求意见稿",
	"consultation.publish":       "发布征求意见稿",
	"consultation.close":         "结束征求意见",
	"consultation.opinion":       "登记立法意见",
	"consultation.review":        "答复立法意见",
	"consultation.finish_review": "完成立法意见答复",
}

// Label is the Chinese name of an action, or the action itself when it has none.
func Label(action string) string {
	if l, ok := labels[action]; ok {
		return l
	}
	return action
}

// Actions lists every action that has a label, sorted: the console's filter choices.
func Actions() []string {
	out := make([]string, 0, len(labels))
	for a := range labels {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

package messages

import "testing"

func TestMaskNumbersHidesTheMiddleOfLongNumbersOnly(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a mobile number", "请打13912345678联系我", "请打139****5678联系我"},
		{"a landline with a hyphen", "电话0771-5551234", "电话077*****1234"},
		{"an ID card ending in X", "身份证45010219800101123X", "身份证450***********123X"},
		{"short numbers stay", "3号楼2单元501室，共12户", "3号楼2单元501室，共12户"},
		{"a year and a date stay", "2024年3月15日", "2024年3月15日"},
		{"two numbers", "13912345678 或 13812345678", "139****5678 或 138****5678"},
		{"no numbers", "路灯坏了", "路灯坏了"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MaskNumbers(tc.in); got != tc.want {
				t.Errorf("MaskNumbers(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestReplyWarningsCatchNumbersAndNames(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply string
		warn  bool
	}{
		{"a mobile number", "请拨打13912345678咨询", true},
		{"a number in groups", "请拨打 139 1234 5678", true},
		{"a full-width number", "电话１３９１２３４５６７８", true},
		{"a landline", "请联系 0771-5551234", true},
		{"a surname and 先生", "已请李先生上门查看", true},
		{"a name and 女士", "请找王秀兰女士", true},
		{"a name and 同志", "由张同志负责", true},
		{"a date and short numbers", "已于2024.03.15修好3处，共12户", false},
		{"no name, no number", "已联系供电所，本周内修复。", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReplyWarnings(tc.reply); (len(got) > 0) != tc.warn {
				t.Errorf("ReplyWarnings(%q) = %q, want a warning: %v", tc.reply, got, tc.warn)
			}
		})
	}
}

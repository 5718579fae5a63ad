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

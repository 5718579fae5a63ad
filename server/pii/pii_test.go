package pii

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSealOpenAndHash(t *testing.T) {
	box, err := NewBox(bytes.Repeat([]byte{7}, 32))
	require.NoError(t, err)
	a, err := box.Seal("13800138000")
	require.NoError(t, err)
	b, err := box.Seal("13800138000")
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "two seals of one number must differ (random nonce)")
	assert.NotContains(t, string(a), "13800138000")
	plain, err := box.Open(a)
	require.NoError(t, err)
	assert.Equal(t, "13800138000", plain)
	assert.Equal(t, box.Hash("13800138000"), box.Hash("13800138000"))
	assert.NotEqual(t, box.Hash("13800138000"), box.Hash("13800138001"))

	other, _ := NewBox(bytes.Repeat([]byte{8}, 32))
	_, err = other.Open(a)
	assert.Error(t, err, "another key cannot open it")
	assert.NotEqual(t, box.Hash("13800138000"), other.Hash("13800138000"), "the hash is keyed")
}

func TestNormalizeMobile(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{"13800138000", "13800138000", true},
		{"138 0013 8000", "13800138000", true},
		{"+86 138-0013-8000", "13800138000", true},
		{"8613800138000", "13800138000", true},
		{"12800138000", "", false},
		{"1380013800", "", false},
		{"0771-5551234", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		got, ok := NormalizeMobile(c.in)
		assert.Equal(t, c.ok, ok, c.in)
		if c.ok {
			assert.Equal(t, c.want, got, c.in)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	assert.Equal(t, "138****8000", MaskPhone("13800138000"))
}

func TestMaskPhonesHidesPhonesAndIDCardsButNotDatesOrAreaCodes(t *testing.T) {
	for in, want := range map[string]string{
		"新增代表韦建国（13800700001）":            "新增代表韦建国（138****0001）",
		"单位电话 0771-5551234，联系人李娟":         "单位电话 077*****1234，联系人李娟",
		"活动时间改为 2026-12-08 09:30":         "活动时间改为 2026-12-08 09:30",
		"新建联络站（区划 450102001，编号 12345678）": "新建联络站（区划 450102001，编号 12345678）",
		"身份证 45010219800101123X":          "身份证 450***********123X",
	} {
		assert.Equal(t, want, MaskPhones(in), in)
	}
}

func TestMaskNumbersHidesPhonesHoweverTheyAreWritten(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a mobile written whole", "请打13812345678联系我", "请打138****5678联系我"},
		{"a mobile in groups with spaces", "电话 138 1234 5678 找我", "电话 138******5678 找我"},
		{"a mobile in groups with dots", "电话138.1234.5678", "电话138******5678"},
		{"a mobile in groups with dashes", "电话138-1234-5678。", "电话138******5678。"},
		{"a mobile in full-width digits", "电话１３８１２３４５６７８", "电话138****5678"},
		{"full-width digits with a full-width dash", "电话１３８－１２３４－５６７８", "电话138******5678"},
		{"a landline with a hyphen", "电话0771-5551234", "电话077*****1234"},
		{"an 18-digit ID card ending in X", "身份证45010219800101123X", "身份证450***********123X"},
		{"an ID card in full-width digits ending in a full-width X", "身份证４５０１０２１９８００１０１１２３Ｘ", "身份证450***********123X"},
		{"an ID card ending in a digit", "身份证 450102198001011234 号", "身份证 450***********1234 号"},
		{"two numbers separated by a word stay two", "13912345678 或 13812345678", "139****5678 或 138****5678"},
		{"short numbers stay", "3号楼2单元501室，共12户", "3号楼2单元501室，共12户"},
		{"short numbers with spaces stay", "第 3 栋 12 户", "第 3 栋 12 户"},
		{"a date with dots stays", "2024.03.15 去过", "2024.03.15 去过"},
		{"a date with dashes stays", "于2024-3-15受理", "于2024-3-15受理"},
		{"a year and a date in words stay", "2024年3月15日", "2024年3月15日"},
		{"no numbers", "路灯坏了", "路灯坏了"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, MaskNumbers(tc.in))
		})
	}
}

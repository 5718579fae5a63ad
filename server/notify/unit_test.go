package notify

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuietHours(t *testing.T) {
	q, err := ParseQuietHours("22:00-08:00")
	require.NoError(t, err)
	at := func(day, hour, minute int) time.Time { // Asia/Shanghai, 2024-03-day
		return time.Date(2024, 3, day, hour, minute, 0, 0, time.FixedZone("CST", 8*3600))
	}
	cases := []struct {
		name string
		t    time.Time
		end  time.Time
	}{
		{"at 21:59 a message goes at once", at(12, 21, 59), at(12, 21, 59)},
		{"at 22:00 it waits until 08:00 the next day", at(12, 22, 0), at(13, 8, 0)},
		{"at 23:30 it waits until 08:00 the next day", at(12, 23, 30), at(13, 8, 0)},
		{"at 03:00 it waits until 08:00 the same day", at(13, 3, 0), at(13, 8, 0)},
		{"at 08:00 it goes at once", at(13, 8, 0), at(13, 8, 0)},
		{"on the last night of a month it waits into the next month", time.Date(2024, 2, 29, 23, 0, 0, 0, time.FixedZone("CST", 8*3600)), at(1, 8, 0)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.True(t, tc.end.Equal(q.End(tc.t)), "got %s", q.End(tc.t).In(tc.t.Location()))
			assert.Equal(t, !tc.end.Equal(tc.t), q.Contains(tc.t))
		})
	}
	day, err := ParseQuietHours("12:00-14:00")
	require.NoError(t, err)
	assert.True(t, at(12, 14, 0).Equal(day.End(at(12, 13, 0))), "a window within one day")
	assert.False(t, day.Contains(at(12, 15, 0)))
	none, err := ParseQuietHours("")
	require.NoError(t, err)
	assert.False(t, none.Contains(at(12, 23, 0)), "an empty setting disables quiet hours")
	for _, bad := range []string{"22-08", "25:00-08:00", "22:00-22:00", "night"} {
		_, err := ParseQuietHours(bad)
		assert.Error(t, err, bad)
	}
}

func TestFieldValuesFitWeChatsLimits(t *testing.T) {
	cases := []struct {
		name, typ, in, want string
	}{
		{"a short thing is kept", "thing", "民生街道联络站", "民生街道联络站"},
		{"a long thing is cut to 20 characters with an ellipsis", "thing", "关于民生路与朝阳路交叉口红绿灯配时不合理的建议意见", "关于民生路与朝阳路交叉口红绿灯配时不合…"},
		{"a phrase keeps 5 Chinese characters", "phrase", "时间已变更为明天", "时间已变更"},
		{"a phrase drops what is not Chinese", "phrase", "改期2次", "改期次"},
		{"a character string drops Chinese and spaces", "character_string", "LX2403 7K3Q号", "LX24037K3Q"},
		{"a character string keeps 32", "character_string", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"},
		{"a time is written the Chinese way in Nanning's time", "time", "2024-02-09T07:30:00Z", "2024年2月9日 15:30"},
		{"a date is written the Chinese way", "date", "2024-02-09T20:30:00Z", "2024年2月10日"},
		{"a name keeps 10 characters", "name", "爱新觉罗·玄烨皇帝陛下万岁", "爱新觉罗·玄烨皇帝陛"},
		{"control characters become spaces", "thing", "第一行\n第二行", "第一行 第二行"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, fieldValue(tc.typ, tc.in))
		})
	}
}

func TestTheShippedRulesAreValidAndBadOnesAreRefused(t *testing.T) {
	r, err := LoadRules(filepath.Join("..", "..", "configs", "notifications.yaml"))
	require.NoError(t, err)
	assert.Contains(t, r.Kinds, "employer_notice")
	assert.Nil(t, r.Kinds["employer_notice"].WeChat, "employers are reached by SMS only")
	assert.Equal(t, 30*time.Second, r.Retry.backoff(1))
	assert.Equal(t, 60*time.Second, r.Retry.backoff(2))
	assert.Equal(t, r.Retry.MaxDelay, r.Retry.backoff(20))

	bad := *r
	bad.Kinds = map[string]Kind{"x": {Priority: "urgent", WeChat: &WeChatRule{Template: "t", Data: map[string]FieldRule{"thing1": {Param: "a", Type: "time"}}}}}
	err = bad.validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "priority")
	assert.Contains(t, err.Error(), "thing1")
}

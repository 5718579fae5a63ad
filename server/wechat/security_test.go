package wechat_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCheckText(t *testing.T) {
	f := setup(t)
	f.fake.SetVerdict("赌博", "risky")
	f.fake.SetVerdict("可疑", "review")
	for _, tc := range []struct{ name, text, want string }{
		{"an ordinary text passes", "小区门口路灯坏了", "pass"},
		{"a risky text is risky", "这里有人聚众赌博", "risky"},
		{"a doubtful text asks for review", "有点可疑的内容", "review"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.client.CheckText(t.Context(), "openid-1", tc.text)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
	checked := f.fake.Checked()
	require.Len(t, checked, 3)
	require.Equal(t, 2, checked[0].Version, "version 2 of the API")
	require.Equal(t, "openid-1", checked[0].OpenID)

	f.fake.SecurityDown(true)
	_, err := f.client.CheckText(t.Context(), "openid-1", "小区门口路灯坏了")
	require.Error(t, err, "WeChat unreachable is an error, not a verdict")
}

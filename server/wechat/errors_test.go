package wechat

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/silenceper/wechat/v2/util"
	"github.com/stretchr/testify/require"
)

type timeoutErr struct{}

func (timeoutErr) Error() string { return "i/o timeout" }
func (timeoutErr) Timeout() bool { return true }

func TestConvertError(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       error
		wantCode int    // 0: not a WeChat answer
		wantText string // the whole converted text
	}{
		{
			name:     "silenceper's CommonError",
			in:       util.NewCommonError("business.GetPhoneNumber", 40029, "invalid code rid: 1"),
			wantCode: 40029, wantText: "op: wechat errcode 40029: invalid code rid: 1",
		},
		{
			name:     "silenceper's errcode text",
			in:       fmt.Errorf("Code2Session error : errcode=40163 , errmsg=code been used, rid: 2"),
			wantCode: 40163, wantText: "op: wechat errcode 40163: code been used, rid: 2",
		},
		{
			name:     "silenceper's stable token text",
			in:       fmt.Errorf("get stable access_token error : errcode=40125 , errormsg=invalid appsecret"),
			wantCode: 40125, wantText: "op: wechat errcode 40125: invalid appsecret",
		},
		{
			name: "a transport error naming the URL",
			in: &url.Error{Op: "Get", Err: errors.New("connection refused"),
				URL: "https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=S3CR3T&js_code=C0DE&grant_type=authorization_code"},
			wantText: `wechat op: Get "https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=REDACTED&js_code=REDACTED&grant_type=authorization_code": connection refused`,
		},
		{
			name:     "silenceper's status error naming the URL",
			in:       fmt.Errorf("http get error : uri=https://api.weixin.qq.com/wxa/x?access_token=T0KEN , statusCode=502"),
			wantText: "wechat op: http get error : uri=https://api.weixin.qq.com/wxa/x?access_token=REDACTED , statusCode=502",
		},
		{
			name:     "the secret anywhere",
			in:       errors.New("body was {secret: S3CR3T}"),
			wantText: "wechat op: body was {secret: REDACTED}",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := convertError("op", "S3CR3T", tc.in)
			require.EqualError(t, err, tc.wantText)
			var we *Error
			if tc.wantCode == 0 {
				require.False(t, errors.As(err, &we))
				return
			}
			require.ErrorAs(t, err, &we)
			require.Equal(t, tc.wantCode, we.Code)
		})
	}
}

func TestConvertErrorKeepsContextAndTimeout(t *testing.T) {
	err := convertError("op", "s", &url.Error{Op: "Post", URL: "https://x/?access_token=T", Err: context.DeadlineExceeded})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotContains(t, err.Error(), "=T")

	err = convertError("op", "s", &url.Error{Op: "Post", URL: "https://x/", Err: timeoutErr{}})
	var te interface{ Timeout() bool }
	require.ErrorAs(t, err, &te)
	require.True(t, te.Timeout())
	require.False(t, errors.As(err, new(*url.Error)), "the raw error, URL and all, is not reachable")
}

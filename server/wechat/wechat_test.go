package wechat_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"image/jpeg"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/testkit/fakewechat"
	"github.com/liaison-stations/liaison/server/wechat"
)

// redisDB is the Redis database these tests use; they only touch keys under
// their own prefix.
const redisDB = 15

// newRedis connects to the test Redis and returns a key prefix unique to
// this test, whose keys are deleted when the test ends.
func newRedis(t *testing.T) (*redis.Client, string) {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", DB: redisDB})
	require.NoError(t, rdb.Ping(context.Background()).Err(), "tests need Redis at 127.0.0.1:6379")
	prefix := "liaison-test:wechat:" + rand.Text() + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		keys, _ := rdb.Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			rdb.Del(ctx, keys...)
		}
		rdb.Close()
	})
	return rdb, prefix
}

type fixture struct {
	fake   *fakewechat.Server
	rdb    *redis.Client
	prefix string
	client *wechat.Client
}

func setup(t *testing.T) fixture {
	t.Helper()
	fake := fakewechat.New(t)
	rdb, prefix := newRedis(t)
	return fixture{fake: fake, rdb: rdb, prefix: prefix, client: newClient(t, fake, rdb, prefix)}
}

func newClient(t *testing.T, fake *fakewechat.Server, rdb *redis.Client, prefix string) *wechat.Client {
	t.Helper()
	c, err := wechat.New(wechat.Config{AppID: fake.AppID(), Secret: fake.Secret(), APIBase: fake.URL()}, rdb, prefix)
	require.NoError(t, err)
	return c
}

func TestCode2Session(t *testing.T) {
	f := setup(t)
	f.fake.AddLogin("code-1", "openid-1", "unionid-1")

	s, err := f.client.Code2Session(t.Context(), "code-1")
	require.NoError(t, err)
	require.Equal(t, "openid-1", s.OpenID)
	require.Equal(t, "unionid-1", s.UnionID)
	key := f.fake.SessionKey("openid-1")
	require.NotEmpty(t, key)
	require.Equal(t, key, s.SessionKey())

	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("signed in", "session", s)
	asJSON, err := json.Marshal(s)
	require.NoError(t, err)
	for _, out := range []string{
		fmt.Sprintf("%v %+v %#v %s %q %d %x", s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v", &s, []wechat.Session{s}),
		logged.String(),
		string(asJSON),
	} {
		require.Contains(t, out, "openid-1")
		require.NotContains(t, out, key)
	}
}

func TestCode2SessionRefusedCodes(t *testing.T) {
	f := setup(t)
	f.fake.AddLogin("once", "openid-1", "")

	_, err := f.client.Code2Session(t.Context(), "never-issued")
	require.True(t, wechat.IsInvalidCode(err), "unknown code: %v", err)
	require.False(t, wechat.IsRateLimited(err))

	_, err = f.client.Code2Session(t.Context(), "once")
	require.NoError(t, err)
	_, err = f.client.Code2Session(t.Context(), "once")
	require.True(t, wechat.IsInvalidCode(err), "used code: %v", err)
	var we *wechat.Error
	require.ErrorAs(t, err, &we)
	require.Equal(t, 40163, we.Code)
}

func TestCode2SessionEscapesCode(t *testing.T) {
	f := setup(t)
	f.fake.AddLogin("a", "openid-1", "")

	// Unescaped, "&js_code=a" would replace the code WeChat sees.
	_, err := f.client.Code2Session(t.Context(), "x&js_code=a")
	require.True(t, wechat.IsInvalidCode(err), "%v", err)
}

func TestRateLimited(t *testing.T) {
	f := setup(t)
	f.fake.AddLogin("code-1", "openid-1", "")
	f.fake.RateLimitNext(1)

	_, err := f.client.Code2Session(t.Context(), "code-1")
	require.True(t, wechat.IsRateLimited(err), "%v", err)
	require.False(t, wechat.IsInvalidCode(err))

	_, err = f.client.Code2Session(t.Context(), "code-1")
	require.NoError(t, err, "the code is still good after a rate-limited call")
}

func TestPhoneNumber(t *testing.T) {
	f := setup(t)
	f.fake.AddPhone("phone-code", "13800138000")

	phone, err := f.client.PhoneNumber(t.Context(), "phone-code")
	require.NoError(t, err)
	require.Equal(t, "13800138000", phone)

	_, err = f.client.PhoneNumber(t.Context(), "phone-code")
	require.True(t, wechat.IsInvalidCode(err), "spent code: %v", err)
}

func TestUnlimitedQRCode(t *testing.T) {
	f := setup(t)

	img, err := f.client.UnlimitedQRCode(t.Context(), "s=42", "pages/station/index")
	require.NoError(t, err)
	_, err = jpeg.Decode(bytes.NewReader(img))
	require.NoError(t, err, "WeChat answers a JPEG")
	reqs := f.fake.QRCodeRequests()
	require.Len(t, reqs, 1)
	require.Equal(t, "s=42", reqs[0].Scene)
	require.Equal(t, "pages/station/index", reqs[0].Page)
}

func TestUnlimitedQRCodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fail  int
		scene string
		code  int
	}{
		{name: "quota answered as JSON", fail: 45009, scene: "s=1", code: 45009},
		{name: "scene longer than 32 characters", scene: strings.Repeat("s", 33), code: 40169},
		{name: "scene with a character WeChat refuses", scene: "s=中", code: 40129},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.fake.FailQRCode(tc.fail)

			img, err := f.client.UnlimitedQRCode(t.Context(), tc.scene, "")
			require.Nil(t, img)
			var we *wechat.Error
			require.ErrorAs(t, err, &we)
			require.Equal(t, tc.code, we.Code)
		})
	}
}

func TestExpiredTokenIsRefreshedOnce(t *testing.T) {
	f := setup(t)
	f.fake.AddPhone("p1", "13800138001")
	f.fake.AddPhone("p2", "13800138002")

	_, err := f.client.PhoneNumber(t.Context(), "p1")
	require.NoError(t, err)
	f.fake.ExpireTokens()

	phone, err := f.client.PhoneNumber(t.Context(), "p2")
	require.NoError(t, err)
	require.Equal(t, "13800138002", phone)
	require.Equal(t, 2, f.fake.TokensIssued())
	require.Equal(t, 3, f.fake.Calls(fakewechat.PathPhoneNumber), "one refused call, one retry")

	// The new token is the shared one: the next call needs no refresh.
	_, err = f.client.UnlimitedQRCode(t.Context(), "s=1", "")
	require.NoError(t, err)
	require.Equal(t, 2, f.fake.TokensIssued())
}

func TestTokenErrorIsRetriedOnlyOnce(t *testing.T) {
	f := setup(t)
	f.fake.FailQRCode(40001)

	_, err := f.client.UnlimitedQRCode(t.Context(), "s=1", "")
	var we *wechat.Error
	require.ErrorAs(t, err, &we)
	require.Equal(t, 40001, we.Code)
	require.Equal(t, 2, f.fake.Calls(fakewechat.PathQRCodeUnlimit))
	require.Equal(t, 2, f.fake.TokensIssued())
}

func TestTokenIsSharedThroughRedis(t *testing.T) {
	f := setup(t)
	other := newClient(t, f.fake, f.rdb, f.prefix)
	f.fake.AddPhone("p1", "13800138001")
	f.fake.AddPhone("p2", "13800138002")

	_, err := f.client.PhoneNumber(t.Context(), "p1")
	require.NoError(t, err)
	_, err = other.PhoneNumber(t.Context(), "p2")
	require.NoError(t, err)

	require.Equal(t, 1, f.fake.TokensIssued())
	require.Equal(t, 1, f.fake.Calls(fakewechat.PathStableToken))
	keys, err := f.rdb.Keys(t.Context(), f.prefix+"*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 1, "the token lives under the prefix")
}

func TestErrorsCarryNoSecrets(t *testing.T) {
	rdb, prefix := newRedis(t)
	fake := fakewechat.New(t)
	down := httptest.NewServer(nil)
	down.Close()

	for _, tc := range []struct {
		name, base, secret string
	}{
		{name: "WeChat unreachable", base: down.URL, secret: fake.Secret()},
		{name: "wrong secret", base: fake.URL(), secret: "not-the-secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := wechat.New(wechat.Config{AppID: fake.AppID(), Secret: tc.secret, APIBase: tc.base}, rdb, prefix)
			require.NoError(t, err)
			_, err1 := c.Code2Session(t.Context(), "private-login-code")
			_, err2 := c.PhoneNumber(t.Context(), "private-phone-code")
			_, err3 := c.UnlimitedQRCode(t.Context(), "s=1", "")
			for _, err := range []error{err1, err2, err3} {
				require.Error(t, err)
				require.NotContains(t, err.Error(), tc.secret)
				require.NotContains(t, err.Error(), "private-login-code")
			}
		})
	}
}

func TestTimeoutsAndCancellationStayVisible(t *testing.T) {
	f := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := f.client.Code2Session(ctx, "code")
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
	_, err = f.client.UnlimitedQRCode(ctx, "s=1", "")
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func TestNewRejectsBadConfig(t *testing.T) {
	rdb, prefix := newRedis(t)
	for name, cfg := range map[string]wechat.Config{
		"missing secret":  {AppID: "wx1"},
		"base with path":  {AppID: "wx1", Secret: "s", APIBase: "https://example.com/wechat"},
		"base not a URL":  {AppID: "wx1", Secret: "s", APIBase: "api.weixin.qq.com"},
		"base with query": {AppID: "wx1", Secret: "s", APIBase: "https://example.com?x=1"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := wechat.New(cfg, rdb, prefix)
			require.Error(t, err)
		})
	}
}

func TestConcurrentCallersRefreshTheTokenOnce(t *testing.T) {
	f := setup(t)
	const n = 20
	for i := range n {
		f.fake.AddPhone(fmt.Sprint("p", i), "13800138000")
	}
	f.fake.AddPhone("first", "13800138000")
	_, err := f.client.PhoneNumber(t.Context(), "first")
	require.NoError(t, err)
	f.fake.ExpireTokens()

	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := f.client.PhoneNumber(t.Context(), fmt.Sprint("p", i))
			errs <- err
		}()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	// One forced refresh; at most one more token when a caller found the
	// cache empty in the middle of it.
	require.LessOrEqual(t, f.fake.TokensIssued(), 3)
}

func TestSendSubscribe(t *testing.T) {
	f := setup(t)
	c := f.client
	err := c.SendSubscribe(t.Context(), wechat.SubscribeMessage{ToUser: "openid-1", TemplateID: "tmpl-1", Page: "pages/x/y?id=1", Data: map[string]string{"thing1": "民生街道联络站"}})
	require.NoError(t, err)
	sent := f.fake.SentSubscribeMessages()
	require.Len(t, sent, 1)
	require.Equal(t, "openid-1", sent[0].ToUser)
	require.Equal(t, "民生街道联络站", sent[0].Data["thing1"].Value)
	require.Equal(t, "pages/x/y?id=1", sent[0].Page)

	f.fake.RefuseSubscribe("openid-2")
	err = c.SendSubscribe(t.Context(), wechat.SubscribeMessage{ToUser: "openid-2", TemplateID: "tmpl-1", Data: map[string]string{"thing1": "x"}})
	require.Error(t, err)
	require.True(t, wechat.IsRefused(err))
	require.True(t, wechat.IsPermanent(err))
	require.Len(t, f.fake.SentSubscribeMessages(), 1, "a refused message is not delivered")

	f.fake.ExpireTokens()
	require.NoError(t, c.SendSubscribe(t.Context(), wechat.SubscribeMessage{ToUser: "openid-1", TemplateID: "tmpl-1", Data: map[string]string{"thing1": "y"}}), "an expired token is refreshed once")
	require.Len(t, f.fake.SentSubscribeMessages(), 2)
}

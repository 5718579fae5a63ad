package wechat

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/credential"
)

// tokens refreshes the stable access token that silenceper keeps in Redis.
type tokens struct {
	stable *credential.StableAccessToken
	cache  *redisCache
	key    string // silenceper's cache key for the token, before our prefix
	mu     sync.Mutex
}

func newTokens(stable *credential.StableAccessToken, c *redisCache, appID string) *tokens {
	// The key silenceper's StableAccessToken reads and writes (credential/default_access_token.go).
	key := fmt.Sprintf("%s_stable_access_token_%s", credential.CacheKeyMiniProgramPrefix, appID)
	return &tokens{stable: stable, cache: c, key: key}
}

// current is the cached token, "" when none.
func (t *tokens) current(ctx context.Context) string {
	tok, _ := t.cache.GetContext(ctx, t.key).(string)
	return tok
}

// refresh replaces stale, the token a call was refused with, by a forced new
// one. If the cache already holds another token, some other caller or
// process has refreshed it and that one is kept: stable_token allows only a
// few forced refreshes a day.
func (t *tokens) refresh(ctx context.Context, stale string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if cur := t.current(ctx); stale != "" && cur != "" && cur != stale {
		return nil
	}
	// Cache errors are ignored: without the cache silenceper fetches the
	// token (now the new one) from WeChat on each call.
	_ = t.cache.DeleteContext(ctx, t.key)
	res, err := t.stable.GetAccessTokenDirectly(ctx, true)
	if err != nil {
		return err
	}
	// Same margin as silenceper's own caching.
	_ = t.cache.SetContext(ctx, t.key, res.AccessToken, time.Duration(res.ExpiresIn-300)*time.Second)
	return nil
}

// withToken runs call, which uses the access token; when WeChat answers that
// the token is invalid or expired it refreshes the token and runs call once more.
func (c *Client) withToken(ctx context.Context, op string, call func() error) error {
	used := c.tokens.current(ctx)
	err := convertError(op, c.secret, call())
	if !isTokenError(err) {
		return err
	}
	if err := c.tokens.refresh(ctx, used); err != nil {
		return convertError(op+" (token refresh)", c.secret, err)
	}
	return convertError(op, c.secret, call())
}

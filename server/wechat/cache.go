package wechat

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/silenceper/wechat/v2/cache"
)

// redisOpTimeout bounds one cache operation; silenceper calls the cache
// without a context.
const redisOpTimeout = 3 * time.Second

// redisCache is silenceper's cache.Cache over go-redis v9 (silenceper's own
// cache.Redis needs v8), so that every process shares one access token.
// Keys are stored under prefix.
type redisCache struct {
	rdb    redis.UniversalClient
	prefix string
}

var _ cache.ContextCache = (*redisCache)(nil)

// Get implements cache.Cache; a missing key or a Redis error is nil, which
// makes silenceper fetch a token from WeChat.
func (c *redisCache) Get(key string) any {
	ctx, cancel := context.WithTimeout(context.Background(), redisOpTimeout)
	defer cancel()
	return c.GetContext(ctx, key)
}

// GetContext implements cache.ContextCache.
func (c *redisCache) GetContext(ctx context.Context, key string) any {
	v, err := c.rdb.Get(ctx, c.prefix+key).Result()
	if err != nil {
		return nil
	}
	return v
}

// Set implements cache.Cache.
func (c *redisCache) Set(key string, val any, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), redisOpTimeout)
	defer cancel()
	return c.SetContext(ctx, key, val, timeout)
}

// SetContext implements cache.ContextCache. A value that would never or
// already have expired is not kept.
func (c *redisCache) SetContext(ctx context.Context, key string, val any, timeout time.Duration) error {
	if timeout <= 0 {
		return c.DeleteContext(ctx, key)
	}
	return c.rdb.Set(ctx, c.prefix+key, val, timeout).Err()
}

// IsExist implements cache.Cache.
func (c *redisCache) IsExist(key string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), redisOpTimeout)
	defer cancel()
	return c.IsExistContext(ctx, key)
}

// IsExistContext implements cache.ContextCache.
func (c *redisCache) IsExistContext(ctx context.Context, key string) bool {
	n, err := c.rdb.Exists(ctx, c.prefix+key).Result()
	return err == nil && n > 0
}

// Delete implements cache.Cache.
func (c *redisCache) Delete(key string) error {
	ctx, cancel := context.WithTimeout(context.Background(), redisOpTimeout)
	defer cancel()
	return c.DeleteContext(ctx, key)
}

// DeleteContext implements cache.ContextCache.
func (c *redisCache) DeleteContext(ctx context.Context, key string) error {
	return c.rdb.Del(ctx, c.prefix+key).Err()
}

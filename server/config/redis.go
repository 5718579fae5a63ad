package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// RedisMode is how liaison reaches Redis.
type RedisMode string

const (
	RedisSingle   RedisMode = "single"   // one server (redis_addr is one address)
	RedisCluster  RedisMode = "cluster"  // a Redis Cluster (redis_addr lists several nodes)
	RedisSentinel RedisMode = "sentinel" // a master found through Sentinel (redis_master_name set)
)

// RedisConn is one description of the Redis liaison uses, in the two forms
// its clients take: go-redis (caches, rate limits, readiness) and asynq (the
// queues). Both come from the same three settings, so the two can never
// disagree about where Redis is.
type RedisConn struct {
	Mode RedisMode
	// Addrs are the addresses of redis_addr: the server, the cluster's
	// nodes (any of them; all masters is best), or the sentinels.
	Addrs []string
	// Options make the go-redis client (redis.NewUniversalClient).
	Options *redis.UniversalOptions
	// Asynq makes asynq's clients, servers and inspectors.
	Asynq asynq.RedisConnOpt
}

// NewClient opens a go-redis client on the connection.
func (r RedisConn) NewClient() redis.UniversalClient { return redis.NewUniversalClient(r.Options) }

// ParseRedis reads redis_addr (comma-separated), redis_db and
// redis_master_name. With a master name the addresses are sentinels; else
// more than one address is a Redis Cluster, which has only database 0.
func ParseRedis(addr string, db int, masterName string) (RedisConn, error) {
	var addrs []string
	for _, a := range strings.Split(addr, ",") {
		if a = strings.TrimSpace(a); a != "" {
			addrs = append(addrs, a)
		}
	}
	masterName = strings.TrimSpace(masterName)
	switch {
	case len(addrs) == 0:
		return RedisConn{}, errors.New("redis_addr (LIAISON_REDIS_ADDR) is empty: give host:port, or several separated by commas for a Redis Cluster")
	case db < 0 || db > 15:
		return RedisConn{}, fmt.Errorf("redis_db (LIAISON_REDIS_DB) must be between 0 and 15, not %d", db)
	case masterName != "":
		return RedisConn{
			Mode:    RedisSentinel,
			Addrs:   addrs,
			Options: &redis.UniversalOptions{Addrs: addrs, MasterName: masterName, DB: db},
			Asynq:   asynq.RedisFailoverClientOpt{MasterName: masterName, SentinelAddrs: addrs, DB: db},
		}, nil
	case len(addrs) > 1:
		if db != 0 {
			return RedisConn{}, fmt.Errorf("redis_db (LIAISON_REDIS_DB) is %d, but a Redis Cluster (several addresses in LIAISON_REDIS_ADDR) has only database 0: set it to 0", db)
		}
		return RedisConn{
			Mode:    RedisCluster,
			Addrs:   addrs,
			Options: &redis.UniversalOptions{Addrs: addrs},
			Asynq:   asynq.RedisClusterClientOpt{Addrs: addrs},
		}, nil
	default:
		return RedisConn{
			Mode:    RedisSingle,
			Addrs:   addrs,
			Options: &redis.UniversalOptions{Addrs: addrs, DB: db},
			Asynq:   asynq.RedisClientOpt{Addr: addrs[0], DB: db},
		}, nil
	}
}

// Redis is the connection the configuration describes.
func (c Config) Redis() (RedisConn, error) {
	return ParseRedis(c.RedisAddr, c.RedisDB, c.RedisMasterName)
}

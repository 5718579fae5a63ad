package config

import (
	"testing"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRedisChoosesServerClusterOrSentinel(t *testing.T) {
	cases := []struct {
		name      string
		addr      string
		db        int
		master    string
		mode      RedisMode
		asynq     asynq.RedisConnOpt
		universal redis.UniversalOptions
	}{
		{"one address is one server", "127.0.0.1:6379", 3, "", RedisSingle,
			asynq.RedisClientOpt{Addr: "127.0.0.1:6379", DB: 3},
			redis.UniversalOptions{Addrs: []string{"127.0.0.1:6379"}, DB: 3}},
		{"several addresses are a cluster", "10.0.0.1:7000, 10.0.0.2:7000,10.0.0.3:7000", 0, "", RedisCluster,
			asynq.RedisClusterClientOpt{Addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000"}},
			redis.UniversalOptions{Addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000"}}},
		{"a master name makes the addresses sentinels", "10.0.0.1:26379,10.0.0.2:26379", 2, "liaison", RedisSentinel,
			asynq.RedisFailoverClientOpt{MasterName: "liaison", SentinelAddrs: []string{"10.0.0.1:26379", "10.0.0.2:26379"}, DB: 2},
			redis.UniversalOptions{Addrs: []string{"10.0.0.1:26379", "10.0.0.2:26379"}, MasterName: "liaison", DB: 2}},
		{"one sentinel is still sentinel", "10.0.0.1:26379", 0, "liaison", RedisSentinel,
			asynq.RedisFailoverClientOpt{MasterName: "liaison", SentinelAddrs: []string{"10.0.0.1:26379"}},
			redis.UniversalOptions{Addrs: []string{"10.0.0.1:26379"}, MasterName: "liaison"}},
		{"a trailing comma is not a second node", "127.0.0.1:6379,", 0, "", RedisSingle,
			asynq.RedisClientOpt{Addr: "127.0.0.1:6379"},
			redis.UniversalOptions{Addrs: []string{"127.0.0.1:6379"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseRedis(tc.addr, tc.db, tc.master)
			require.NoError(t, err)
			assert.Equal(t, tc.mode, c.Mode)
			assert.Equal(t, tc.asynq, c.Asynq)
			assert.Equal(t, tc.universal, *c.Options)
		})
	}
}

func TestParseRedisRefuses(t *testing.T) {
	cases := []struct {
		name   string
		addr   string
		db     int
		master string
		says   string
	}{
		{"a database other than 0 on a cluster", "10.0.0.1:7000,10.0.0.2:7000", 1, "", "has only database 0"},
		{"no address", " , ", 0, "", "LIAISON_REDIS_ADDR"},
		{"a database beyond 15", "127.0.0.1:6379", 16, "", "LIAISON_REDIS_DB"},
	}
	for _, tc := range cases {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			_, err := ParseRedis(tc.addr, tc.db, tc.master)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestValidateRefusesADatabaseOnACluster(t *testing.T) {
	env := Environ(map[string]string{"LIAISON_REDIS_ADDR": "10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000", "LIAISON_REDIS_DB": "2"})
	c, err := Load("", env)
	require.NoError(t, err)
	err = c.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "LIAISON_REDIS_DB")

	c.RedisDB = 0
	require.NoError(t, c.Validate())
	r, err := c.Redis()
	require.NoError(t, err)
	assert.Equal(t, RedisCluster, r.Mode)
}

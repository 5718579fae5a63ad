package app

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
)

func TestOpenRefusesADatabaseNumberOnARedisCluster(t *testing.T) {
	cfg := config.Defaults()
	cfg.RedisAddr, cfg.RedisDB = "127.0.0.1:1,127.0.0.1:2,127.0.0.1:3", 4
	_, err := OpenDB(t.Context(), cfg, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "has only database 0")
}

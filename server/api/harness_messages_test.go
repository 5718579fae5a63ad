package api_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/uploads"
	"github.com/liaison-stations/liaison/server/wechat"
)

// messagesStart is the time of the messages capability in API tests: a
// Wednesday in Shanghai, far from holidays.
var messagesStart = time.Date(2024, 3, 13, 10, 0, 0, 0, clock.Shanghai)

// messagesForTest builds the messages capability on the harness's parts: the
// project's rules and calendars, photos in memory, rate limits in the
// harness's Redis, content security through the fake WeChat, a fixed clock.
func messagesForTest(t *testing.T, h *harness) *messages.Service {
	t.Helper()
	rules, err := messages.LoadRules(filepath.Join("..", "..", "configs", "messages.yaml"))
	require.NoError(t, err)
	wx, err := wechat.New(wechat.Config{AppID: h.cfg.WeChat.AppID, Secret: h.cfg.WeChat.Secret, APIBase: h.cfg.WeChat.APIBase}, h.redis.Client, "liaison:test:")
	require.NoError(t, err)
	return messages.New(messages.Deps{DB: h.db.DB, Box: h.box, Notify: h.notify, Registry: h.registry, Identity: h.identity, Log: h.logger,
		Clock: clock.NewFixed(messagesStart), Rules: rules, Uploads: uploads.NewMemory(), Redis: h.redis.Client, Content: wx,
		RedisPrefix: "liaison:test:"})
}

// msgClock is the messages capability's clock, to move in a test.
func (h *harness) msgClock() *clock.Fixed { return h.messages.Clock.(*clock.Fixed) }

// photos is where the messages capability keeps photos in a test.
func (h *harness) photos() *uploads.Memory { return h.messages.Uploads.(*uploads.Memory) }

package devmode

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/testkit"
)

// In dev mode a notice goes the whole way — row, asynq task on miniredis,
// the worker — and ends on the log channel, showing what would have been sent.
func TestANoticeReachesTheLogChannelInDevMode(t *testing.T) {
	logs := &testkit.Buffer{}
	in := bootForTest(t, func(cfg *config.Config) { cfg.ScanInterval = 200 * time.Millisecond }, BootOptions{NoSeed: true, Log: logs})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.App.RunWorker(ctx) }()
	defer func() {
		cancel()
		assert.NoError(t, <-done)
	}()

	var due []notify.Due
	require.NoError(t, in.App.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		due, err = in.App.Notify.Create(ctx, tx, notify.Notice{Kind: "message_code", Subject: "message:1", DedupeKey: "message:1:code",
			To:     notify.Recipient{Type: notify.ToPhone, Phone: "13800138000"},
			Params: map[string]string{"code": "LX2411-7K3Q", "station_name": "民生街道联络站"}})
		return err
	}))
	in.App.Notify.Enqueue(ctx, due)

	require.Eventually(t, func() bool { return strings.Contains(logs.String(), "notice (log channel)") }, 20*time.Second, 50*time.Millisecond)
	line := ""
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "notice (log channel)") {
			line = l
		}
	}
	assert.Contains(t, line, `"kind":"message_code"`)
	assert.Contains(t, line, `"params":["LX2411-7K3Q","民生街道联络站"]`)
	assert.Contains(t, line, `138****8000`)
	assert.NotContains(t, logs.String(), "13800138000")
	var status string
	require.Eventually(t, func() bool {
		_ = in.App.DB.GetContext(ctx, &status, "SELECT status FROM notifications WHERE id = ?", due[0].ID)
		return status == "sent"
	}, 10*time.Second, 50*time.Millisecond, fmt.Sprintf("status %s", status))
}

package devmode

import (
	"context"
	"net"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/testkit"
)

// bootForTest boots dev mode as liaison-dev does, with configs/config.yaml
// changed by change (nil: as it is), on a free loopback port, logging to
// opt.Log or a buffer; it is closed when the test ends.
func bootForTest(t *testing.T, change func(*config.Config), opt BootOptions) *Instance {
	t.Helper()
	configs := filepath.Join("..", "..", "configs")
	cfg, err := config.Load(filepath.Join(configs, "config.yaml"), config.Environ(nil))
	require.NoError(t, err)
	if change != nil {
		change(&cfg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	opt.HTTPAddr = ln.Addr().String()
	ln.Close()
	opt.AreasFile = filepath.Join(configs, "areas", "guangxi.csv")
	if opt.Log == nil {
		opt.Log = &testkit.Buffer{}
	}
	in, err := Boot(context.Background(), cfg, opt)
	require.NoError(t, err)
	t.Cleanup(in.Close)
	return in
}

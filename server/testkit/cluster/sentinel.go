package cluster

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Sentinel is one Redis master watched by one sentinel (redis-server
// --sentinel), enough to see a client find the master by its name.
type Sentinel struct {
	// Addr is the sentinel's host:port, as LIAISON_REDIS_ADDR takes it.
	Addr string
	// MasterName is the name the sentinel knows the master by.
	MasterName string
	// MasterAddr is the master's own host:port.
	MasterAddr string
	procs      []*exec.Cmd
}

// StartSentinel starts a master and a sentinel watching it; it returns once
// the sentinel names the master.
func StartSentinel(t testing.TB) *Sentinel {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("cluster: redis-server is not installed (apt-get install redis-server)")
	}
	dir := workDir(t, "liaison-redis-sentinel-")
	ports := lowPorts(t, 2, 17000, 22000, 0)
	s := &Sentinel{MasterName: "liaison", MasterAddr: fmt.Sprintf("127.0.0.1:%d", ports[0]), Addr: fmt.Sprintf("127.0.0.1:%d", ports[1])}
	t.Cleanup(func() {
		for _, p := range s.procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	})
	master := command("redis-server", "--port", strconv.Itoa(ports[0]), "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--logfile", filepath.Join(dir, "master.log"))
	if err := master.Start(); err != nil {
		t.Fatalf("cluster: redis-server: %v", err)
	}
	s.procs = append(s.procs, master)
	// A sentinel rewrites its configuration file: it needs one of its own.
	conf := filepath.Join(dir, "sentinel.conf")
	text := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nlogfile %s\nsentinel monitor %s 127.0.0.1 %d 1\n",
		ports[1], dir, filepath.Join(dir, "sentinel.log"), s.MasterName, ports[0])
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatalf("cluster: %v", err)
	}
	sentinel := command("redis-server", conf, "--sentinel")
	if err := sentinel.Start(); err != nil {
		t.Fatalf("cluster: redis-server --sentinel: %v", err)
	}
	s.procs = append(s.procs, sentinel)
	waitFor(t, 10*time.Second, "sentinel "+s.Addr, func() error {
		c := redis.NewSentinelClient(&redis.Options{Addr: s.Addr})
		defer c.Close()
		addr, err := c.GetMasterAddrByName(context.Background(), s.MasterName).Result()
		if err != nil {
			return err
		}
		if got := addr[0] + ":" + addr[1]; got != s.MasterAddr {
			return fmt.Errorf("master at %s", got)
		}
		return nil
	})
	return s
}

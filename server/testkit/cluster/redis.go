package cluster

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisCluster is three Redis masters forming one cluster (no replicas).
type RedisCluster struct {
	// Addrs are the masters' host:port.
	Addrs []string
	procs []*exec.Cmd
}

// Addr is the address list as LIAISON_REDIS_ADDR takes it.
func (r *RedisCluster) Addr() string { return strings.Join(r.Addrs, ",") }

// StartRedisCluster starts three masters and forms the cluster; it returns
// once the cluster says cluster_state:ok.
func StartRedisCluster(t testing.TB) *RedisCluster {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("cluster: redis-server is not installed (apt-get install redis-server)")
	}
	dir := workDir(t, "liaison-redis-cluster-")
	// The cluster bus listens on port+10000: keep both below 32768.
	ports := lowPorts(t, 3, 17000, 22000, 10000)
	r := &RedisCluster{}
	t.Cleanup(r.stop)
	for _, p := range ports {
		nodeDir := filepath.Join(dir, strconv.Itoa(p))
		cmd := command("redis-server", "--port", strconv.Itoa(p), "--bind", "127.0.0.1",
			"--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(nodeDir, "nodes.conf"),
			"--dir", nodeDir, "--save", "", "--appendonly", "no",
			"--logfile", filepath.Join(nodeDir, "redis.log"))
		if err := os.MkdirAll(nodeDir, 0o755); err != nil {
			t.Fatalf("cluster: %v", err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatalf("cluster: redis-server: %v", err)
		}
		r.procs = append(r.procs, cmd)
		r.Addrs = append(r.Addrs, fmt.Sprintf("127.0.0.1:%d", p))
	}
	for _, a := range r.Addrs {
		waitFor(t, 10*time.Second, "redis "+a, func() error {
			c := redis.NewClient(&redis.Options{Addr: a})
			defer c.Close()
			return c.Ping(context.Background()).Err()
		})
	}
	args := append([]string{"--cluster", "create"}, r.Addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("cluster: redis-cli --cluster create: %v\n%s", err, out)
	}
	for _, a := range r.Addrs {
		waitFor(t, 30*time.Second, "cluster_state:ok on "+a, func() error {
			c := redis.NewClient(&redis.Options{Addr: a})
			defer c.Close()
			info, err := c.ClusterInfo(context.Background()).Result()
			if err != nil {
				return err
			}
			if !strings.Contains(info, "cluster_state:ok") {
				return fmt.Errorf("not ok yet")
			}
			return nil
		})
	}
	return r
}

func (r *RedisCluster) stop() {
	for _, p := range r.procs {
		_ = p.Process.Kill()
		_ = p.Wait()
	}
}

// waitFor calls check until it returns nil, failing the test after limit.
func waitFor(t testing.TB, limit time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("cluster: %s not ready within %s: %v", what, limit, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

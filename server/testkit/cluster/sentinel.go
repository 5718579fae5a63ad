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

// Sentinel is one Redis master and its replica watched by one sentinel
// (redis-server --sentinel): enough to see a client find the master by its
// name, and follow it when the sentinel promotes the replica.
type Sentinel struct {
	// Addr is the sentinel's host:port, as LIAISON_REDIS_ADDR takes it.
	Addr string
	// MasterName is the name the sentinel knows the master by.
	MasterName string
	// MasterAddr is the master's own host:port; ReplicaAddr its replica's.
	MasterAddr, ReplicaAddr string
	procs                   []*exec.Cmd
}

// StartSentinel starts a master, its replica and a sentinel watching them
// (a master unanswering for a second is down, and the sentinel alone may
// fail it over); it returns once the sentinel names the master and the
// replica is in step with it (the sentinel learns of the replica from the
// master's INFO, which it asks for every ten seconds).
func StartSentinel(t testing.TB) *Sentinel {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("cluster: redis-server is not installed (apt-get install redis-server)")
	}
	dir := workDir(t, "liaison-redis-sentinel-")
	ports := lowPorts(t, 3, 17000, 22000, 0)
	s := &Sentinel{MasterName: "liaison", MasterAddr: fmt.Sprintf("127.0.0.1:%d", ports[0]), Addr: fmt.Sprintf("127.0.0.1:%d", ports[1]),
		ReplicaAddr: fmt.Sprintf("127.0.0.1:%d", ports[2])}
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
	replica := command("redis-server", "--port", strconv.Itoa(ports[2]), "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--logfile", filepath.Join(dir, "replica.log"), "--replicaof", "127.0.0.1", strconv.Itoa(ports[0]))
	if err := replica.Start(); err != nil {
		t.Fatalf("cluster: redis-server: %v", err)
	}
	s.procs = append(s.procs, replica)
	// A sentinel rewrites its configuration file: it needs one of its own.
	conf := filepath.Join(dir, "sentinel.conf")
	text := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nlogfile %s\nsentinel monitor %s 127.0.0.1 %d 1\n"+
		"sentinel down-after-milliseconds %s 1000\nsentinel failover-timeout %s 10000\n",
		ports[1], dir, filepath.Join(dir, "sentinel.log"), s.MasterName, ports[0], s.MasterName, s.MasterName)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatalf("cluster: %v", err)
	}
	sentinel := command("redis-server", conf, "--sentinel")
	if err := sentinel.Start(); err != nil {
		t.Fatalf("cluster: redis-server --sentinel: %v", err)
	}
	s.procs = append(s.procs, sentinel)
	waitFor(t, 30*time.Second, "sentinel "+s.Addr, func() error {
		if err := s.masterIs(s.MasterAddr); err != nil {
			return err
		}
		c := redis.NewSentinelClient(&redis.Options{Addr: s.Addr})
		defer c.Close()
		replicas, err := c.Replicas(context.Background(), s.MasterName).Result()
		if err != nil {
			return err
		}
		if len(replicas) == 0 || replicas[0]["master-link-status"] != "ok" {
			return fmt.Errorf("replica not in step yet: %v", replicas)
		}
		return nil
	})
	return s
}

// KillMaster kills the master's process (SIGKILL) and waits until the
// sentinel names the replica as the master.
func (s *Sentinel) KillMaster(t testing.TB) {
	t.Helper()
	_ = s.procs[0].Process.Kill()
	_ = s.procs[0].Wait()
	waitFor(t, 60*time.Second, "the sentinel's failover", func() error { return s.masterIs(s.ReplicaAddr) })
}

// masterIs says whether the sentinel names addr as the master.
func (s *Sentinel) masterIs(addr string) error {
	c := redis.NewSentinelClient(&redis.Options{Addr: s.Addr})
	defer c.Close()
	got, err := c.GetMasterAddrByName(context.Background(), s.MasterName).Result()
	if err != nil {
		return err
	}
	if at := got[0] + ":" + got[1]; at != addr {
		return fmt.Errorf("master at %s", at)
	}
	return nil
}

// Package cluster starts real clusters on loopback for tests that must see
// liaison survive a node's death: a three-node MariaDB Galera cluster and a
// three-master Redis Cluster, each node a process of its own in a temporary
// directory, on ports below the ephemeral range (a restarted node must get
// its port back). Everything is stopped and removed when the test ends.
//
// It needs Debian's mariadb-server, galera-4, rsync and redis-server; tests
// call SkipWithoutGalera first (CI installs them, see .ci/run).
package cluster

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// lowPorts finds n consecutive free TCP ports on 127.0.0.1 in [lo, hi),
// each with its companion port+offset also free when offset is not 0 (the
// Redis Cluster bus). It starts at a random place, so that two test
// processes rarely try the same ports, and skips any port in use.
func lowPorts(t testing.TB, n, lo, hi, offset int) []int {
	t.Helper()
	for try := 0; try < 200; try++ {
		base := lo + rand.IntN(hi-lo-n)
		ok := true
		for p := base; p < base+n && ok; p++ {
			ok = portFree(p) && (offset == 0 || portFree(p+offset))
		}
		if ok {
			out := make([]int, n)
			for i := range out {
				out[i] = base + i
			}
			return out
		}
	}
	t.Fatalf("cluster: no %d free ports between %d and %d", n, lo, hi)
	return nil
}

func portFree(p int) bool {
	for _, host := range []string{"127.0.0.1", "0.0.0.0"} {
		ln, err := net.Listen("tcp", fmt.Sprintf("%s:%d", host, p))
		if err != nil {
			return false
		}
		ln.Close()
	}
	return true
}

// workDir is a fresh directory that the mysql user may enter (t.TempDir
// is root's alone); it is removed when the test ends.
func workDir(t testing.TB, pattern string) string {
	t.Helper()
	parent := os.TempDir()
	if fi, err := os.Stat(parent); err != nil || fi.Mode().Perm()&0o001 == 0 {
		parent = "/tmp" // a private TMPDIR: the mysql user could not enter it
	}
	dir, err := os.MkdirTemp(parent, pattern)
	if err != nil {
		t.Fatalf("cluster: %v", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("cluster: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// command is a child process that dies with the test process, even when
// that is killed before its cleanups run.
func command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd
}

// tail is the end of a log file, for a failure's message.
func tail(path string, lines int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// Package procs runs liaison as in production for tests and benchmarks: it
// builds the liaison binary, starts its serve and worker processes with an
// environment of their own, kills them as a crash would, and reads their
// logs and their memory.
package procs

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// Root is the repository's root folder.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Build builds ./server/cmd/liaison as `make build` does, into dir.
func Build(dir string) (string, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = "/usr/local/go/bin/go"
	}
	bin := filepath.Join(dir, "liaison")
	cmd := exec.Command(goBin, "build", "-o", bin, "./server/cmd/liaison")
	cmd.Dir = Root()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// Proc is one liaison process, its logs in a file.
type Proc struct {
	Name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	once sync.Once
}

// Environ is the test's environment without any LIAISON_ variable, plus env.
func Environ(env map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LIAISON_") {
			out = append(out, kv)
		}
	}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// Start runs bin with args; it is killed when the test ends, and its log's
// end is shown when the test failed.
func Start(tb testing.TB, name, bin string, env map[string]string, args ...string) *Proc {
	tb.Helper()
	p := &Proc{Name: name, log: filepath.Join(tb.TempDir(), name+".log"), done: make(chan struct{})}
	f, err := os.Create(p.log)
	if err != nil {
		tb.Fatal(err)
	}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = Environ(env)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	go func() { _ = p.cmd.Wait(); f.Close(); close(p.done) }()
	tb.Cleanup(func() {
		p.Kill()
		if tb.Failed() {
			tb.Logf("--- %s log (end) ---\n%s", name, tail(p.log, 30))
		}
	})
	return p
}

// RunOnce runs a liaison command to its end and returns what it printed.
func RunOnce(bin string, env map[string]string, args ...string) (string, error) {
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env = Environ(env)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// Kill ends the process with SIGKILL, as a crash would.
func (p *Proc) Kill() {
	p.once.Do(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
}

// Exited reports whether the process has stopped by itself.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Logs is everything the process logged so far.
func (p *Proc) Logs() string {
	data, _ := os.ReadFile(p.log)
	return string(data)
}

// PeakRSS is the most memory the running process has held resident
// (VmHWM in /proc/<pid>/status), in bytes; 0 once it has stopped.
func (p *Proc) PeakRSS() uint64 { return StatusBytes(strconv.Itoa(p.cmd.Process.Pid), "VmHWM") }

// StatusBytes is a size field (VmRSS, VmHWM …) of /proc/<pid>/status in
// bytes, pid being a number or "self"; 0 when it cannot be read.
func StatusBytes(pid, field string) uint64 {
	f, err := os.Open("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func tail(path string, n int) string {
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// FreeAddr is a 127.0.0.1 address nothing listens on now.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

var client = &http.Client{Timeout: 10 * time.Second}

// Status is the HTTP status of GET url (0 when nothing answers).
func Status(url string) int {
	resp, err := client.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// Configs is a copy of configs/ in a temporary folder whose
// notifications.yaml change has edited (short timeouts, higher rate
// limits …); point LIAISON_CONFIG and LIAISON_NOTIFICATIONS_FILE into it.
func Configs(tb testing.TB, change func(rules map[string]any)) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "configs")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(Root(), "configs"))); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, "notifications.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var rules map[string]any
	if err := yaml.Unmarshal(data, &rules); err != nil {
		tb.Fatal(err)
	}
	change(rules)
	if data, err = yaml.Marshal(rules); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// CPU is the processor time (user and system) process pid has used so far,
// from /proc/<pid>/stat; 0 when it cannot be read. Linux counts it in ticks
// of 1/100 s.
func CPU(pid int) time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; the fields after it are plain.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// Pid is the process's id.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// PidOf is the id of the first running process whose command is name
// (mariadbd, redis-server), 0 if none.
func PidOf(name string) int {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if comm, err := os.ReadFile("/proc/" + e.Name() + "/comm"); err == nil && strings.TrimSpace(string(comm)) == name {
			return pid
		}
	}
	return 0
}

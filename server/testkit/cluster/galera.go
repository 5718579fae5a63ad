package cluster

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

const galeraProvider = "/usr/lib/galera/libgalera_smm.so"

// SkipWithoutGalera skips the test unless MariaDB, the Galera provider and
// rsync (its state transfer) are installed.
func SkipWithoutGalera(t testing.TB) {
	t.Helper()
	var missing []string
	for _, bin := range []string{"mariadbd", "mariadb-install-db", "rsync", "redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			if _, err := os.Stat("/usr/sbin/" + bin); err != nil {
				missing = append(missing, bin)
			}
		}
	}
	if _, err := os.Stat(galeraProvider); err != nil {
		missing = append(missing, galeraProvider+" (galera-4)")
	}
	if _, err := user.Lookup("mysql"); err != nil {
		missing = append(missing, "the mysql user")
	}
	if len(missing) > 0 {
		t.Skipf("cluster: Galera is not installed (missing %s): apt-get install mariadb-server galera-4 rsync redis-server", strings.Join(missing, ", "))
	}
}

// Galera is a three-node MariaDB Galera cluster on loopback.
type Galera struct {
	Nodes []*GaleraNode
	t     testing.TB
}

// GaleraNode is one mariadbd: its ports, its data directory, its process.
type GaleraNode struct {
	N                              int // 1, 2, 3
	Port, GroupPort, ISTPort, SSTP int
	Dir                            string
	cluster                        string // gcomm://… of every node

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// Addr is the node's SQL address.
func (n *GaleraNode) Addr() string { return fmt.Sprintf("127.0.0.1:%d", n.Port) }

// DSN is a go-sql-driver DSN for database db on the node, as root.
func (n *GaleraNode) DSN(db string) string {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Net, cfg.Addr, cfg.DBName = "root", "tcp", n.Addr(), db
	cfg.ParseTime, cfg.Loc = true, time.UTC
	cfg.Params = map[string]string{"charset": "utf8mb4"}
	return cfg.FormatDSN()
}

// Log is the path of the node's error log.
func (n *GaleraNode) Log() string { return filepath.Join(n.Dir, "error.log") }

// StartGalera starts node 1 as a new cluster, then nodes 2 and 3 joining
// it by state transfer; it returns when every node is Synced in a cluster
// of three.
func StartGalera(t testing.TB) *Galera {
	t.Helper()
	SkipWithoutGalera(t)
	dir := workDir(t, "liaison-galera-")
	// Below Redis clusters' bus ports (27000–32000, see StartRedisCluster).
	ports := lowPorts(t, 12, 23000, 26900, 0)
	g := &Galera{t: t}
	var members []string
	for i := 0; i < 3; i++ {
		n := &GaleraNode{N: i + 1, Port: ports[4*i], GroupPort: ports[4*i+1], ISTPort: ports[4*i+2], SSTP: ports[4*i+3],
			Dir: filepath.Join(dir, fmt.Sprintf("node%d", i+1))}
		if err := mysqlDirs(n.Dir, filepath.Join(n.Dir, "data")); err != nil {
			t.Fatalf("cluster: %v", err)
		}
		members = append(members, fmt.Sprintf("127.0.0.1:%d", n.GroupPort))
		g.Nodes = append(g.Nodes, n)
	}
	for _, n := range g.Nodes {
		n.cluster = "gcomm://" + strings.Join(members, ",")
	}
	t.Cleanup(g.stop)

	first := g.Nodes[0]
	out, err := command("mariadb-install-db", "--no-defaults", "--user=mysql", "--datadir="+filepath.Join(first.Dir, "data"),
		"--auth-root-authentication-method=normal", "--skip-test-db").CombinedOutput()
	if err != nil {
		t.Fatalf("cluster: mariadb-install-db: %v\n%s", err, out)
	}
	g.start(first, "--wsrep-new-cluster")
	g.waitSQL(first, 60*time.Second)
	// Over TCP root is root@127.0.0.1 when names are not resolved.
	g.exec(first, "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''",
		"GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION")
	// Joiners one at a time: each takes a full state transfer from a donor.
	for _, n := range g.Nodes[1:] {
		g.start(n)
		g.waitSQL(n, 90*time.Second)
	}
	g.WaitSynced(60 * time.Second)
	return g
}

// args are a node's mariadbd options (--no-defaults keeps the machine's own
// server configuration, port 3306, out of it).
func (n *GaleraNode) args(extra ...string) []string {
	a := []string{"--no-defaults", "--user=mysql",
		"--datadir=" + filepath.Join(n.Dir, "data"),
		"--socket=" + filepath.Join(n.Dir, "mysqld.sock"),
		"--pid-file=" + filepath.Join(n.Dir, "mysqld.pid"),
		"--log-error=" + n.Log(),
		"--bind-address=127.0.0.1", "--port=" + strconv.Itoa(n.Port),
		"--skip-name-resolve",
		"--innodb-buffer-pool-size=64M", "--innodb-log-file-size=32M", "--performance-schema=OFF",
		"--max-connections=400",
		"--binlog-format=ROW", "--innodb-autoinc-lock-mode=2", "--default-storage-engine=InnoDB",
		"--wsrep-on=ON", "--wsrep-provider=" + galeraProvider,
		"--wsrep-cluster-name=liaison-test",
		"--wsrep-cluster-address=" + n.cluster,
		fmt.Sprintf("--wsrep-node-name=node%d", n.N),
		fmt.Sprintf("--wsrep-node-address=127.0.0.1:%d", n.GroupPort),
		fmt.Sprintf("--wsrep-provider-options=base_host=127.0.0.1;base_port=%d;gmcast.listen_addr=tcp://127.0.0.1:%d;ist.recv_addr=127.0.0.1:%d",
			n.GroupPort, n.GroupPort, n.ISTPort),
		fmt.Sprintf("--wsrep-sst-receive-address=127.0.0.1:%d", n.SSTP),
		"--wsrep-sst-method=rsync",
	}
	return append(a, extra...)
}

func (g *Galera) start(n *GaleraNode, extra ...string) {
	g.t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	cmd := command("/usr/sbin/mariadbd", n.args(extra...)...)
	if err := cmd.Start(); err != nil {
		g.t.Fatalf("cluster: start node %d: %v", n.N, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	n.cmd, n.done = cmd, done
}

// Kill stops node i (1–3) with SIGKILL, as a crash would.
func (g *Galera) Kill(i int) {
	n := g.Nodes[i-1]
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil {
		return
	}
	_ = n.cmd.Process.Kill()
	<-n.done
	n.cmd = nil
}

var recovered = regexp.MustCompile(`Recovered position: ([0-9a-f-]+:-?[0-9]+)`)

// Rejoin restarts a killed node i with its data: --wsrep-recover finds the
// last position it committed, and starting from there lets the cluster
// send it only what it missed (IST) instead of everything (SST). It
// returns when the node is Synced again in a cluster of three.
func (g *Galera) Rejoin(i int, limit time.Duration) {
	g.t.Helper()
	n := g.Nodes[i-1]
	before, _ := os.ReadFile(n.Log())
	cmd := command("/usr/sbin/mariadbd", n.args("--wsrep-recover")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		g.t.Fatalf("cluster: node %d --wsrep-recover: %v\n%s\n%s", n.N, err, out, tail(n.Log(), 20))
	}
	after, _ := os.ReadFile(n.Log())
	var extra []string
	if m := recovered.FindAllStringSubmatch(string(after[len(before):]), -1); len(m) > 0 {
		extra = append(extra, "--wsrep-start-position="+m[len(m)-1][1])
	} else {
		g.t.Logf("cluster: node %d: no recovered position; it rejoins by full state transfer", n.N)
	}
	g.start(n, extra...)
	g.waitSQL(n, limit)
	g.WaitSynced(limit)
}

// WaitSynced waits until every running node says Synced in a cluster of
// as many nodes as are running.
func (g *Galera) WaitSynced(limit time.Duration) {
	g.t.Helper()
	var up []*GaleraNode
	for _, n := range g.Nodes {
		n.mu.Lock()
		if n.cmd != nil {
			up = append(up, n)
		}
		n.mu.Unlock()
	}
	for _, n := range up {
		waitFor(g.t, limit, fmt.Sprintf("Galera node %d Synced in a cluster of %d", n.N, len(up)), func() error {
			state, size, err := n.Status()
			if err != nil {
				return err
			}
			if state != "Synced" || size != len(up) {
				return fmt.Errorf("state %s, cluster size %d", state, size)
			}
			return nil
		})
	}
}

// Status is the node's wsrep_local_state_comment and wsrep_cluster_size.
func (n *GaleraNode) Status() (state string, size int, err error) {
	db, err := sql.Open("mysql", n.DSN(""))
	if err != nil {
		return "", 0, err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var name, sizeText string
	if err := db.QueryRowContext(ctx, "SHOW STATUS LIKE 'wsrep_local_state_comment'").Scan(&name, &state); err != nil {
		return "", 0, err
	}
	if err := db.QueryRowContext(ctx, "SHOW STATUS LIKE 'wsrep_cluster_size'").Scan(&name, &sizeText); err != nil {
		return "", 0, err
	}
	size, _ = strconv.Atoi(sizeText)
	return state, size, nil
}

// waitSQL waits until the node answers SQL (a joiner opens its port only
// after its state transfer), failing with the end of its log.
func (g *Galera) waitSQL(n *GaleraNode, limit time.Duration) {
	g.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		db, err := sql.Open("mysql", n.DSN(""))
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil {
			return
		}
		select {
		case <-n.done:
			g.t.Fatalf("cluster: node %d exited while starting:\n%s", n.N, tail(n.Log(), 30))
		default:
		}
		if time.Now().After(deadline) {
			g.t.Fatalf("cluster: node %d does not answer SQL within %s: %v\n%s", n.N, limit, err, tail(n.Log(), 30))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// exec runs statements on the node, failing the test on error.
func (g *Galera) exec(n *GaleraNode, statements ...string) {
	g.t.Helper()
	db, err := sql.Open("mysql", n.DSN(""))
	if err != nil {
		g.t.Fatalf("cluster: %v", err)
	}
	defer db.Close()
	for _, s := range statements {
		if _, err := db.Exec(s); err != nil {
			g.t.Fatalf("cluster: node %d: %s: %v", n.N, s, err)
		}
	}
}

func (g *Galera) stop() {
	for i, n := range g.Nodes {
		g.Kill(i + 1)
		if g.t.Failed() {
			g.t.Logf("cluster: Galera node %d log (end):\n%s", n.N, tail(n.Log(), 15))
		}
	}
}

// mysqlDirs makes each directory and hands it to the mysql user, which
// mariadbd and its rsync state transfer run as (as root, rsync drops to
// nobody and the joiner fails).
func mysqlDirs(dirs ...string) error {
	u, err := user.Lookup("mysql")
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if err := os.Chown(d, uid, gid); err != nil {
			return err
		}
	}
	return nil
}

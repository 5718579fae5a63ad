package testkit

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// SQLTap is a TCP forwarder to MySQL that keeps a copy of every statement
// the clients send (COM_QUERY). store.Open sends each statement with its
// arguments already in the text (interpolateParams), so what the tap keeps
// is the exact SQL the code ran, ready for EXPLAIN. It changes nothing on
// the server: other tests on the same MariaDB are not affected.
type SQLTap struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	stmts  []string
}

// NewSQLTap listens on a local port and forwards to the MySQL of BaseDSN
// until the test ends.
func NewSQLTap(t testing.TB) *SQLTap {
	t.Helper()
	cfg, err := mysql.ParseDSN(BaseDSN())
	if err != nil {
		t.Fatalf("testkit: LIAISON_TEST_MYSQL_DSN: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testkit: sql tap listen: %v", err)
	}
	tap := &SQLTap{ln: ln, target: cfg.Addr}
	go tap.accept()
	t.Cleanup(func() { ln.Close() })
	return tap
}

// DSN is dsn with its address replaced by the tap's.
func (tap *SQLTap) DSN(t testing.TB, dsn string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	cfg.Addr = tap.ln.Addr().String()
	return cfg.FormatDSN()
}

// Take returns the statements seen since the last Take, and forgets them.
func (tap *SQLTap) Take() []string {
	tap.mu.Lock()
	defer tap.mu.Unlock()
	out := tap.stmts
	tap.stmts = nil
	return out
}

func (tap *SQLTap) accept() {
	for {
		in, err := tap.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", tap.target)
		if err != nil {
			in.Close()
			continue
		}
		go func() {
			_, _ = io.Copy(in, out)
			in.Close()
			out.Close()
		}()
		go func() {
			tap.read(io.TeeReader(in, out))
			// Whatever is left still goes to the server.
			_, _ = io.Copy(out, in)
			in.Close()
			out.Close()
		}()
	}
}

// read follows the client's side of the MySQL protocol: packets of a 3-byte
// length, a sequence number and the payload. A command packet (sequence 0)
// whose first byte is COM_QUERY (3) carries the statement.
func (tap *SQLTap) read(r io.Reader) {
	br := bufio.NewReader(r)
	var head [4]byte
	for {
		if _, err := io.ReadFull(br, head[:]); err != nil {
			return
		}
		n := int(binary.LittleEndian.Uint32(append(head[:3:3], 0)))
		payload := make([]byte, n)
		if _, err := io.ReadFull(br, payload); err != nil {
			return
		}
		if head[3] == 0 && n > 1 && payload[0] == 3 {
			tap.mu.Lock()
			tap.stmts = append(tap.stmts, string(payload[1:]))
			tap.mu.Unlock()
		}
	}
}

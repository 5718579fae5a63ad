// Package devmode runs liaison with nothing installed but Go: an in-process
// MySQL-compatible server (dolthub/go-mysql-server, in memory) and an
// in-process Redis (alicebob/miniredis), both listening on 127.0.0.1 ports so
// that the service reaches them exactly as it reaches a real MySQL and Redis:
// through go-sql-driver/mysql and go-redis/asynq over TCP. Nothing else is
// stubbed: the migrations, the capabilities, the HTTP API and the asynq worker
// are the ones `liaison all` runs (see server/app).
//
// Dev mode lives in its own package and its own binary (cmd/liaison-dev)
// rather than as a `liaison dev` sub-command so that the production binary
// does not link the embedded engines: go-mysql-server alone brings a SQL
// parser, planner, optimizer, a WebAssembly runtime and gRPC into the build,
// which would add many megabytes and a large attack surface to every
// deployed `liaison` for a feature that production must never use.
//
// All data is kept in memory and lost when the process ends.
package devmode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"

	"github.com/alicebob/miniredis/v2"
	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/memory"
	"github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/sirupsen/logrus"
)

// DatabaseName is the database the embedded server holds.
const DatabaseName = "liaison"

// Options say where the embedded servers listen.
type Options struct {
	// MySQLPort and RedisPort are 127.0.0.1 ports; 0 picks a free one.
	MySQLPort int
	RedisPort int
	// EngineLog receives go-mysql-server's own errors as JSON lines (nil: discarded).
	EngineLog io.Writer
	// EngineWarnings adds its warnings, among them every query that failed.
	EngineWarnings bool

	lockWait time.Duration // LockWaitTimeout unless a test says otherwise
}

// Env is a pair of running embedded servers.
type Env struct {
	// DSN reaches the embedded MySQL-compatible server as go-sql-driver expects.
	DSN string
	// RedisAddr is miniredis's host:port.
	RedisAddr string
	MySQLPort int
	RedisPort int

	engine    *sqle.Engine
	sqlServer *server.Server
	sqlDone   chan struct{}
	redis     *miniredis.Miniredis
}

// Start starts go-mysql-server with an empty in-memory database named
// DatabaseName and miniredis, each on 127.0.0.1. Close stops both.
func Start(ctx context.Context, opt Options) (*Env, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	env := &Env{}
	if err := env.startMySQL(opt); err != nil {
		return nil, err
	}
	if err := env.startRedis(opt.RedisPort); err != nil {
		env.Close()
		return nil, err
	}
	return env, nil
}

func (e *Env) startMySQL(opt Options) error {
	// go-mysql-server logs through logrus's global logger: a line per
	// connection at Info, every failed query (a duplicate key the service
	// expects, too) at Warn. Keep its errors, or its warnings when asked.
	logrus.SetLevel(logrus.ErrorLevel)
	if opt.EngineWarnings {
		logrus.SetLevel(logrus.WarnLevel)
	}
	logrus.SetFormatter(&logrus.JSONFormatter{})
	if opt.EngineLog != nil {
		logrus.SetOutput(opt.EngineLog)
	} else {
		logrus.SetOutput(io.Discard)
	}

	db := memory.NewDatabase(DatabaseName)
	db.EnablePrimaryKeyIndexes()
	pro := memory.NewDBProvider(db)
	// A database made later with CREATE DATABASE gets primary key indexes too.
	pro.WithOption(memory.NativeIndexProvider(true))
	engine := sqle.NewDefault(pro)

	wait := opt.lockWait
	if wait <= 0 {
		wait = LockWaitTimeout
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(opt.MySQLPort)))
	if err != nil {
		return fmt.Errorf("devmode: embedded MySQL: %w", err)
	}
	srv, err := server.NewServerWithHandler(server.Config{Protocol: "tcp", Address: ln.Addr().String(), Listener: ln},
		engine, sql.NewContext, memory.NewSessionBuilder(pro), nil, serialize(wait))
	if err != nil {
		ln.Close()
		_ = engine.Close()
		return fmt.Errorf("devmode: embedded MySQL: %w", err)
	}
	e.engine, e.sqlServer, e.sqlDone = engine, srv, make(chan struct{})
	go func() {
		defer close(e.sqlDone)
		_ = srv.Start() // returns when the listener is closed
	}()
	e.MySQLPort = ln.Addr().(*net.TCPAddr).Port
	e.DSN = fmt.Sprintf("root@tcp(127.0.0.1:%d)/%s?parseTime=true&loc=UTC&charset=utf8mb4", e.MySQLPort, DatabaseName)
	return nil
}

func (e *Env) startRedis(port int) error {
	e.redis = miniredis.NewMiniRedis()
	if err := e.redis.StartAddr(net.JoinHostPort("127.0.0.1", strconv.Itoa(port))); err != nil {
		e.redis = nil
		return fmt.Errorf("devmode: embedded Redis: %w", err)
	}
	e.RedisAddr = e.redis.Addr()
	p, err := strconv.Atoi(e.redis.Port())
	if err != nil {
		return errors.New("devmode: embedded Redis: no port")
	}
	e.RedisPort = p
	return nil
}

// Close stops both servers; their data is gone.
func (e *Env) Close() {
	if e.redis != nil {
		e.redis.Close()
		e.redis = nil
	}
	if e.sqlServer != nil {
		_ = e.sqlServer.Close()
		<-e.sqlDone
		_ = e.engine.Close() // its background threads
		e.sqlServer, e.engine = nil, nil
	}
}

// Package jobs is the asynq side of liaison: task types and payloads, their
// handlers, the periodic jobs (all listed in periodic.go), and the worker's
// wiring. Handlers and jobs call capability functions; they hold no SQL of
// their own.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/registry"
)

// Queues and their priorities: notices people wait for go before reminders,
// which go before housekeeping.
var Queues = map[string]int{
	"critical": 6,
	"default":  3,
	"low":      1,
}

// PrefixedQueues is Queues with each name after prefix.
func PrefixedQueues(prefix string) map[string]int {
	out := make(map[string]int, len(Queues))
	for q, p := range Queues {
		out[prefix+q] = p
	}
	return out
}

// Config tunes the worker.
type Config struct {
	// Redis is one server, a cluster or a Sentinel master (config.RedisConn.Asynq).
	Redis       asynq.RedisConnOpt
	Concurrency int
	// QueuePrefix starts the name of every queue the worker serves ("t3-":
	// t3-critical, …), so that several tests, or deployments, can share
	// one Redis Cluster, where asynq's keys cannot be prefixed otherwise.
	// Empty in production: the queues are Queues. The enqueuer must use the
	// same prefix (NoticeQueue.Prefix).
	QueuePrefix string
	Logger      *slog.Logger
	// Notify is the notification engine whose notices the worker sends and sweeps.
	Notify *notify.Engine
	// Messages and Activities are the capabilities whose periodic jobs
	// (Periodic) the worker runs; nil leaves their jobs out.
	Messages   *messages.Service
	Activities *activities.Service
	// Audit keeps the audit log to its retention; nil leaves its job out.
	Audit *audit.Service
	// Identity's periodic job (console sign-in requests' cleanup); nil leaves it out.
	Identity *identity.Service
	// Registry checks and applies large deputies' imports; nil leaves them out.
	Registry *registry.Service
	// ScanInterval is how often the periodic jobs run.
	ScanInterval time.Duration
}

// Worker runs asynq's server with liaison's handlers, and the periodic scans
// that find in MySQL what Redis may have lost.
type Worker struct {
	cfg Config
	srv *asynq.Server
	mux *asynq.ServeMux
}

// NewWorker builds the worker.
func NewWorker(cfg Config) *Worker {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 10
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	srv := asynq.NewServer(cfg.Redis, asynq.Config{
		Concurrency:     cfg.Concurrency,
		Queues:          PrefixedQueues(cfg.QueuePrefix),
		ShutdownTimeout: 25 * time.Second,
		// When every queue is empty asynq looks again after about this long
		// (its default is a second, with jitter up to 1.5 s): a fan-out's
		// next chunk, or a single reply notice, is picked up within a tenth
		// of a second instead, for one cheap Redis call a tenth of a second
		// while idle.
		TaskCheckInterval: 100 * time.Millisecond,
		// A task fails here only for infrastructure (the provider's failures
		// are retried by the engine); a task of a crashed worker comes back
		// through this too. Retry soon, not after asynq's default minutes.
		RetryDelayFunc: func(n int, _ error, _ *asynq.Task) time.Duration {
			return min(time.Duration(1<<min(n, 6))*time.Second, time.Minute)
		},
		Logger: slogAdapter{cfg.Logger},
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
			cfg.Logger.Warn("task failed", slog.String("type", t.Type()), slog.Any("error", err))
		}),
	})
	if cfg.ScanInterval <= 0 {
		cfg.ScanInterval = time.Minute
	}
	mux := asynq.NewServeMux()
	if cfg.Notify != nil {
		mux.Handle(TypeSendNotice, HandleSendNotice(cfg.Notify))
		mux.Handle(TypeSendNotices, HandleSendNotices(cfg.Notify))
	}
	if cfg.Activities != nil {
		mux.Handle(TypeActivityFanOut, HandleFanOut(cfg.Activities))
	}
	if cfg.Registry != nil {
		mux.Handle(TypeDeputiesImport, HandleDeputiesImport(cfg.Registry))
	}
	return &Worker{cfg: cfg, srv: srv, mux: mux}
}

// Run processes tasks and runs the scans until ctx is done, then shuts down
// gracefully: in-flight tasks get ShutdownTimeout to finish.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.srv.Start(w.mux); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.scan(ctx)
	}()
	<-ctx.Done()
	<-done
	w.srv.Shutdown()
	return nil
}

// scan runs the periodic jobs (Config.Periodic) at once, then each when its
// interval has passed, looking every ScanInterval or every shortest
// interval, whichever is less.
func (w *Worker) scan(ctx context.Context) {
	list := w.cfg.Periodic()
	look := w.cfg.ScanInterval
	for _, j := range list {
		if j.Every > 0 && j.Every < look {
			look = j.Every
		}
	}
	tick := time.NewTicker(look)
	defer tick.Stop()
	for n := 0; ; n++ {
		runDue(ctx, w.cfg.Logger, list, look, n)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// slogAdapter lets asynq log through slog.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Debug(args ...any) { a.l.Debug(sprint(args), "component", "asynq") }
func (a slogAdapter) Info(args ...any)  { a.l.Info(sprint(args), "component", "asynq") }
func (a slogAdapter) Warn(args ...any)  { a.l.Warn(sprint(args), "component", "asynq") }
func (a slogAdapter) Error(args ...any) { a.l.Error(sprint(args), "component", "asynq") }
func (a slogAdapter) Fatal(args ...any) { a.l.Error(sprint(args), "component", "asynq", "fatal", true) }

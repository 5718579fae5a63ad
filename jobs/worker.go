// Package jobs is the asynq side of liaison: task types and payloads, their
// handlers, the periodic scans, and the worker's wiring. Handlers call
// capability functions; they hold no SQL of their own.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"github.com/liaison-stations/liaison/server/notify"
)

// Queues and their priorities: notices people wait for go before reminders,
// which go before housekeeping.
var Queues = map[string]int{
	"critical": 6,
	"default":  3,
	"low":      1,
}

// Config tunes the worker.
type Config struct {
	Redis       asynq.RedisClientOpt
	Concurrency int
	Logger      *slog.Logger
	// Notify is the notification engine whose notices the worker sends and sweeps.
	Notify *notify.Engine
	// ScanInterval is how often the periodic scans run.
	ScanInterval time.Duration
	// Scans are the capabilities' periodic scans of MySQL (due reminders,
	// overdue messages …), run after the notice sweep.
	Scans []Scan
}

// Scan is a periodic job over MySQL. It runs in every worker every
// ScanInterval, so it must be safe to run concurrently and repeatedly: what
// it causes are rows with dedupe keys, not sends.
type Scan struct {
	Name string
	Run  func(ctx context.Context) error
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
		Queues:          Queues,
		ShutdownTimeout: 25 * time.Second,
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

// scan runs the periodic scans at once and then every ScanInterval.
func (w *Worker) scan(ctx context.Context) {
	tick := time.NewTicker(w.cfg.ScanInterval)
	defer tick.Stop()
	for {
		if w.cfg.Notify != nil {
			res, err := w.cfg.Notify.Sweep(ctx)
			switch {
			case err != nil && ctx.Err() == nil:
				w.cfg.Logger.Warn("notify sweep failed", "error", err)
			case res != (notify.SweepResult{}):
				w.cfg.Logger.Info("notify sweep", "recovered", res.Recovered, "expired", res.Expired, "enqueued", res.Enqueued)
			}
		}
		for _, s := range w.cfg.Scans {
			if err := s.Run(ctx); err != nil && ctx.Err() == nil {
				w.cfg.Logger.Warn("scan failed", "scan", s.Name, "error", err)
			}
		}
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

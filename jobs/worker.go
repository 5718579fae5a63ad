// Package jobs is the asynq side of liaison: task types and payloads, their
// handlers, the periodic scans, and the worker's wiring. Handlers call
// capability functions; they hold no SQL of their own.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"
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
}

// Worker runs asynq's server with liaison's handlers.
type Worker struct {
	srv *asynq.Server
	mux *asynq.ServeMux
}

// NewWorker builds the worker. The handlers are registered by the
// capabilities' task files as they land; an empty mux is a valid worker.
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
		Logger:          slogAdapter{cfg.Logger},
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
			cfg.Logger.Warn("task failed", slog.String("type", t.Type()), slog.Any("error", err))
		}),
	})
	return &Worker{srv: srv, mux: asynq.NewServeMux()}
}

// Run processes tasks until ctx is done, then shuts down gracefully:
// in-flight tasks get ShutdownTimeout to finish.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.srv.Start(w.mux); err != nil {
		return err
	}
	<-ctx.Done()
	w.srv.Shutdown()
	return nil
}

// slogAdapter lets asynq log through slog.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Debug(args ...any) { a.l.Debug(sprint(args), "component", "asynq") }
func (a slogAdapter) Info(args ...any)  { a.l.Info(sprint(args), "component", "asynq") }
func (a slogAdapter) Warn(args ...any)  { a.l.Warn(sprint(args), "component", "asynq") }
func (a slogAdapter) Error(args ...any) { a.l.Error(sprint(args), "component", "asynq") }
func (a slogAdapter) Fatal(args ...any) { a.l.Error(sprint(args), "component", "asynq", "fatal", true) }

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/liaison-stations/liaison/jobs"
	"github.com/liaison-stations/liaison/server/api"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/wechat"
)

// runEnv is what every command starts from.
type runEnv struct {
	getenv     func(string) string
	stdout     io.Writer
	stderr     io.Writer
	configPath *string
}

// config loads and validates the configuration; an unsafe production
// configuration stops here with a message saying what to set.
func (e *runEnv) config() (config.Config, error) {
	cfg, err := config.Load(*e.configPath, e.getenv)
	if err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// app is the wired service.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	db       *store.DB
	redis    *redis.Client
	identity *identity.Service
	registry *registry.Service
}

// openDB wires what needs only MySQL (operator commands).
func (e *runEnv) openDB(ctx context.Context) (*app, error) {
	cfg, err := e.config()
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: newLogger(e.stderr, cfg.LogLevel)}
	store.SetDriverLogger(a.log)
	if a.db, err = store.Open(ctx, cfg.MySQLDSN); err != nil {
		return nil, fmt.Errorf("%w (run `liaison migrate up` first; is MySQL running?)", err)
	}
	a.redis = redis.NewClient(&redis.Options{Addr: cfg.RedisAddr, DB: cfg.RedisDB})
	if err := a.wire(); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// open wires the whole service and checks that MySQL has the schema and Redis answers.
func (e *runEnv) open(ctx context.Context) (*app, error) {
	a, err := e.openDB(ctx)
	if err != nil {
		return nil, err
	}
	st, err := store.Status(ctx, a.cfg.MySQLDSN)
	if err != nil || st.Dirty || st.Version < st.Latest {
		a.Close()
		return nil, fmt.Errorf("the database schema is not current (%+v, %v): run `liaison migrate up`", st, err)
	}
	if err := a.redis.Ping(ctx).Err(); err != nil {
		a.Close()
		return nil, fmt.Errorf("redis at %s: %w", a.cfg.RedisAddr, err)
	}
	return a, nil
}

func (a *app) wire() error {
	key, err := a.cfg.Key()
	if err != nil {
		return err
	}
	box, err := pii.NewBox(key)
	if err != nil {
		return err
	}
	var wx *wechat.Client
	if a.cfg.WeChat.AppID != "" && a.cfg.WeChat.Secret != "" {
		wx, err = wechat.New(wechat.Config{AppID: a.cfg.WeChat.AppID, Secret: a.cfg.WeChat.Secret, APIBase: a.cfg.WeChat.APIBase}, a.redis, "liaison:")
		if err != nil {
			return err
		}
	} else {
		a.log.Warn("no WeChat credentials: WeChat sign-in and station codes answer 503 (set LIAISON_WECHAT_APPID and LIAISON_WECHAT_SECRET)")
	}
	a.registry = registry.New(registry.Deps{DB: a.db, Box: box, WeChat: qrCoder(wx), StationPage: a.cfg.WeChat.StationPage, DefaultCheckinRadiusM: a.cfg.DefaultCheckinRadiusM})
	a.identity = identity.New(identity.Deps{DB: a.db, Registry: a.registry, WeChat: weChat(wx), SessionTTL: a.cfg.SessionTTL, InviteTTL: a.cfg.InviteTTL, DevLogin: a.cfg.DevLogin})
	return nil
}

// qrCoder and weChat keep a nil *wechat.Client a nil interface.
func qrCoder(wx *wechat.Client) registry.QRCoder {
	if wx == nil {
		return nil
	}
	return wx
}

func weChat(wx *wechat.Client) identity.WeChat {
	if wx == nil {
		return nil
	}
	return wx
}

func (a *app) Close() {
	if a.redis != nil {
		a.redis.Close()
	}
	if a.db != nil {
		a.db.Close()
	}
}

// serveHTTP serves the API until ctx is done, then drains requests.
func (a *app) serveHTTP(ctx context.Context) error {
	handler := api.New(api.Deps{Config: a.cfg, DB: a.db, Redis: a.redis, Logger: a.log, Clock: clock.System{}, Identity: a.identity, Registry: a.registry})
	srv := &http.Server{Addr: a.cfg.HTTPAddr, Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	a.log.Info("serving", slog.String("addr", a.cfg.HTTPAddr), slog.String("env", a.cfg.Env))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// runWorker runs the asynq worker until ctx is done.
func (a *app) runWorker(ctx context.Context) error {
	w := jobs.NewWorker(jobs.Config{
		Redis:       asynq.RedisClientOpt{Addr: a.cfg.RedisAddr, DB: a.cfg.RedisDB},
		Concurrency: a.cfg.Worker.Concurrency,
		Logger:      a.log,
	})
	a.log.Info("worker running", slog.Int("concurrency", a.cfg.Worker.Concurrency))
	return w.Run(ctx)
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

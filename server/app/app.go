// Package app wires liaison's pieces into a running service: the database,
// Redis, WeChat, the capabilities, the HTTP API and the worker. The liaison
// command and the development mode start the same wiring.
package app

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
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"

	"github.com/liaison-stations/liaison/jobs"
	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/api"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/console"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/sms"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/wechat"
)

// App is the wired service.
type App struct {
	Config config.Config
	Log    *slog.Logger
	DB     *store.DB
	// Redis is one server, a Redis Cluster or a Sentinel-managed master,
	// as redis_addr and redis_master_name say (config.ParseRedis).
	Redis      redis.UniversalClient
	Identity   *identity.Service
	Registry   *registry.Service
	Notify     *notify.Engine
	Messages   *messages.Service
	Activities *activities.Service
	// Audit reads the audit log for admins and keeps it to its retention.
	Audit *audit.Service
	// Consultations is 立法征询 (wire_consultations.go).
	Consultations *consultations.Service
	// Metrics gathers the API's and the worker's metrics (GET /metrics).
	Metrics *prometheus.Registry
	queue   *asynq.Client
	// redisConn reaches the same Redis as Redis, for asynq.
	redisConn asynq.RedisConnOpt
	// localSignIn answers sign-in and phone codes in place of WeChat (dev mode).
	localSignIn identity.WeChat
	// localCodes makes stations' and deputies' codes in place of WeChat (dev mode).
	localCodes registry.QRCoder
	// clock is the time every capability decides by (the system's unless WithClock).
	clock clock.Clock
}

// Option changes how Open and OpenDB wire the service.
type Option func(*App)

// WithLocalSignIn makes sign-in (code2session) and phone binding answer from
// w instead of WeChat when no WeChat credentials are configured: dev mode's
// stand-in, so that a mini program signs in against it by its normal code
// path. Production refuses it.
func WithLocalSignIn(w identity.WeChat) Option { return func(a *App) { a.localSignIn = w } }

// WithLocalCodes makes stations' and deputies' codes with c instead of
// WeChat when no WeChat credentials are configured (dev mode's plain QR
// codes). Production refuses it.
func WithLocalCodes(c registry.QRCoder) Option { return func(a *App) { a.localCodes = c } }

// WithClock makes every capability tell the time by c (tests move it).
func WithClock(c clock.Clock) Option { return func(a *App) { a.clock = c } }

// OpenDB wires what needs only MySQL (operator commands). logTo receives the JSON logs.
func OpenDB(ctx context.Context, cfg config.Config, logTo io.Writer, opts ...Option) (*App, error) {
	a := &App{Config: cfg, Log: NewLogger(logTo, cfg.LogLevel), Metrics: api.NewMetricsRegistry(), clock: clock.System{}}
	for _, o := range opts {
		o(a)
	}
	store.SetDriverLogger(a.Log)
	conn, err := cfg.Redis()
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if a.DB, err = store.Open(ctx, cfg.MySQLDSN); err != nil {
		return nil, fmt.Errorf("%w (run `liaison migrate up` first; is MySQL running?)", err)
	}
	a.Redis, a.redisConn = conn.NewClient(), conn.Asynq
	if err := a.wire(); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// Open wires the whole service and checks that MySQL has the schema and Redis answers.
func Open(ctx context.Context, cfg config.Config, logTo io.Writer, opts ...Option) (*App, error) {
	a, err := OpenDB(ctx, cfg, logTo, opts...)
	if err != nil {
		return nil, err
	}
	st, err := store.Status(ctx, a.Config.MySQLDSN)
	if err != nil || st.Dirty || st.Version < st.Latest {
		a.Close()
		return nil, fmt.Errorf("the database schema is not current (%+v, %v): run `liaison migrate up`", st, err)
	}
	if err := a.Redis.Ping(ctx).Err(); err != nil {
		a.Close()
		return nil, fmt.Errorf("redis at %s: %w", a.Config.RedisAddr, err)
	}
	return a, nil
}

func (a *App) wire() error {
	key, err := a.Config.Key()
	if err != nil {
		return err
	}
	box, err := pii.NewBox(key)
	if err != nil {
		return err
	}
	var wx *wechat.Client
	if a.Config.WeChat.AppID != "" && a.Config.WeChat.Secret != "" {
		wx, err = wechat.New(wechat.Config{AppID: a.Config.WeChat.AppID, Secret: a.Config.WeChat.Secret, APIBase: a.Config.WeChat.APIBase}, a.Redis, "liaison:")
		if err != nil {
			return err
		}
	} else {
		// One line for everything that WeChat's absence changes.
		signIn := "WeChat sign-in answers 503"
		if a.localSignIn != nil {
			signIn = "sign-in is answered locally (dev mode)"
		}
		codes := "station and deputy codes answer 503"
		if a.localCodes != nil {
			codes = "station and deputy codes are plain QR codes made locally (dev mode)"
		}
		a.Log.Warn("no WeChat credentials (set LIAISON_WECHAT_APPID and LIAISON_WECHAT_SECRET): " + signIn +
			"; " + codes + "; messages are not checked by WeChat content security and are flagged for review, and answers go on the public page unchecked; WeChat notices go to the log")
	}
	signIn := weChat(wx)
	if signIn == nil && a.localSignIn != nil {
		if a.Config.Production() {
			return errors.New("production refuses the local sign-in stand-in: configure WeChat credentials")
		}
		signIn = a.localSignIn
	}
	codes := qrCoder(wx)
	if codes == nil && a.localCodes != nil {
		if a.Config.Production() {
			return errors.New("production refuses the local code maker: configure WeChat credentials")
		}
		codes = a.localCodes
	}
	a.Audit = audit.New(audit.Deps{DB: a.DB, Clock: a.clock, Retention: a.Config.AuditRetention})
	a.Registry = registry.New(registry.Deps{DB: a.DB, Box: box, Clock: a.clock, WeChat: codes, StationPage: a.Config.WeChat.StationPage, DefaultCheckinRadiusM: a.Config.DefaultCheckinRadiusM,
		ImportLimits: registry.ImportLimits(a.Config.ImportLimits)})
	a.Identity = identity.New(identity.Deps{DB: a.DB, Registry: a.Registry, Clock: a.clock, WeChat: signIn, SessionTTL: a.Config.SessionTTL, InviteTTL: a.Config.InviteTTL, DevLogin: a.Config.DevLogin,
		Codes: identityCodes(wx), ConsoleIdle: a.Config.ConsoleIdle, ConsoleMaxAge: a.Config.ConsoleMaxAge})
	if err := a.wireNotify(box, wx); err != nil {
		return err
	}
	if err := a.wireMessages(box, wx); err != nil {
		return err
	}
	// Large deputies' imports of the console are checked and applied by the worker.
	a.Registry.SetImportQueue(jobs.ImportQueue{Client: a.queue})
	a.wireConsultations(box, wx)
	return a.wireActivities(box)
}

// wireNotify builds the notification engine: WeChat and SMS where
// credentials are configured, the log channel where not.
func (a *App) wireNotify(box *pii.Box, wx *wechat.Client) error {
	rules, err := notify.LoadRules(a.Config.NotificationsFile)
	if err != nil {
		return err
	}
	quiet, err := notify.ParseQuietHours(a.Config.QuietHours)
	if err != nil {
		return fmt.Errorf("LIAISON_QUIET_HOURS: %w", err)
	}
	var sender notify.SMSSender
	if a.Config.SMS.Provider == "tencent" {
		c := a.Config.SMS
		if sender, err = sms.NewTencent(sms.Config{SecretID: c.SecretID, SecretKey: c.SecretKey, SDKAppID: c.SDKAppID, Sign: c.Sign, Endpoint: c.Endpoint}); err != nil {
			return err
		}
	}
	var subscribe notify.WeChatSender
	if wx != nil {
		subscribe = wx
	}
	a.queue = asynq.NewClient(a.redisOpt())
	a.Notify = notify.New(notify.Deps{
		DB: a.DB, Box: box, Clock: a.clock, Rules: rules, TemplateIDs: a.Config.Templates.ByKey(),
		WeChat: subscribe, SMS: sender, Log: a.Log, Quiet: quiet, Metrics: a.Metrics, Users: a.Identity,
		Queue:   jobs.NoticeQueue{Client: a.queue},
		Limiter: notify.NewRedisLimiter(a.Redis, "liaison:rate:", rules.RateLimits),
	})
	return nil
}

// redisOpt is how asynq reaches Redis (config.ParseRedis made it beside
// a.Redis, from the same settings).
func (a *App) redisOpt() asynq.RedisConnOpt { return a.redisConn }

// qrCoder and weChat keep a nil *wechat.Client a nil interface.
func qrCoder(wx *wechat.Client) registry.QRCoder {
	if wx == nil {
		return nil
	}
	return wx
}

func identityCodes(wx *wechat.Client) identity.QRCoder {
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

func (a *App) Close() {
	if a.queue != nil {
		a.queue.Close()
	}
	if a.Redis != nil {
		a.Redis.Close()
	}
	if a.DB != nil {
		a.DB.Close()
	}
}

// ServeHTTP serves the API until ctx is done, then drains requests.
func (a *App) ServeHTTP(ctx context.Context) error {
	srv := &http.Server{Addr: a.Config.HTTPAddr, Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	a.Log.Info("serving", slog.String("addr", a.Config.HTTPAddr), slog.String("env", a.Config.Env))
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

// Run serves the API and runs the worker in one process until ctx is done
// (liaison all, dev mode); when one stops with an error the other stops too.
func (a *App) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.ServeHTTP(ctx) })
	g.Go(func() error { return a.RunWorker(ctx) })
	return g.Wait()
}

// RunWorkerAlone runs the worker of `liaison worker`: with no API beside it,
// it serves its own /metrics and /healthz on worker.metrics_addr.
func (a *App) RunWorkerAlone(ctx context.Context) error {
	addr := a.Config.Worker.MetricsAddr
	if addr == "" {
		return a.RunWorker(ctx)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(a.Metrics, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("worker metrics on %s: %w", addr, err)
		}
		return nil
	})
	g.Go(func() error {
		err := a.RunWorker(ctx)
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
		return err
	})
	return g.Wait()
}

// Handler serves the HTTP API, a page at / pointing at the rest and, under
// /console/, the office's console.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", a.apiHandler())
	mux.HandleFunc("GET /{$}", api.Index) // the service's own page, not part of the API
	con := console.New(console.Deps{Config: a.Config, Log: a.Log, Clock: a.clock, Identity: a.Identity,
		Registry: a.Registry, Messages: a.Messages, Activities: a.Activities, Notify: a.Notify, Audit: a.Audit, Redis: a.Redis,
		Consultations: a.Consultations})
	mux.Handle("/console", con)
	mux.Handle("/console/", con)
	return mux
}

func (a *App) apiHandler() http.Handler {
	return api.New(api.Deps{Config: a.Config, DB: a.DB, Redis: a.Redis, Logger: a.Log, Clock: a.clock,
		Identity: a.Identity, Registry: a.Registry, Notify: a.Notify, Messages: a.Messages, Activities: a.Activities, Audit: a.Audit, Metrics: a.Metrics, Consultations: a.Consultations,
		Queues: asynqmon.New(asynqmon.Options{RootPath: "/admin/queues", RedisConnOpt: a.redisOpt()})})
}

// RunWorker runs the asynq worker until ctx is done.
func (a *App) RunWorker(ctx context.Context) error {
	w := jobs.NewWorker(jobs.Config{
		Redis:        a.redisOpt(),
		Concurrency:  a.Config.Worker.Concurrency,
		Logger:       a.Log,
		Notify:       a.Notify,
		ScanInterval: a.Config.ScanInterval,
		Messages:     a.Messages,
		Activities:   a.Activities,
		Audit:        a.Audit,
		Identity:     a.Identity,
		Registry:     a.Registry,
	})
	a.Log.Info("worker running", slog.Int("concurrency", a.Config.Worker.Concurrency))
	return w.Run(ctx)
}

func NewLogger(w io.Writer, level string) *slog.Logger {
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

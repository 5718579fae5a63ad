// Package api is the HTTP transport: the gin router, middleware, handlers,
// error mapping and the OpenAPI document. Handlers are thin: they decode,
// call a capability with the caller's Principal, and encode.
package api

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/liaison-stations/liaison/server/activities"
	"github.com/liaison-stations/liaison/server/audit"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/config"
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/messages"
	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/store"
)

// Deps are what the API is built from.
type Deps struct {
	Config     config.Config
	DB         *store.DB
	Redis      redis.UniversalClient
	Logger     *slog.Logger
	Clock      clock.Clock
	Identity   *identity.Service
	Registry   *registry.Service
	Notify     *notify.Engine
	Messages   *messages.Service
	Activities *activities.Service
	Audit      *audit.Service
	// Consultations is 立法征询; nil leaves its routes out.
	Consultations *consultations.Service
	// Metrics is where /metrics gathers from; nil makes a registry of the API's own.
	Metrics *prometheus.Registry
	// Queues is asynqmon, mounted at /admin/queues for admins; nil leaves it out.
	Queues http.Handler
}

// Server is the HTTP API: its Deps, with New's defaults filled in.
type Server struct {
	Deps
	gatherer prometheus.Gatherer
	engine   *gin.Engine
	limits   *limiter
}

func init() { gin.SetMode(gin.ReleaseMode) }

// New builds the router with every route of the OpenAPI document.
func New(d Deps) *Server {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Audit == nil && d.DB != nil {
		d.Audit = audit.New(audit.Deps{DB: d.DB, Clock: d.Clock})
	}
	reg := d.Metrics
	if reg == nil {
		reg = NewMetricsRegistry()
	}
	s := &Server{Deps: d, gatherer: reg, engine: gin.New(), limits: newLimiter(d.Redis)}
	m := newMetrics(reg)

	e := s.engine
	e.HandleMethodNotAllowed = true
	// The client address (per-IP limits, the receipt allow-list) is the TCP
	// peer unless the peer is a trusted proxy; Config.Validate checked the list.
	proxies, _ := d.Config.Proxies()
	_ = e.SetTrustedProxies(proxies)
	maxBody := d.Config.MaxBodyBytes
	if maxBody <= 0 {
		maxBody = config.Defaults().MaxBodyBytes
	}
	e.Use(withRequestID(d.Logger), accessLog(), recovery(), m.middleware(), securityHeaders(), limitBody(maxBody))
	e.NoRoute(func(c *gin.Context) { fail(c, errNoRoute) })
	e.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, errorBody{Error: errorDetail{Code: "method_not_allowed", Message: "不支持的请求方法"}})
	})

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))

	v1 := e.Group("/api/v1", s.authenticate)
	v1.GET("/meta", s.meta)
	v1.GET("/openapi.yaml", serveOpenAPI)
	s.mountIdentity(v1)
	s.mountRegistry(v1)
	s.mountDeputyCodes(v1)
	s.mountNotify(e, v1)
	s.mountMessages(v1)
	s.mountActivities(e, v1)
	s.mountAudit(v1)
	s.mountConsultations(v1)
	return s
}

// NewMetricsRegistry is a Prometheus registry with the Go runtime's and the
// process's collectors, for the API and the worker of one process to share.
func NewMetricsRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

// Routes lists method and path of every route, for the OpenAPI check.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

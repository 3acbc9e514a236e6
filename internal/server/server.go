// Package server is Warta's HTTP front: it mounts the capability packages'
// routes on one ServeMux and wraps them with what every request needs —
// logging, metrics, panic recovery, security headers, cross-origin
// protection — plus /healthz, /readyz and /metrics.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kominfo-jatim/warta/internal/clientip"
)

// ErrorPage renders a site-styled error page.
type ErrorPage func(w http.ResponseWriter, r *http.Request, status int, message string)

// Config is what the server needs from the application.
type Config struct {
	Logger   *slog.Logger
	Ready    func(ctx context.Context) error // checked by /readyz
	Error    ErrorPage
	Registry *prometheus.Registry
	// Cache, when set, wraps everything behind metrics and logging, so a
	// cached page skips routing and the other middleware entirely.
	Cache func(http.Handler) http.Handler
	// CrossOriginBypass lists ServeMux patterns that other servers post to
	// (webhooks, ActivityPub inboxes, one-click unsubscribe); they prove
	// themselves with signatures or tokens instead.
	CrossOriginBypass []string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For gives
	// the client's address to rate limits, logs and the audit log.
	TrustedProxies clientip.Trusted
}

// Server routes and wraps every HTTP request.
type Server struct {
	Mux      *http.ServeMux
	cfg      Config
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	routes   sync.Map // route pattern → *routeStats
}

// New returns a server with the operational endpoints mounted.
func New(cfg Config) *Server {
	s := &Server{Mux: http.NewServeMux(), cfg: cfg}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
		s.cfg.Registry = cfg.Registry
	}
	cfg.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "warta_http_requests_total", Help: "HTTP requests by route pattern and status code.",
	}, []string{"route", "code"})
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "warta_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	cfg.Registry.MustRegister(s.requests, s.duration)

	s.Mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	s.Mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if cfg.Ready != nil {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			defer cancel()
			if err := cfg.Ready(ctx); err != nil {
				cfg.Logger.Warn("not ready", "err", err)
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte("database unavailable\n"))
				return
			}
		}
		w.Write([]byte("ready\n"))
	})
	s.Mux.Handle("GET /metrics", promhttp.HandlerFor(cfg.Registry, promhttp.HandlerOpts{}))
	// Every path no package claims gets the site's own 404 page.
	s.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.cfg.Error(w, r, http.StatusNotFound, "Halaman yang Anda cari tidak ada atau sudah dipindahkan.")
	})
	return s
}

// Registry returns the metrics registry, for packages that add their own.
func (s *Server) Registry() *prometheus.Registry { return s.cfg.Registry }

// Handler returns the whole middleware chain around the mux.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	for _, p := range s.cfg.CrossOriginBypass {
		cop.AddInsecureBypassPattern(p)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.cfg.Error(w, r, http.StatusForbidden, "Permintaan lintas situs ditolak. Muat ulang halaman lalu kirim kembali formulirnya.")
	}))
	h := s.recover(cop.Handler(s.headers(s.Mux)))
	if s.cfg.Cache != nil {
		h = s.cfg.Cache(h)
	}
	return s.cfg.TrustedProxies.Middleware(s.observe(h))
}

// headers sets the security headers every response carries.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		next.ServeHTTP(w, r)
	})
}

// recover turns a panic into the 500 page and a log line with the stack.
func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.cfg.Logger.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				s.cfg.Error(w, r, http.StatusInternalServerError, "")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// observe logs and counts every request by its route pattern.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		route := r.Pattern
		if route == "" {
			// The page cache answered before any route matched.
			route = "cached"
		}
		m := s.routeMetrics(route)
		m.codes[statusIndex(sw.status)].Inc()
		m.duration.Observe(d.Seconds())
		level := slog.LevelDebug
		if sw.status >= 500 {
			level = slog.LevelError
		}
		if s.cfg.Logger.Enabled(r.Context(), level) {
			s.cfg.Logger.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path,
				"status", sw.status, "duration_ms", float64(d.Microseconds())/1000, "bytes", sw.bytes)
		}
	})
}

// routeStats are one route's metrics, resolved once: looking labels up on
// every request would cost more than serving a cached page.
type routeStats struct {
	codes    [5]prometheus.Counter
	duration prometheus.Observer
}

func (s *Server) routeMetrics(route string) *routeStats {
	if m, ok := s.routes.Load(route); ok {
		return m.(*routeStats)
	}
	m := &routeStats{duration: s.duration.WithLabelValues(route)}
	for i, class := range []string{"1xx", "2xx", "3xx", "4xx", "5xx"} {
		m.codes[i] = s.requests.WithLabelValues(route, class)
	}
	actual, _ := s.routes.LoadOrStore(route, m)
	return actual.(*routeStats)
}

// statusIndex maps a status code to its class: 0 for 1xx … 4 for 5xx.
func statusIndex(code int) int {
	if code < 100 || code > 599 {
		return 4
	}
	return code/100 - 1
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(p)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

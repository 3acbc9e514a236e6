// Package app assembles a running Warta from its configuration: storage,
// media, the page cache, the portal and the HTTP server. cmd/warta and the
// end-to-end tests both start Warta through it, so tests run the real thing.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kominfo-jatim/warta/internal/api"
	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/clinicchat"
	"github.com/kominfo-jatim/warta/internal/clinicweb"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/contestweb"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/sharecard"
	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/httpcache"
	"github.com/kominfo-jatim/warta/internal/httperr"
	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/opendata"
	"github.com/kominfo-jatim/warta/internal/portal"
	"github.com/kominfo-jatim/warta/internal/server"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/studio"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// App is one Warta node.
type App struct {
	cfg      config.Config
	log      *slog.Logger
	DB       *store.DB
	Media    *media.Library
	Cache    *httpcache.Cache
	Portal   *portal.Portal
	Auth     *auth.Service
	Mail     mail.Sender
	Newsroom *newsroom.Service
	API      *api.API
	// Dissemination delivers published articles to every channel.
	Dissemination *dissemination.Engine
	Channels      *Channels
	// Contests runs the content competitions (pages come next).
	Contests *contest.Service
	// OpenData publishes datasets, the CKAN API and the statistics page.
	OpenData *opendata.Service
	// ContestWeb is the public and participant side of the contests.
	ContestWeb *contestweb.Web
	// Clinic is the hoax clinic; ClinicWeb its public pages and
	// ClinicChat its WhatsApp and Telegram doors.
	Clinic     *clinic.Service
	ClinicWeb  *clinicweb.Web
	ClinicChat *clinicchat.Chat
	Studio     *studio.Studio
	server     *server.Server

	ln     net.Listener
	http   *http.Server
	cancel context.CancelFunc
	done   chan struct{}

	demoLoaded bool // demo content went into an empty database at this start
}

// OpenDB opens and migrates the configured database with Warta's Indonesian
// analyser, for commands that need storage without a server. log, which
// may be nil, hears of long migrations.
func OpenDB(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DatabaseTarget(), store.Options{Analyze: indonesian.New().Terms, Logger: log})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// New opens storage, loads demo content when asked, binds the listen address
// and builds the HTTP handlers. Serving starts with Start.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	var err error
	switch {
	case cfg.SecretKey != "":
	case cfg.Demo:
		if cfg.SecretKey, err = demoSecretKey(cfg.DataDir); err != nil {
			return nil, err
		}
		log.Warn("demo: kunci rahasia dibuat di direktori data; di produksi setel WARTA_SECRET_KEY", "file", filepath.Join(cfg.DataDir, demoSecretFile))
	default:
		// A data directory a demo made, served again without --demo: what
		// the demo sealed opens only with its key.
		if key, ok := DemoSecretKey(cfg.DataDir); ok {
			cfg.SecretKey = key
			log.Warn("memakai kunci rahasia demo dari direktori data; di produksi setel WARTA_SECRET_KEY", "file", filepath.Join(cfg.DataDir, demoSecretFile))
		}
	}
	a := &App{cfg: cfg, log: log, done: make(chan struct{})}
	a.DB, err = OpenDB(ctx, cfg, log)
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	a.Media = media.New(cfg.MediaDir())
	if cfg.Demo {
		if err := a.loadDemo(ctx); err != nil {
			a.DB.Close()
			return nil, err
		}
	}
	a.ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		a.DB.Close()
		return nil, fmt.Errorf("app: listen on %s: %w", cfg.Addr, err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + a.ln.Addr().String()
		a.cfg.BaseURL = cfg.BaseURL
	}
	a.Cache = httpcache.New(int64(cfg.CacheMB)<<20, time.Minute)
	a.DB.OnChange(a.Cache.Purge)
	if err := a.newsroom(cfg, log); err != nil {
		a.Close()
		return nil, err
	}
	if a.demoLoaded {
		if err := a.Clinic.LoadDemo(ctx); err != nil {
			a.Close()
			return nil, fmt.Errorf("app: demo clinic: %w", err)
		}
	}
	clinicSite := clinic.Site{Name: cfg.SiteName, BaseURL: cfg.BaseURL}

	a.Portal, err = portal.New(portal.Config{
		DB:          a.DB,
		Analyzer:    indonesian.New(),
		Site:        feed.Site{Name: cfg.SiteName, BaseURL: cfg.BaseURL, Language: "id", Hub: a.websubHub(ctx)},
		Now:         cfg.Now(),
		Logger:      log,
		ExtraJSONLD: a.Clinic.ArticleJSONLD(clinicSite),
	})
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	reg := prometheus.NewRegistry()
	// Downloads stream and the JSON API pages deep; neither belongs in memory.
	a.Cache.Skip = func(r *http.Request) bool {
		return !cacheable(r.URL.Path) || opendata.Uncached(r.URL.Path) || clinicweb.Uncached(r.URL.Path)
	}
	proxies, _ := clientip.Parse(cfg.TrustedProxies) // checked by config.Validate
	a.server = server.New(server.Config{Logger: log, Ready: a.DB.Ping, Error: a.errorPage, Registry: reg,
		Cache: a.Cache.Middleware, CrossOriginBypass: crossOriginBypass, TrustedProxies: proxies})
	a.registerMetrics(reg)
	reg.MustRegister(a.Dissemination.Collectors()...)

	public := http.NewServeMux()
	a.Portal.Routes(public)
	public.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.Portal.Error(w, r, http.StatusNotFound, "Halaman yang Anda cari tidak ada atau sudah dipindahkan.")
	})
	a.server.Mux.Handle("GET /", public)
	a.server.Mux.Handle("GET /media/", a.Media.Handler())
	public.Handle("GET /kartu/{file}", sharecard.Handler(a.liveArticle, cfg.SiteName))
	a.mountChannels(cfg, log)
	a.ClinicWeb, err = clinicweb.New(clinicweb.Config{Clinic: a.Clinic, Layout: a.Portal.Page, Regions: a.DB.Regions,
		Site: clinicSite, Office: clinicOffice, PrivacyEmail: privacyEmail(cfg),
		Retention: cfg.ClinicRetention, SecretKey: cfg.SecretKey, Now: cfg.Now(), Logger: log,
		TelegramBot: clinicchat.BotUsername(a.channel("telegram"))})
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	a.ClinicWeb.PublicRoutes(public)
	a.ClinicWeb.ReportRoutes(a.server.Mux)

	// The API answers every method under /api/ itself (404 and 405 as
	// problem+json) and never passes through the page cache.
	a.Contests, err = contest.New(contest.Config{DB: a.DB, Files: media.New(filepath.Join(cfg.DataDir, "lomba")),
		Mailer: a.Mail, BaseURL: cfg.BaseURL, Newsroom: a.Newsroom, Now: cfg.Now(), Logger: log})
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	a.ContestWeb, err = contestweb.New(contestweb.Config{Contests: a.Contests, Layout: a.Portal.Page, Regions: a.DB.Regions,
		Logger: log, SecureCookies: strings.HasPrefix(cfg.BaseURL, "https://")})
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	// On the server mux, not the GET-only public one: entries are POSTed.
	a.ContestWeb.PublicRoutes(a.server.Mux)
	a.ContestWeb.ParticipantRoutes(a.server.Mux)
	a.API = api.New(api.Config{Newsroom: a.Newsroom, Auth: a.Auth, DB: a.DB, Logger: log, BaseURL: cfg.BaseURL,
		Deliveries: a.Dissemination, Contests: a.Contests, Clinic: a.Clinic})
	apiMux := http.NewServeMux()
	a.API.Routes(apiMux)
	apiHandler := a.Auth.Middleware(apiMux)
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		a.server.Mux.Handle(m+" /api/", apiHandler)
	}

	// The studio: staff pages behind sign-in, the staff CSP and the
	// two-factor enrolment gate. Registered per method, as "/studio/" alone
	// would collide with the portal's "GET /".
	outbox, _ := a.Mail.(*mail.Outbox) // nil when SMTP is configured
	a.Studio, err = studio.New(studio.Config{Newsroom: a.Newsroom, Auth: a.Auth, DB: a.DB, Media: a.Media,
		Outbox: outbox, Logger: log, Now: cfg.Now(), SiteName: cfg.SiteName, BaseURL: cfg.BaseURL,
		Dissemination: a.Dissemination, Contests: a.Contests, Clinic: a.Clinic})
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	studioMux := http.NewServeMux()
	a.Studio.Routes(studioMux)
	studioHandler := a.Auth.Middleware(auth.CSP(a.Auth.EnrolGate("/studio/2fa", studioMux, "/studio/logout", "/studio/static/")))
	for _, m := range []string{"GET", "HEAD", "POST"} {
		a.server.Mux.Handle(m+" /studio/", studioHandler)
	}
	a.server.Mux.Handle("GET /studio", http.RedirectHandler("/studio/", http.StatusMovedPermanently))

	a.OpenData, err = opendata.New(opendata.Config{
		DB: a.DB, BaseURL: cfg.BaseURL, SiteName: cfg.SiteName,
		Publisher: opendata.Publisher{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur",
			URL: "https://kominfo.jatimprov.go.id"},
		PublicPage: a.Portal.Page, StudioPage: a.Studio.Page, PublicError: a.Portal.Error,
		OnChange: a.Cache.Purge, Now: cfg.Now(), Logger: log,
	})
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	if err := a.OpenData.RegisterLomba(a.Contests); err != nil {
		a.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	a.OpenData.PublicRoutes(public)
	a.OpenData.CKANRoutes(apiMux)
	a.OpenData.StudioRoutes(studioMux)

	a.http = &http.Server{
		Handler:           a.server.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return a, nil
}

func (a *App) registerMetrics(reg *prometheus.Registry) {
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "warta_page_cache_hits_total", Help: "Responses served from the page cache."},
			func() float64 { return float64(a.Cache.Hits.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "warta_page_cache_misses_total", Help: "Responses rendered because the page cache had none."},
			func() float64 { return float64(a.Cache.Misses.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "warta_page_cache_entries", Help: "Responses held in the page cache."},
			func() float64 { return float64(a.Cache.Len()) }),
	)
}

// websubHub is the hub of the configured WebSub channel, announced in every
// feed as rel="hub" so that readers subscribe there. A changed hub is
// announced after a restart.
func (a *App) websubHub(ctx context.Context) string {
	ch, err := a.Dissemination.OpenChannelByKind(ctx, "websub")
	if err != nil || ch == nil {
		return ""
	}
	return ch.Settings["hub"]
}

// liveArticle loads a published article for its share card.
func (a *App) liveArticle(ctx context.Context, id string) (*warta.Article, error) {
	art, err := a.DB.ArticleByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !art.Live() {
		return nil, warta.Errorf(warta.ENotFound, "Artikel tidak ditemukan.")
	}
	return art, nil
}

// errorPage answers errors in the caller's language: problem+json for the
// API, the site's own page for everyone else.
func (a *App) errorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		api.WriteStatusProblem(w, r, status, message)
		return
	}
	a.Portal.Error(w, r, status, message)
}

// cacheable reports whether a path is public and the same for every reader.
// Staff pages and APIs depend on who asks; health and metrics must be live;
// media files carry their own long-lived caching.
func cacheable(path string) bool {
	if contestweb.Personal(path) {
		return false
	}
	for _, p := range []string{"/studio", "/api/", "/healthz", "/readyz", "/metrics", "/media/", "/webhooks/"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// newsroom builds the staff side: mail, accounts and the editorial
// workflow with its scheduler.
func (a *App) newsroom(cfg config.Config, log *slog.Logger) error {
	var err error
	a.Mail, err = mail.New(mail.Config{Host: cfg.SMTPHost, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, From: cfg.SMTPFrom}, a.DB)
	if err != nil {
		return fmt.Errorf("app: mail: %w", err)
	}
	now := cfg.Now()
	a.Channels, err = BuildChannels(context.Background(), cfg, a.DB, a.Mail, log)
	if err != nil {
		return err
	}
	a.Dissemination, err = dissemination.New(dissemination.Config{DB: a.DB, Registry: a.Channels.Registry,
		Site: dissemination.Site{Name: cfg.SiteName, BaseURL: cfg.BaseURL}, SecretKey: cfg.SecretKey,
		Logger: log, Now: now, MediaURL: media.URL})
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	if err := a.buildClinic(context.Background(), cfg, log); err != nil {
		return err
	}
	a.Newsroom, err = newsroom.New(newsroom.Config{DB: a.DB, Now: now, Logger: log, DatabaseURL: cfg.DatabaseTarget(),
		Disseminator: a.Dissemination,
		Jobs: []newsroom.Jobs{{Queues: a.Dissemination.Queues(), Add: a.Dissemination.AddWorkers},
			{Queues: a.Clinic.Queues(), Add: a.Clinic.AddWorkers, Periodic: a.Clinic.PeriodicJobs()}}})
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	a.Auth = auth.New(auth.Config{
		DB: a.DB, Now: now, Logger: log, RequireTOTP: cfg.RequireTOTP, SecretKey: cfg.SecretKey,
		Issuer: cfg.SiteName, Mailer: a.Mail, BaseURL: cfg.BaseURL,
		SecureCookies: strings.HasPrefix(cfg.BaseURL, "https://"),
		OnError: func(w http.ResponseWriter, r *http.Request, err error) {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				api.WriteProblem(w, r, err)
				return
			}
			a.Portal.Error(w, r, httperr.Status(err), warta.ErrorMessage(err))
		},
		Audit: func(ctx context.Context, actor, action, objectType, objectID, detail, ip string) {
			entry := &warta.AuditEntry{At: now(), Actor: actor, Action: action, ObjectType: objectType, ObjectID: objectID, Detail: detail, IP: ip}
			if err := a.DB.RecordAudit(ctx, entry); err != nil {
				log.Warn("audit", "err", err)
			}
		},
	})
	return nil
}

// URL is the base URL the node answers on.
func (a *App) URL() string { return "http://" + a.ln.Addr().String() }

// Config returns the configuration in force, with derived values filled in.
func (a *App) Config() config.Config { return a.cfg }

// Start serves HTTP in the background and, with PostgreSQL, listens for
// other nodes' changes.
func (a *App) Start(ctx context.Context) error {
	bg, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	if err := a.Dissemination.Start(ctx); err != nil {
		cancel()
		return fmt.Errorf("app: %w", err)
	}
	if err := a.Newsroom.Start(ctx); err != nil {
		cancel()
		return fmt.Errorf("app: %w", err)
	}
	// Another node's publication empties this node's page cache and
	// brings its verdicts and articles into this node's clinic matcher.
	go a.DB.ListenChanges(bg, a.cfg.DatabaseTarget(), func() {
		a.Cache.Purge()
		a.Clinic.RefreshSoon() // in the background: the next purge must not wait for it
	})
	go func() {
		defer close(a.done)
		if err := a.http.Serve(a.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("http server stopped", "err", err)
		}
	}()
	a.log.Info("Warta siap", "url", a.URL(), "database", string(a.DB.Dialect()), "base_url", a.cfg.BaseURL)
	return nil
}

// Close shuts down gracefully: in-flight requests finish (up to the
// configured timeout), then storage closes.
func (a *App) Close() error {
	if a.cancel != nil {
		a.cancel()
	}
	var err error
	if a.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
		defer cancel()
		err = a.http.Shutdown(ctx)
		if a.cancel != nil {
			<-a.done
		} else {
			a.ln.Close()
		}
	} else if a.ln != nil {
		a.ln.Close()
	}
	stopCtx, stopCancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	a.Newsroom.Stop(stopCtx)
	a.Dissemination.Stop(stopCtx)
	stopCancel()
	a.Channels.Close()
	if cerr := a.DB.Close(); err == nil {
		err = cerr
	}
	return err
}

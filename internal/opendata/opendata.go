package opendata

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// PageFunc writes a page body inside a site's frame: the portal's Page for
// public pages, the studio's Page for staff pages.
type PageFunc func(w http.ResponseWriter, r *http.Request, status int, title string, body template.HTML)

// Config is what the open-data service needs from the application.
type Config struct {
	DB       *store.DB
	BaseURL  string // the public site, absolute: links in the CSV, DCAT and CKAN answers
	SiteName string // "Warta Jatim"
	// Publisher publishes the built-in datasets and the catalog.
	Publisher Publisher
	// PublicPage and StudioPage frame the HTML pages; PublicError is the
	// portal's error page.
	PublicPage  PageFunc
	StudioPage  PageFunc
	PublicError func(w http.ResponseWriter, r *http.Request, status int, message string)
	// OnChange runs after an import is published (the page cache purges).
	OnChange func()
	Now      func() time.Time
	Logger   *slog.Logger
	// BatchSize is how many rows a CSV download reads per query (1000).
	BatchSize int
	// StatsTTL is how long counts for /statistik and the datasets' last
	// modified times are reused (10 minutes).
	StatsTTL time.Duration
	// MaxUploadBytes bounds an imported CSV file (8 MiB).
	MaxUploadBytes int64
}

// Service is Warta's open data: the catalog and its datasets, their CSV
// and JSON, the DCAT catalog, the CKAN-compatible API, imports and the
// public statistics page.
type Service struct {
	db          *store.DB
	sql         *sql.DB
	baseURL     string
	siteName    string
	publisher   Publisher
	framePublic PageFunc
	frameStudio PageFunc
	errorPage   func(w http.ResponseWriter, r *http.Request, status int, message string)
	onChange    func()
	now         func() time.Time
	log         *slog.Logger
	batch       int
	maxUpload   int64
	memo        *memo
	tmpl        *template.Template

	mu       sync.RWMutex
	datasets []*Dataset // registered in code, in catalog order
	stats    []Stat
}

// Defaults.
const (
	defaultBatch     = 1000
	defaultStatsTTL  = 10 * time.Minute
	defaultMaxUpload = 8 << 20
)

// New builds the service with the built-in datasets (tahapan, wilayah,
// artikel, distribusi when dissemination's tables exist, and the clinic's)
// and the statistics, the hoax clinic's included.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil {
		return nil, errors.New("opendata: no database")
	}
	if cfg.PublicPage == nil || cfg.StudioPage == nil {
		return nil, errors.New("opendata: no page frames")
	}
	// Downloads, DCAT and CKAN answers carry absolute links.
	if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("opendata: base URL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	s := &Service{
		db: cfg.DB, sql: cfg.DB.SQL(), baseURL: strings.TrimRight(cfg.BaseURL, "/"), siteName: cfg.SiteName,
		publisher: cfg.Publisher, framePublic: cfg.PublicPage, frameStudio: cfg.StudioPage, errorPage: cfg.PublicError,
		onChange: cfg.OnChange, now: cfg.Now, log: cfg.Logger, batch: cfg.BatchSize, maxUpload: cfg.MaxUploadBytes,
	}
	if s.siteName == "" {
		s.siteName = "Warta Jatim"
	}
	if s.publisher.Name == "" {
		s.publisher = Publisher{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur",
			URL: "https://kominfo.jatimprov.go.id"}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.batch <= 0 {
		s.batch = defaultBatch
	}
	if s.maxUpload <= 0 {
		s.maxUpload = defaultMaxUpload
	}
	if s.errorPage == nil {
		s.errorPage = func(w http.ResponseWriter, r *http.Request, status int, message string) {
			http.Error(w, message, status)
		}
	}
	ttl := cfg.StatsTTL
	if ttl <= 0 {
		ttl = defaultStatsTTL
	}
	s.memo = newMemo(ttl, s.now)
	var err error
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, fmt.Errorf("opendata: %w", err)
	}
	for _, d := range s.builtins() {
		if err := s.Register(d); err != nil {
			return nil, err
		}
	}
	s.registerStats()
	return s, nil
}

// Register adds a dataset to the catalog, after those already there. Other
// capabilities add theirs this way (the clinic's verdicts and statistics,
// the contests' results): a Dataset with its dictionary, filters and a
// Source that pages through its rows. See the package documentation.
func (s *Service) Register(d Dataset) error {
	if !warta.ValidSlug(d.Slug) || d.Slug == "catalog" {
		return fmt.Errorf("opendata: register %q: not a valid slug", d.Slug)
	}
	if d.Title == "" || d.Source == nil || len(d.Columns) == 0 {
		return fmt.Errorf("opendata: register %q: title, columns and source are required", d.Slug)
	}
	if d.Licence.ID == "" {
		d.Licence = CCBY4
	}
	if d.Publisher.Name == "" {
		d.Publisher = s.publisher
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.datasets {
		if o.Slug == d.Slug {
			return fmt.Errorf("opendata: register %q: already registered", d.Slug)
		}
	}
	s.datasets = append(s.datasets, &d)
	return nil
}

// registered returns the dataset registered under slug, or nil.
func (s *Service) registered(slug string) *Dataset {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, d := range s.datasets {
		if d.Slug == slug {
			return d
		}
	}
	return nil
}

// Dataset returns the dataset with the slug, registered or imported, or an
// ENotFound error.
func (s *Service) Dataset(ctx context.Context, slug string) (*Dataset, error) {
	if d := s.registered(slug); d != nil {
		return d, nil
	}
	d, err := s.importedDataset(ctx, slug)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, warta.Errorf(warta.ENotFound, "Dataset %q tidak ada di katalog.", slug)
	}
	return d, nil
}

// Datasets returns the whole catalog: registered datasets in their order,
// then imported ones by title.
func (s *Service) Datasets(ctx context.Context) ([]*Dataset, error) {
	s.mu.RLock()
	out := append([]*Dataset(nil), s.datasets...)
	s.mu.RUnlock()
	imported, err := s.importedDatasets(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, imported...), nil
}

// modified is a dataset's last change, remembered for the stats TTL since
// some sources must scan to know it. Errors count as unknown.
func (s *Service) modified(ctx context.Context, d *Dataset) time.Time {
	v, err := s.memo.get(ctx, "modified:"+d.Slug, func(ctx context.Context) (any, error) {
		return d.Source.Modified(ctx)
	})
	if err != nil {
		s.log.Warn("opendata: last modified", "dataset", d.Slug, "err", err)
		return time.Time{}
	}
	return v.(time.Time)
}

// abs makes a site path absolute.
func (s *Service) abs(path string) string { return s.baseURL + path }

// q runs a query written with ? placeholders.
func (s *Service) q(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.sql.QueryContext(ctx, s.db.Rebind(query), args...)
}

// changed tells the page caches, here and on other nodes, that public data
// changed.
func (s *Service) changed() {
	if s.onChange != nil {
		s.onChange()
	}
	s.memo.purge("modified:") // imports change no statistic
	if s.db.Dialect() == store.Postgres {
		// The store's channel for content changes (store.notifyNodes):
		// every node's page cache listens on it.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if _, err := s.sql.ExecContext(ctx, "SELECT pg_notify('warta_changed', '')"); err != nil {
			s.log.Warn("opendata: notify other nodes", "err", err)
		}
	}
}

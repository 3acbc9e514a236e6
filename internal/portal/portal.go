// Package portal is the public news site citizens read: the home page with
// its headlines and the election's current stage, the index, the region,
// stage, source and tag sections, article pages, Indonesian search, the
// election timeline, feeds, sitemaps and robots.txt.
//
// Pages are rendered on the server from templates embedded in the binary and
// parsed once, and work without JavaScript. The package does not cache: the
// server wraps Routes in its page cache, which gives ETags, 304s and gzip.
package portal

import (
	"github.com/kominfo-jatim/warta/internal/assets"

	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Config is what the portal needs from the server that mounts it.
type Config struct {
	DB       *store.DB
	Analyzer *indonesian.Analyzer // for search snippets; the DB searches with the same one
	Site     feed.Site            // Name "Warta Jatim", absolute BaseURL, Language "id"
	Now      func() time.Time     // the clock; tests and demos may fix it
	Logger   *slog.Logger
	// ExtraJSONLD, when set, is asked for more JSON-LD for each article
	// page: the hoax clinic answers a Cek Fakta article with its
	// ClaimReview. nil bytes add nothing; an error is logged and the page
	// is served without it.
	ExtraJSONLD func(ctx context.Context, a *warta.Article) ([]byte, error)
}

// Portal serves the public site.
type Portal struct {
	db       *store.DB
	analyzer *indonesian.Analyzer
	site     feed.Site
	now      func() time.Time
	log      *slog.Logger
	extraLD  func(ctx context.Context, a *warta.Article) ([]byte, error)

	pages  map[string]*template.Template // by page name: "home", "article", …
	assets *assets.Set
}

// New checks the configuration and parses the embedded templates once.
func New(cfg Config) (*Portal, error) {
	if cfg.DB == nil {
		return nil, errors.New("portal: no database")
	}
	if err := checkBaseURL(cfg.Site.BaseURL); err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	p := &Portal{
		db:       cfg.DB,
		analyzer: cfg.Analyzer,
		site:     cfg.Site,
		now:      cfg.Now,
		log:      cfg.Logger,
		extraLD:  cfg.ExtraJSONLD,
	}
	p.site.BaseURL = strings.TrimRight(p.site.BaseURL, "/")
	if p.site.Name == "" {
		p.site.Name = "Warta Jatim"
	}
	if p.site.Language == "" {
		p.site.Language = "id"
	}
	if p.analyzer == nil {
		p.analyzer = indonesian.New()
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.log == nil {
		p.log = slog.Default()
	}
	var err error
	if p.assets, err = assets.Load(staticFS, "static", "/static/"); err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	if p.pages, err = parseTemplates(p.funcs()); err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	return p, nil
}

// abs makes a site path absolute for canonical links, feeds and cards.
func (p *Portal) abs(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return p.site.BaseURL + path
}

// checkBaseURL refuses a base URL that is not absolute http(s): canonical
// links, feeds and OpenGraph tags must be absolute.
func checkBaseURL(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("site base URL %q: %w", base, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("site base URL %q is not an absolute http(s) URL", base)
	}
	return nil
}

package portal

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// sitemapBatch is how many articles one query loads for a monthly sitemap;
// a month is read in batches so that no query binds tens of thousands of ids.
const sitemapBatch = 5000

const xmlType = "application/xml; charset=utf-8"

// sitemapIndexShow serves /sitemap.xml: the sections sitemap, the news
// sitemap and one sitemap per month with stories.
func (p *Portal) sitemapIndexShow(w http.ResponseWriter, r *http.Request) error {
	months, err := p.db.ArticleMonths(r.Context())
	if err != nil {
		return fmt.Errorf("portal: sitemap index: %w", err)
	}
	body, err := feed.SitemapIndex(p.site, months, []string{p.abs("/sitemap-bagian.xml"), p.abs("/sitemap-news.xml")})
	if err != nil {
		return fmt.Errorf("portal: sitemap index: %w", err)
	}
	return write(w, xmlType, body)
}

// sitemapSectionsShow serves /sitemap-bagian.xml: the home page, the index,
// the timeline and every region, stage and source page.
func (p *Portal) sitemapSectionsShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	urls := []feed.SitemapURL{
		{Loc: p.abs("/"), ChangeFreq: "hourly", Priority: 1},
		{Loc: p.abs("/indeks"), ChangeFreq: "hourly", Priority: 0.8},
		{Loc: p.abs("/jadwal"), ChangeFreq: "daily", Priority: 0.8},
	}
	regions, err := p.db.Regions(ctx)
	if err != nil {
		return fmt.Errorf("portal: sections sitemap: %w", err)
	}
	for _, reg := range regions {
		urls = append(urls, feed.SitemapURL{Loc: p.abs("/wilayah/" + reg.Slug), ChangeFreq: "daily", Priority: 0.6})
	}
	els, err := p.db.Elections(ctx)
	if err != nil {
		return fmt.Errorf("portal: sections sitemap: %w", err)
	}
	for _, e := range els {
		for _, s := range e.Stages {
			urls = append(urls, feed.SitemapURL{Loc: p.abs("/tahapan/" + s.Slug), ChangeFreq: "daily", Priority: 0.5})
		}
	}
	agencies, err := p.db.Agencies(ctx)
	if err != nil {
		return fmt.Errorf("portal: sections sitemap: %w", err)
	}
	for _, a := range agencies {
		urls = append(urls, feed.SitemapURL{Loc: p.abs("/sumber/" + a.Slug), ChangeFreq: "daily", Priority: 0.5})
	}
	body, err := feed.Sitemap(urls)
	if err != nil {
		return fmt.Errorf("portal: sections sitemap: %w", err)
	}
	return write(w, xmlType, body)
}

// sitemapNewsShow serves the Google News sitemap: stories of the last 48
// hours.
func (p *Portal) sitemapNewsShow(w http.ResponseWriter, r *http.Request) error {
	now := p.now()
	page, err := p.db.ListArticles(r.Context(), warta.ArticleFilter{
		From: now.Add(-feed.NewsWindow), To: now.Add(time.Second), Limit: feed.MaxNewsItems,
	})
	if err != nil {
		return fmt.Errorf("portal: news sitemap: %w", err)
	}
	body, err := feed.NewsSitemap(p.site, page.Articles, now)
	if err != nil {
		return fmt.Errorf("portal: news sitemap: %w", err)
	}
	return write(w, xmlType, body)
}

// sitemapMonthShow serves a monthly sitemap, /sitemap-2024-02.xml: the
// stories first published that month in WIB. Any other one-segment path
// that reaches it is a 404.
func (p *Portal) sitemapMonthShow(w http.ResponseWriter, r *http.Request) error {
	notFound := warta.Errorf(warta.ENotFound, "")
	from, ok := parseSitemapMonth(r.PathValue("file"))
	if !ok {
		return notFound
	}
	filter := warta.ArticleFilter{From: from, To: from.AddDate(0, 1, 0), Limit: sitemapBatch}
	var urls []feed.SitemapURL
	for len(urls) < feed.MaxSitemapURLs {
		page, err := p.db.ListArticles(r.Context(), filter)
		if err != nil {
			return fmt.Errorf("portal: sitemap %s: %w", r.PathValue("file"), err)
		}
		for _, a := range page.Articles {
			mod := a.UpdatedAt
			if mod.Before(a.PublishedAt) {
				mod = a.PublishedAt
			}
			urls = append(urls, feed.SitemapURL{Loc: p.abs(a.Path()), LastMod: mod})
		}
		if page.Next == nil {
			break
		}
		filter.After = page.Next
	}
	if len(urls) == 0 {
		return notFound
	}
	if len(urls) > feed.MaxSitemapURLs {
		urls = urls[:feed.MaxSitemapURLs]
	}
	body, err := feed.Sitemap(urls)
	if err != nil {
		return fmt.Errorf("portal: sitemap %s: %w", r.PathValue("file"), err)
	}
	return write(w, xmlType, body)
}

// parseSitemapMonth reads "sitemap-2024-02.xml" as the first instant of
// that month in WIB.
func parseSitemapMonth(file string) (time.Time, bool) {
	s, ok := strings.CutPrefix(file, "sitemap-")
	if !ok {
		return time.Time{}, false
	}
	if s, ok = strings.CutSuffix(s, ".xml"); !ok || len(s) != len("2006-01") || s[4] != '-' {
		return time.Time{}, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || y < 2000 || m < 1 || m > 12 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, warta.Jakarta), true
}

// robotsShow serves /robots.txt.
func (p *Portal) robotsShow(w http.ResponseWriter, r *http.Request) error {
	return write(w, "text/plain; charset=utf-8", feed.Robots(p.site))
}

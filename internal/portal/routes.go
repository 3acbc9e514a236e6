package portal

import "net/http"

// Routes registers every public page, feed and file of the portal on mux.
// It is the one table of the portal's URLs.
func (p *Portal) Routes(mux *http.ServeMux) {
	h := p.handle
	mux.Handle("GET /{$}", h(p.homeShow))
	mux.Handle("GET /indeks", h(p.indexShow))
	mux.Handle("GET /cari", h(p.searchShow))
	mux.Handle("GET /jadwal", h(p.scheduleShow))
	mux.Handle("GET /berita/{year}/{month}/{day}/{slug}", h(p.articleShow))

	mux.Handle("GET /wilayah/{slug}", h(p.sectionShow(regionSection)))
	mux.Handle("GET /tahapan/{slug}", h(p.sectionShow(stageSection)))
	mux.Handle("GET /sumber/{slug}", h(p.sectionShow(agencySection)))
	mux.Handle("GET /tag/{slug}", h(p.sectionShow(tagSection)))

	mux.Handle("GET /feed.xml", h(p.feedShow(siteSection, formatRSS)))
	mux.Handle("GET /feed.atom", h(p.feedShow(siteSection, formatAtom)))
	mux.Handle("GET /feed.json", h(p.feedShow(siteSection, formatJSON)))
	mux.Handle("GET /wilayah/{slug}/feed.xml", h(p.feedShow(regionSection, formatRSS)))
	mux.Handle("GET /wilayah/{slug}/feed.atom", h(p.feedShow(regionSection, formatAtom)))
	mux.Handle("GET /wilayah/{slug}/feed.json", h(p.feedShow(regionSection, formatJSON)))
	mux.Handle("GET /tahapan/{slug}/feed.xml", h(p.feedShow(stageSection, formatRSS)))
	mux.Handle("GET /tahapan/{slug}/feed.atom", h(p.feedShow(stageSection, formatAtom)))
	mux.Handle("GET /tahapan/{slug}/feed.json", h(p.feedShow(stageSection, formatJSON)))
	mux.Handle("GET /sumber/{slug}/feed.xml", h(p.feedShow(agencySection, formatRSS)))
	mux.Handle("GET /sumber/{slug}/feed.atom", h(p.feedShow(agencySection, formatAtom)))
	mux.Handle("GET /sumber/{slug}/feed.json", h(p.feedShow(agencySection, formatJSON)))
	mux.Handle("GET /tag/{slug}/feed.xml", h(p.feedShow(tagSection, formatRSS)))
	mux.Handle("GET /tag/{slug}/feed.atom", h(p.feedShow(tagSection, formatAtom)))
	mux.Handle("GET /tag/{slug}/feed.json", h(p.feedShow(tagSection, formatJSON)))

	mux.Handle("GET /sitemap.xml", h(p.sitemapIndexShow))
	mux.Handle("GET /sitemap-bagian.xml", h(p.sitemapSectionsShow))
	mux.Handle("GET /sitemap-news.xml", h(p.sitemapNewsShow))
	mux.Handle("GET /robots.txt", h(p.robotsShow))
	// ServeMux wildcards are whole segments, so the monthly sitemaps
	// (/sitemap-2024-02.xml) are matched by the one-segment pattern and
	// anything else of one segment gets the portal's 404 page.
	mux.Handle("GET /{file}", h(p.sitemapMonthShow))

	mux.Handle("GET /static/{name}", http.HandlerFunc(p.staticShow))
}

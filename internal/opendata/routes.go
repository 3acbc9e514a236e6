package opendata

import (
	"net/http"
	"strings"
)

// PublicRoutes registers the public pages and downloads on the portal's
// mux: the catalog, each dataset's page, CSV and JSON, the DCAT catalog and
// the statistics page. ServeMux wildcards are whole segments, so
// /data/{slug}.csv and /data/{slug}.json share one pattern.
//
//	GET /data                   catalog, ?q= searches it
//	GET /data/catalog.jsonld    DCAT catalog (JSON-LD)
//	GET /data/{slug}            dataset page
//	GET /data/{slug}.csv        CSV download, streamed; the dataset's filters and ?versi=N; not page-cached
//	GET /data/{slug}.json       JSON API: filters, ?limit=, ?cursor=, ?versi=N; not page-cached
//	GET /statistik              public statistics, SVG charts with tables
func (s *Service) PublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /data", s.page(s.catalogShow))
	mux.Handle("GET /data/{file}", http.HandlerFunc(s.dataFile))
	mux.Handle("GET /statistik", s.page(s.statsShow))
}

// CKANRoutes registers the CKAN-compatible read API on the newsroom API's
// mux (beside api.Routes), which the server mounts per method under /api/.
// Not on the server's mux: there, any "GET /api/3/…" pattern conflicts
// with the "HEAD /api/" it registers, since GET patterns also match HEAD.
//
//	GET  /api/3                                  {"version": 3}
//	GET  /api/3/action/package_list              ?limit= &offset=
//	GET  /api/3/action/package_show?id=          id or name
//	GET  /api/3/action/package_search?q=&rows=&start=&sort=&fq=
//	GET  /api/3/action/help_show?name=
//	POST /api/3/action/{action}                  the same, parameters as a JSON object or form
func (s *Service) CKANRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/3", s.ckanVersion)
	mux.HandleFunc("GET /api/3/action/{action}", s.ckanAction)
	mux.HandleFunc("POST /api/3/action/{action}", s.ckanAction)
}

// StudioRoutes registers the administrators' import pages on the studio's
// mux, which signs staff in (auth.Middleware) and sets the staff CSP.
//
//	GET  /studio/data                          imported datasets and their versions
//	GET  /studio/data/impor                    upload form (?dataset= for a new version)
//	POST /studio/data/impor                    check the file: errors, or keep it and preview
//	GET  /studio/data/impor/{id}               preview of a checked file
//	POST /studio/data/impor/{id}/terbitkan     publish it as a new version
//	POST /studio/data/impor/{id}/batal         discard it
func (s *Service) StudioRoutes(mux *http.ServeMux) {
	mux.Handle("GET /studio/data", s.admin(s.studioList))
	mux.Handle("GET /studio/data/impor", s.admin(s.importForm))
	mux.Handle("POST /studio/data/impor", s.admin(s.importCheck))
	mux.Handle("GET /studio/data/impor/{id}", s.admin(s.importPreview))
	mux.Handle("POST /studio/data/impor/{id}/terbitkan", s.admin(s.importPublish))
	mux.Handle("POST /studio/data/impor/{id}/batal", s.admin(s.importDiscard))
}

// Uncached reports the paths the page cache must pass through: CSV
// downloads stream datasets of any size, which the cache would hold in
// memory whole, and JSON API pages are endless variations (every filter
// and cursor) that would push the site's pages out of it. Both carry their
// own Cache-Control for browsers and proxies.
func Uncached(path string) bool {
	return strings.HasPrefix(path, "/data/") && (strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".json"))
}

// dataFile sends /data/{file} to the catalog, a download or a page.
func (s *Service) dataFile(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	switch {
	case file == "catalog.jsonld":
		if err := s.catalogJSONLD(w, r); err != nil {
			s.apiError(w, r, err)
		}
	case strings.HasSuffix(file, ".csv"):
		if err := s.datasetCSV(w, r, strings.TrimSuffix(file, ".csv")); err != nil {
			s.apiError(w, r, err)
		}
	case strings.HasSuffix(file, ".json"):
		if err := s.datasetJSON(w, r, strings.TrimSuffix(file, ".json")); err != nil {
			s.apiError(w, r, err)
		}
	default:
		s.page(func(w http.ResponseWriter, r *http.Request) error { return s.datasetShow(w, r, file) }).ServeHTTP(w, r)
	}
}

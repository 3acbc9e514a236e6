package clinicweb

import (
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/webpage"
)

// Paths of the clinic's pages.
const (
	reportPath      = "/klinik"
	ticketPrefix    = "/klinik/tiket/"
	archivePath     = "/cek-fakta"
	rssPath         = "/cek-fakta/feed.xml"
	atomPath        = "/cek-fakta/atom.xml"
	claimReviewPath = "/cek-fakta/claimreview.json"
)

// PublicRoutes mounts the pages that are the same for every reader and may
// be cached: the archive of verdicts, its feeds, the ClaimReview export
// (which streams and should skip the page cache, see Uncached) and the
// stylesheet. They are GET only, so the app's GET-only public mux may
// hold them.
func (web *Web) PublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+archivePath, web.pages.Public(web.archiveShow))
	mux.Handle("GET "+rssPath, web.pages.Public(web.feedRSS))
	mux.Handle("GET "+atomPath, web.pages.Public(web.feedAtom))
	mux.Handle("GET "+claimReviewPath, web.pages.Public(web.claimReviewExport))
	mux.HandleFunc("GET "+stylePath, webpage.ServeCSS(stylesheet))
}

// ReportRoutes mounts the report form, which is POSTed (the server guards
// it against cross-origin requests), and the ticket pages. Every answer is
// Cache-Control: no-store, private.
func (web *Web) ReportRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+reportPath, web.pages.Private(web.reportShow))
	mux.Handle("POST "+reportPath, web.pages.Private(web.reportSubmit))
	mux.Handle("GET "+ticketPrefix+"{code}", web.pages.Private(web.ticketShow))
}

// Uncached reports whether the page cache must skip a path: the form and
// ticket pages under /klinik, which are never the same twice, and the
// ClaimReview export, which streams every verdict and may outgrow the
// cache's largest entry.
func Uncached(path string) bool {
	return path == reportPath || strings.HasPrefix(path, reportPath+"/") || path == claimReviewPath
}

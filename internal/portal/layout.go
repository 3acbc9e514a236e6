package portal

import (
	"html/template"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// layout is what every page's frame needs: the head's metadata and the
// header's state. Page views embed it.
type layout struct {
	Site        feed.Site
	Title       string // the page's own title, without the site name
	Description string
	Canonical   string // absolute
	Alternates  []alternate
	OG          []metaTag // <meta property=…>
	Twitter     []metaTag // <meta name=…>
	JSONLD      template.JS
	ExtraJSONLD []template.JS // more JSON-LD documents, each in its own script element
	CSS         string        // content-hashed stylesheet URL
	JS          string        // content-hashed script URL, only on pages that use it
	Query       string        // the search box's value
	NoIndex     bool
	Nav         string // the current main navigation item: "beranda", "indeks", "jadwal"
	Year        int
}

// alternate is a <link rel="alternate"> to a feed.
type alternate struct {
	Type, Title, Href string
}

// metaTag is one OpenGraph or Twitter card property.
type metaTag struct {
	Key, Content string
}

// newLayout starts a page's frame.
func (p *Portal) newLayout(r *http.Request, title string) layout {
	l := layout{
		Site:  p.site,
		Title: title,
		CSS:   p.assets.URL("app.css"),
		Year:  p.now().In(warta.Jakarta).Year(),
	}
	switch {
	case r.URL.Path == "/":
		l.Nav = "beranda"
	case r.URL.Path == "/indeks":
		l.Nav = "indeks"
	case r.URL.Path == "/jadwal":
		l.Nav = "jadwal"
	case r.URL.Path == "/wilayah/jawa-timur":
		l.Nav = "jatim"
	}
	if r.URL.Path == "/cari" {
		l.Query, _ = cleanQuery(r.URL.Query().Get("q"))
	}
	return l
}

// feedAlternates lists a channel's three feeds for the page head.
func (p *Portal) feedAlternates(title, feedPath string) []alternate {
	return []alternate{
		{Type: "application/rss+xml", Title: title + " (RSS)", Href: p.abs(feedPath + feed.ExtRSS)},
		{Type: "application/atom+xml", Title: title + " (Atom)", Href: p.abs(feedPath + feed.ExtAtom)},
		{Type: "application/feed+json", Title: title + " (JSON Feed)", Href: p.abs(feedPath + feed.ExtJSON)},
	}
}

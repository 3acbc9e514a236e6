package clinicweb

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The archive's feeds carry the newest verdicts. They are written here
// rather than by internal/feed because a verdict's link need not be an
// article of this site: an imported verdict links to where it was
// published. Conventions follow internal/feed: absolute links, times in
// WIB, every text through encoding/xml.

// feedItems is how many of the newest verdicts a feed carries.
const feedItems = 50

const (
	feedTitle       = "Cek Fakta"
	feedDescription = "Hasil pemeriksaan fakta atas kabar yang beredar: hoaks, disinformasi, misinformasi dan fakta."
)

// latest returns the newest verdicts for a feed.
func (web *Web) latest(r *http.Request) ([]*clinic.Verdict, error) {
	page, err := web.cl.Verdicts(r.Context(), clinic.VerdictFilter{Limit: feedItems})
	if err != nil {
		return nil, err
	}
	return page.Verdicts, nil
}

// abs makes a verdict's link absolute against the site.
func (web *Web) abs(u string) string {
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return web.cfg.Site.BaseURL + u
}

// itemSummary is a verdict's summary in a feed: the label and the claim.
func itemSummary(v *clinic.Verdict) string {
	claim := strings.TrimSpace(v.ClaimReviewed)
	if claim == "" {
		claim = v.Title
	}
	return "Label: " + v.Label + ". Klaim: " + claim
}

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	NSAtom  string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string      `xml:"title"`
	Link          string      `xml:"link"`
	Description   string      `xml:"description"`
	Language      string      `xml:"language"`
	LastBuildDate string      `xml:"lastBuildDate,omitempty"`
	Self          rssAtomLink `xml:"atom:link"`
	Items         []rssItem   `xml:"item"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	Description string  `xml:"description"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Category    string  `xml:"category"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// feedRSS is GET /cek-fakta/feed.xml: the newest verdicts as RSS 2.0.
func (web *Web) feedRSS(w http.ResponseWriter, r *http.Request) error {
	vs, err := web.latest(r)
	if err != nil {
		return err
	}
	ch := rssChannel{Title: web.cfg.Site.Name + ": " + feedTitle, Link: web.abs(archivePath), Description: feedDescription,
		Language: "id", Self: rssAtomLink{Href: web.abs(rssPath), Rel: "self", Type: "application/rss+xml"}, Items: []rssItem{}}
	if len(vs) > 0 {
		ch.LastBuildDate = vs[0].PublishedAt.In(warta.Jakarta).Format(time.RFC1123Z)
	}
	for _, v := range vs {
		link := web.abs(v.URL)
		ch.Items = append(ch.Items, rssItem{Title: v.Heading(), Link: link, Description: itemSummary(v),
			GUID: rssGUID{IsPermaLink: "true", Value: link}, PubDate: v.PublishedAt.In(warta.Jakarta).Format(time.RFC1123Z), Category: v.Label})
	}
	return writeXML(w, "application/rss+xml; charset=utf-8", rssDoc{Version: "2.0", NSAtom: "http://www.w3.org/2005/Atom", Channel: ch})
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Link      atomLink     `xml:"link"`
	Summary   string       `xml:"summary"`
	Category  atomCategory `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// feedAtom is GET /cek-fakta/atom.xml: the newest verdicts as Atom 1.0.
func (web *Web) feedAtom(w http.ResponseWriter, r *http.Request) error {
	vs, err := web.latest(r)
	if err != nil {
		return err
	}
	updated := web.now()
	if len(vs) > 0 {
		updated = vs[0].PublishedAt
	}
	f := atomFeed{Lang: "id", ID: web.abs(atomPath), Title: web.cfg.Site.Name + ": " + feedTitle, Sub: feedDescription,
		Updated: rfc3339(updated), Author: atomPerson{Name: web.cfg.Site.Name},
		Links: []atomLink{{Href: web.abs(archivePath), Rel: "alternate", Type: "text/html"},
			{Href: web.abs(atomPath), Rel: "self", Type: "application/atom+xml"}}}
	for _, v := range vs {
		link := web.abs(v.URL)
		f.Entries = append(f.Entries, atomEntry{ID: link, Title: v.Heading(), Updated: rfc3339(v.PublishedAt),
			Published: rfc3339(v.PublishedAt), Link: atomLink{Href: link, Rel: "alternate", Type: "text/html"},
			Summary: itemSummary(v), Category: atomCategory{Term: v.Label}})
	}
	return writeXML(w, "application/atom+xml; charset=utf-8", f)
}

func rfc3339(t time.Time) string { return t.In(warta.Jakarta).Format(time.RFC3339) }

// writeXML writes v as an indented XML document.
func writeXML(w http.ResponseWriter, ctype string, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("clinicweb: feed: %w", err)
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(buf.Bytes())
	return nil
}

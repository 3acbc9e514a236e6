package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Namespaces used by the RSS feed.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
)

// encoding/xml cannot declare a prefix itself, so the prefixed names below
// ("atom:link", "dc:creator") are written literally and the matching xmlns
// attributes sit on the root element.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string        `xml:"title"`
	Link          string        `xml:"link"`
	Description   string        `xml:"description"`
	Language      string        `xml:"language"`
	LastBuildDate string        `xml:"lastBuildDate,omitempty"`
	Links         []rssAtomLink `xml:"atom:link"`
	Items         []rssItem     `xml:"item"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	Description string        `xml:"description"`
	Content     string        `xml:"content:encoded,omitempty"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Creator     string        `xml:"dc:creator,omitempty"`
	Categories  []string      `xml:"category"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// RSS renders channel c with items as an RSS 2.0 document. Item descriptions
// are the dek (or a summary of the body) as entity-encoded HTML, as RSS 2.0
// defines; the full body goes in content:encoded. The lead image is an
// enclosure of unknown length (0), which RSS readers accept.
func RSS(s Site, c Channel, items []*warta.Article, img MediaURL) ([]byte, error) {
	u, err := urlsFor(s, c, ExtRSS)
	if err != nil {
		return nil, fmt.Errorf("feed: rss: %w", err)
	}
	ch := rssChannel{
		Title:       c.Title,
		Link:        u.home,
		Description: c.Description,
		Language:    s.lang(),
		Links:       []rssAtomLink{{Href: u.feed, Rel: "self", Type: "application/rss+xml"}},
		Items:       make([]rssItem, 0, len(items)),
	}
	if t := updated(c, items); !t.IsZero() {
		ch.LastBuildDate = rfc1123z(t)
	}
	if s.Hub != "" {
		ch.Links = append(ch.Links, rssAtomLink{Href: s.Hub, Rel: "hub"})
	}
	for _, a := range items {
		link := u.base + a.Path()
		it := rssItem{
			Title:       a.Title,
			Link:        link,
			Description: html.EscapeString(summary(a)),
			Content:     contentHTML(a),
			GUID:        rssGUID{IsPermaLink: "true", Value: link},
			PubDate:     rfc1123z(a.PublishedAt),
			Creator:     author(s, a),
		}
		for _, cat := range categories(a) {
			it.Categories = append(it.Categories, cat.Name)
		}
		if src, typ, ok := image(u.base, a, img); ok {
			it.Enclosure = &rssEnclosure{URL: src, Type: typ}
		}
		ch.Items = append(ch.Items, it)
	}
	doc := rssDoc{Version: "2.0", NSAtom: nsAtom, NSDC: nsDC, NSContent: nsContent, Channel: ch}
	out, err := marshalXML(doc)
	if err != nil {
		return nil, fmt.Errorf("feed: rss %s: %w", c.FeedPath, err)
	}
	return out, nil
}

// marshalXML encodes v as an indented XML document with its declaration.
func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

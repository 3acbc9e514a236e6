package feed

import (
	"encoding/xml"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomText struct {
	Type  string `xml:"type,attr,omitempty"`
	Value string `xml:",chardata"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Author     atomPerson     `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Summary    *atomText      `xml:"summary"`
	Content    atomText       `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

// Atom renders channel c with items as an Atom 1.0 feed. The feed's id is its
// own URL; each entry's id is the article URL, which never changes once
// published. Content is the sanitised body (type="html"); the lead image is a
// rel="enclosure" link.
func Atom(s Site, c Channel, items []*warta.Article, img MediaURL) ([]byte, error) {
	u, err := urlsFor(s, c, ExtAtom)
	if err != nil {
		return nil, fmt.Errorf("feed: atom: %w", err)
	}
	f := atomFeed{
		Lang:  s.lang(),
		ID:    u.feed,
		Title: atomText{Type: "text", Value: c.Title},
		Links: []atomLink{
			{Href: u.home, Rel: "alternate", Type: "text/html"},
			{Href: u.feed, Rel: "self", Type: "application/atom+xml"},
		},
		Author:  atomPerson{Name: s.Name},
		Entries: make([]atomEntry, 0, len(items)),
	}
	if c.Description != "" {
		f.Subtitle = &atomText{Type: "text", Value: c.Description}
	}
	if s.Hub != "" {
		f.Links = append(f.Links, atomLink{Href: s.Hub, Rel: "hub"})
	}
	// updated is required; a feed with nothing in it yet is "updated" now.
	last := updated(c, items)
	if last.IsZero() {
		last = time.Now()
	}
	f.Updated = rfc3339(last)
	for _, a := range items {
		link := u.base + a.Path()
		e := atomEntry{
			ID:        link,
			Title:     atomText{Type: "text", Value: a.Title},
			Updated:   rfc3339(modified(a)),
			Published: rfc3339(a.PublishedAt),
			Author:    atomPerson{Name: author(s, a)},
			Links:     []atomLink{{Href: link, Rel: "alternate", Type: "text/html"}},
			Content:   atomText{Type: "html", Value: contentHTML(a)},
		}
		if sum := summary(a); sum != "" {
			e.Summary = &atomText{Type: "text", Value: sum}
		}
		for _, cat := range categories(a) {
			term := cat.Slug
			if term == "" {
				term = cat.Name
			}
			e.Categories = append(e.Categories, atomCategory{Term: term, Label: cat.Name})
		}
		if src, typ, ok := image(u.base, a, img); ok {
			e.Links = append(e.Links, atomLink{Href: src, Rel: "enclosure", Type: typ})
		}
		f.Entries = append(f.Entries, e)
	}
	out, err := marshalXML(f)
	if err != nil {
		return nil, fmt.Errorf("feed: atom %s: %w", c.FeedPath, err)
	}
	return out, nil
}

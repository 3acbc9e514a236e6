package feed

import (
	"encoding/xml"
	"fmt"
	"slices"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Google News sitemap rules: only articles published in the last two days,
// at most a thousand per sitemap.
const (
	NewsWindow   = 48 * time.Hour
	MaxNewsItems = 1000
)

// NSNews is the Google News sitemap extension namespace.
const NSNews = "http://www.google.com/schemas/sitemap-news/0.9"

type newsURLSet struct {
	XMLName xml.Name  `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	NSNews  string    `xml:"xmlns:news,attr"`
	URLs    []newsURL `xml:"url"`
}

type newsURL struct {
	Loc  string   `xml:"loc"`
	News newsNews `xml:"news:news"`
}

type newsNews struct {
	Publication     newsPublication `xml:"news:publication"`
	PublicationDate string          `xml:"news:publication_date"`
	Title           string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

// NewsSitemap renders the Google News sitemap: the articles published in the
// NewsWindow up to now (none from the future, which are only scheduled),
// newest first, at most MaxNewsItems. items is not modified.
func NewsSitemap(s Site, items []*warta.Article, now time.Time) ([]byte, error) {
	b, err := s.base()
	if err != nil {
		return nil, fmt.Errorf("feed: news sitemap: %w", err)
	}
	from := now.Add(-NewsWindow)
	recent := make([]*warta.Article, 0, len(items))
	for _, a := range items {
		if !a.PublishedAt.IsZero() && !a.PublishedAt.Before(from) && !a.PublishedAt.After(now) {
			recent = append(recent, a)
		}
	}
	slices.SortStableFunc(recent, func(x, y *warta.Article) int { return y.PublishedAt.Compare(x.PublishedAt) })
	if len(recent) > MaxNewsItems {
		recent = recent[:MaxNewsItems]
	}
	doc := newsURLSet{NSNews: NSNews, URLs: make([]newsURL, 0, len(recent))}
	pub := newsPublication{Name: s.Name, Language: s.lang()}
	for _, a := range recent {
		doc.URLs = append(doc.URLs, newsURL{
			Loc: b + a.Path(),
			News: newsNews{
				Publication:     pub,
				PublicationDate: rfc3339(a.PublishedAt),
				Title:           a.Title,
			},
		})
	}
	out, err := marshalXML(doc)
	if err != nil {
		return nil, fmt.Errorf("feed: news sitemap: %w", err)
	}
	return out, nil
}

package feed_test

import (
	"encoding/xml"
	"fmt"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/warta"
)

type newsDoc struct {
	XMLName xml.Name
	URLs    []struct {
		Loc  string `xml:"loc"`
		News struct {
			XMLName     xml.Name
			Publication struct {
				Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 name"`
				Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 language"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication"`
			PublicationDate string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title           string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func parseNews(t *testing.T, b []byte) newsDoc {
	t.Helper()
	var doc newsDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if doc.XMLName.Space != feed.NSSitemap || doc.XMLName.Local != "urlset" {
		t.Errorf("root %v", doc.XMLName)
	}
	return doc
}

func TestNewsSitemapLast48Hours(t *testing.T) {
	now := time.Date(2024, 2, 14, 12, 0, 0, 0, warta.Jakarta)
	all := articles()
	recent, old, scheduled := all[0], all[1], all[2]
	recent.PublishedAt = now.Add(-47 * time.Hour)
	old.PublishedAt = now.Add(-49 * time.Hour)
	scheduled.PublishedAt = now.Add(time.Hour)

	out, err := feed.NewsSitemap(site, all, now)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseNews(t, out)
	if len(doc.URLs) != 1 {
		t.Fatalf("%d URLs, want only the 47-hour-old story:\n%s", len(doc.URLs), out)
	}
	u := doc.URLs[0]
	if u.Loc != site.BaseURL+recent.Path() {
		t.Errorf("loc %q, want %q", u.Loc, site.BaseURL+recent.Path())
	}
	if u.News.XMLName.Space != feed.NSNews {
		t.Errorf("news element in namespace %q", u.News.XMLName.Space)
	}
	if u.News.Publication.Name != "Warta Jatim" || u.News.Publication.Language != "id" {
		t.Errorf("publication %+v", u.News.Publication)
	}
	if u.News.Title != trickyTitle {
		t.Errorf("title %q, want %q", u.News.Title, trickyTitle)
	}
	if u.News.PublicationDate != "2024-02-12T13:00:00+07:00" {
		t.Errorf("publication_date %q, want W3C datetime in WIB", u.News.PublicationDate)
	}
}

func TestNewsSitemapKeepsNewest1000(t *testing.T) {
	now := time.Date(2024, 2, 14, 12, 0, 0, 0, warta.Jakarta)
	items := make([]*warta.Article, feed.MaxNewsItems+5)
	for i := range items {
		// Oldest first, to check the sitemap sorts rather than trusting order.
		items[i] = &warta.Article{
			Slug:        fmt.Sprintf("cerita-%d", i),
			Title:       fmt.Sprintf("Cerita %d", i),
			PublishedAt: now.Add(-time.Duration(len(items)-i) * time.Minute),
		}
	}
	out, err := feed.NewsSitemap(site, items, now)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseNews(t, out)
	if len(doc.URLs) != feed.MaxNewsItems {
		t.Fatalf("%d URLs, want %d", len(doc.URLs), feed.MaxNewsItems)
	}
	if doc.URLs[0].News.Title != fmt.Sprintf("Cerita %d", len(items)-1) || doc.URLs[len(doc.URLs)-1].News.Title != "Cerita 5" {
		t.Errorf("not the newest 1,000: first %q last %q", doc.URLs[0].News.Title, doc.URLs[len(doc.URLs)-1].News.Title)
	}
	if items[0].Slug != "cerita-0" {
		t.Error("caller's slice was reordered")
	}
}

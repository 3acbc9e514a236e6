package feed_test

import (
	"encoding/xml"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestSitemapIndex(t *testing.T) {
	feb := time.Date(2024, 2, 14, 2, 15, 0, 0, time.UTC)
	jan := time.Date(2024, 1, 31, 16, 59, 0, 0, time.UTC)
	months := []store.Month{{Year: 2024, Month: 2, Count: 120, LastMod: feb}, {Year: 2024, Month: 1, Count: 98, LastMod: jan}}
	sections := "https://warta.example.id/sitemap-bagian.xml"
	out, err := feed.SitemapIndex(site, months, []string{sections})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName  xml.Name
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.XMLName.Space != feed.NSSitemap || doc.XMLName.Local != "sitemapindex" {
		t.Errorf("root %v", doc.XMLName)
	}
	want := []struct {
		loc     string
		lastmod time.Time
	}{
		{sections, time.Time{}},
		{"https://warta.example.id/sitemap-2024-02.xml", feb},
		{"https://warta.example.id/sitemap-2024-01.xml", jan},
	}
	if len(doc.Sitemaps) != len(want) {
		t.Fatalf("%d sitemaps, want %d:\n%s", len(doc.Sitemaps), len(want), out)
	}
	for i, w := range want {
		got := doc.Sitemaps[i]
		if got.Loc != w.loc {
			t.Errorf("sitemap %d loc %q, want %q", i, got.Loc, w.loc)
		}
		if w.lastmod.IsZero() {
			if got.LastMod != "" {
				t.Errorf("sitemap %d lastmod %q, want none", i, got.LastMod)
			}
			continue
		}
		lm, err := time.Parse(time.RFC3339, got.LastMod)
		if err != nil || !lm.Equal(w.lastmod) {
			t.Errorf("sitemap %d lastmod %q (%v), want %v", i, got.LastMod, err, w.lastmod)
		}
	}
	if doc.Sitemaps[2].LastMod != "2024-01-31T23:59:00+07:00" {
		t.Errorf("lastmod %q, want WIB offset", doc.Sitemaps[2].LastMod)
	}

	if _, err := feed.SitemapIndex(site, months, []string{"/sitemap-bagian.xml"}); err == nil {
		t.Error("relative extra sitemap accepted")
	}
	if _, err := feed.SitemapIndex(site, []store.Month{{Year: 2024, Month: 13}}, nil); err == nil {
		t.Error("month 13 accepted")
	}
}

func TestSitemap(t *testing.T) {
	lastmod := time.Date(2024, 2, 14, 9, 15, 0, 0, warta.Jakarta)
	urls := []feed.SitemapURL{
		{Loc: "https://warta.example.id/", LastMod: lastmod, ChangeFreq: "hourly", Priority: 1},
		{Loc: "https://warta.example.id/wilayah/kota-surabaya?tahapan=kampanye&hal=2", ChangeFreq: "daily", Priority: 0.8},
		{Loc: "https://warta.example.id/berita/2024/02/14/kpu-jatim-bawaslu-jaga-tps", LastMod: lastmod},
	}
	out, err := feed.Sitemap(urls)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name
		URLs    []struct {
			Loc        string `xml:"loc"`
			LastMod    string `xml:"lastmod"`
			ChangeFreq string `xml:"changefreq"`
			Priority   string `xml:"priority"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.XMLName.Space != feed.NSSitemap || doc.XMLName.Local != "urlset" {
		t.Errorf("root %v", doc.XMLName)
	}
	if len(doc.URLs) != len(urls) {
		t.Fatalf("%d urls, want %d", len(doc.URLs), len(urls))
	}
	for i, u := range urls {
		if doc.URLs[i].Loc != u.Loc {
			t.Errorf("url %d loc %q, want %q", i, doc.URLs[i].Loc, u.Loc)
		}
	}
	if doc.URLs[0].LastMod != "2024-02-14T09:15:00+07:00" || doc.URLs[1].LastMod != "" {
		t.Errorf("lastmods %q %q", doc.URLs[0].LastMod, doc.URLs[1].LastMod)
	}
	if doc.URLs[0].Priority != "1.0" || doc.URLs[1].Priority != "0.8" || doc.URLs[2].Priority != "" {
		t.Errorf("priorities %q %q %q", doc.URLs[0].Priority, doc.URLs[1].Priority, doc.URLs[2].Priority)
	}
	if doc.URLs[1].ChangeFreq != "daily" || doc.URLs[2].ChangeFreq != "" {
		t.Errorf("changefreqs %q %q", doc.URLs[1].ChangeFreq, doc.URLs[2].ChangeFreq)
	}
}

func TestSitemapLimitsAndValidation(t *testing.T) {
	many := make([]feed.SitemapURL, feed.MaxSitemapURLs+1)
	for i := range many {
		many[i] = feed.SitemapURL{Loc: fmt.Sprintf("https://warta.example.id/berita/2024/02/14/cerita-%d", i)}
	}
	if _, err := feed.Sitemap(many[:feed.MaxSitemapURLs]); err != nil {
		t.Errorf("50,000 URLs refused: %v", err)
	}
	if _, err := feed.Sitemap(many); !errors.Is(err, feed.ErrTooLarge) {
		t.Errorf("50,001 URLs: err %v, want ErrTooLarge", err)
	}
	for name, u := range map[string]feed.SitemapURL{
		"relative":   {Loc: "/berita"},
		"changefreq": {Loc: "https://warta.example.id/", ChangeFreq: "sometimes"},
		"priority":   {Loc: "https://warta.example.id/", Priority: 1.5},
	} {
		if _, err := feed.Sitemap([]feed.SitemapURL{u}); err == nil {
			t.Errorf("%s: invalid URL accepted", name)
		}
	}
}

package feed

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
)

// Sitemap protocol limits (sitemaps.org): URLs per sitemap, sitemaps per
// index, and uncompressed bytes per file.
const (
	MaxSitemapURLs  = 50000
	MaxSitemapBytes = 50 * 1024 * 1024
)

// NSSitemap is the sitemap protocol namespace.
const NSSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"

// ErrTooLarge is returned when a sitemap would exceed the protocol limits;
// the caller should split it.
var ErrTooLarge = errors.New("sitemap exceeds the protocol limits")

// SitemapURL is one page listed in a sitemap.
type SitemapURL struct {
	Loc        string    // absolute URL
	LastMod    time.Time // zero leaves lastmod out
	ChangeFreq string    // always, hourly, daily, weekly, monthly, yearly, never or ""
	Priority   float64   // 0 to 1; 0 leaves priority out
}

var changeFreqs = map[string]bool{"": true, "always": true, "hourly": true, "daily": true,
	"weekly": true, "monthly": true, "yearly": true, "never": true}

type sitemapIndexDoc struct {
	XMLName  xml.Name       `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapEntry `xml:"sitemap"`
}

type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlsetDoc struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapLoc struct {
	Loc        string `xml:"loc"`
	LastMod    string `xml:"lastmod,omitempty"`
	ChangeFreq string `xml:"changefreq,omitempty"`
	Priority   string `xml:"priority,omitempty"`
}

// MonthSitemapPath is the path of the sitemap listing the articles first
// published in year/month (WIB): "/sitemap-2024-02.xml".
func MonthSitemapPath(year, month int) string {
	return fmt.Sprintf("/sitemap-%04d-%02d.xml", year, month)
}

// SitemapIndex renders the sitemap index: the extra sitemaps (absolute URLs,
// such as the sections sitemap) first, then one monthly sitemap per month
// with its last modification.
func SitemapIndex(s Site, months []store.Month, extra []string) ([]byte, error) {
	b, err := s.base()
	if err != nil {
		return nil, fmt.Errorf("feed: sitemap index: %w", err)
	}
	if len(months)+len(extra) > MaxSitemapURLs {
		return nil, fmt.Errorf("feed: sitemap index: %d sitemaps: %w", len(months)+len(extra), ErrTooLarge)
	}
	doc := sitemapIndexDoc{Sitemaps: make([]sitemapEntry, 0, len(months)+len(extra))}
	for _, u := range extra {
		if err := checkAbsolute(u); err != nil {
			return nil, fmt.Errorf("feed: sitemap index: %w", err)
		}
		doc.Sitemaps = append(doc.Sitemaps, sitemapEntry{Loc: u})
	}
	for _, m := range months {
		if m.Month < 1 || m.Month > 12 || m.Year < 1 {
			return nil, fmt.Errorf("feed: sitemap index: invalid month %04d-%02d", m.Year, m.Month)
		}
		e := sitemapEntry{Loc: b + MonthSitemapPath(m.Year, m.Month)}
		if !m.LastMod.IsZero() {
			e.LastMod = rfc3339(m.LastMod)
		}
		doc.Sitemaps = append(doc.Sitemaps, e)
	}
	out, err := marshalXML(doc)
	if err != nil {
		return nil, fmt.Errorf("feed: sitemap index: %w", err)
	}
	return out, nil
}

// Sitemap renders a <urlset> of urls. It refuses more than MaxSitemapURLs
// entries or MaxSitemapBytes of output with ErrTooLarge, and relative URLs,
// unknown change frequencies or priorities outside 0–1 as invalid.
func Sitemap(urls []SitemapURL) ([]byte, error) {
	if len(urls) > MaxSitemapURLs {
		return nil, fmt.Errorf("feed: sitemap: %d URLs: %w", len(urls), ErrTooLarge)
	}
	doc := urlsetDoc{URLs: make([]sitemapLoc, 0, len(urls))}
	for _, u := range urls {
		if err := checkAbsolute(u.Loc); err != nil {
			return nil, fmt.Errorf("feed: sitemap: %w", err)
		}
		if !changeFreqs[u.ChangeFreq] {
			return nil, fmt.Errorf("feed: sitemap: %s: invalid changefreq %q", u.Loc, u.ChangeFreq)
		}
		if u.Priority < 0 || u.Priority > 1 {
			return nil, fmt.Errorf("feed: sitemap: %s: priority %v outside 0–1", u.Loc, u.Priority)
		}
		l := sitemapLoc{Loc: u.Loc, ChangeFreq: u.ChangeFreq}
		if !u.LastMod.IsZero() {
			l.LastMod = rfc3339(u.LastMod)
		}
		if u.Priority > 0 {
			l.Priority = strconv.FormatFloat(u.Priority, 'f', 1, 64)
		}
		doc.URLs = append(doc.URLs, l)
	}
	out, err := marshalXML(doc)
	if err != nil {
		return nil, fmt.Errorf("feed: sitemap: %w", err)
	}
	if len(out) > MaxSitemapBytes {
		return nil, fmt.Errorf("feed: sitemap: %d bytes: %w", len(out), ErrTooLarge)
	}
	return out, nil
}

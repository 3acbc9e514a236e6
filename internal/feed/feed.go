// Package feed renders Warta's syndication documents — RSS 2.0, Atom 1.0,
// JSON Feed 1.1, sitemaps, the Google News sitemap and robots.txt — as bytes.
// It does no I/O: the portal loads the articles and serves the result, so the
// same functions can be tested, cached and benchmarked without a server.
//
// Every URL written is absolute, built from Site.BaseURL, because feed
// readers and crawlers resolve nothing relative reliably. All user text goes
// through encoding/xml or encoding/json, never string concatenation.
package feed

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Site describes the publisher.
type Site struct {
	Name     string // "Warta Jatim"
	BaseURL  string // "https://warta.example.id", without a trailing slash
	Language string // "id"
	// Hub is the WebSub hub URL. When set, every feed advertises it with
	// rel="hub" so subscribers get pushes instead of polling.
	Hub string
}

// Channel is one feed: the whole site or one section.
type Channel struct {
	Title       string
	Description string
	Path        string // HTML page path: "/" or "/wilayah/kota-surabaya"
	// FeedPath is the feed path without extension ("/feed"); RSS is served
	// at FeedPath+".xml", Atom at FeedPath+".atom", JSON at FeedPath+".json".
	FeedPath string
	Updated  time.Time // zero means the newest item's time
}

// MediaURL maps a media storage key and a width to a URL path, width 0 being
// the original (the portal passes media.URL). A nil MediaURL leaves images
// out. Absolute URLs it returns, say on a CDN, are used as they are.
type MediaURL func(key string, width int) string

// Feed file extensions, appended to Channel.FeedPath.
const (
	ExtRSS  = ".xml"
	ExtAtom = ".atom"
	ExtJSON = ".json"
)

// feedImageWidth is the width asked of the lead image: large enough for the
// big cards of feed readers and Google News (which want at least 1200 px).
const feedImageWidth = 1200

// summaryRunes caps a summary derived from the body when there is no dek.
const summaryRunes = 300

// base returns the site's base URL without a trailing slash, or an error when
// it is not an absolute http(s) URL — a relative base would silently produce
// feeds no reader can follow.
func (s Site) base() (string, error) {
	b := strings.TrimRight(s.BaseURL, "/")
	if err := checkAbsolute(b); err != nil {
		return "", fmt.Errorf("base URL: %w", err)
	}
	return b, nil
}

// lang is the site's language, Indonesian unless configured.
func (s Site) lang() string {
	if s.Language == "" {
		return "id"
	}
	return s.Language
}

// checkAbsolute reports an error unless u is an absolute http or https URL.
func checkAbsolute(u string) error {
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("parse %q: %w", u, err)
	}
	if (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", u)
	}
	return nil
}

// join makes p absolute against base. Absolute URLs (for example media on a
// CDN) pass through unchanged.
func join(base, p string) string {
	if strings.HasPrefix(p, "https://") || strings.HasPrefix(p, "http://") {
		return p
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return base + p
}

// channelURLs are the absolute URLs one channel needs.
type channelURLs struct {
	base, home, feed string
}

func urlsFor(s Site, c Channel, ext string) (channelURLs, error) {
	b, err := s.base()
	if err != nil {
		return channelURLs{}, err
	}
	home := c.Path
	if home == "" {
		home = "/"
	}
	if c.FeedPath == "" {
		return channelURLs{}, fmt.Errorf("channel %q has no feed path", c.Title)
	}
	return channelURLs{base: b, home: join(b, home), feed: join(b, c.FeedPath+ext)}, nil
}

// updated is the channel's last change: Channel.Updated, or else the newest
// item's update or publication time.
func updated(c Channel, items []*warta.Article) time.Time {
	if !c.Updated.IsZero() {
		return c.Updated
	}
	var t time.Time
	for _, a := range items {
		if m := modified(a); m.After(t) {
			t = m
		}
	}
	return t
}

// modified is when the article last changed, never before it was published.
func modified(a *warta.Article) time.Time {
	if a.UpdatedAt.After(a.PublishedAt) {
		return a.UpdatedAt
	}
	return a.PublishedAt
}

// rfc1123z formats t for RSS in WIB: "Wed, 14 Feb 2024 10:00:00 +0700".
func rfc1123z(t time.Time) string { return t.In(warta.Jakarta).Format(time.RFC1123Z) }

// rfc3339 formats t for Atom, JSON Feed and sitemaps in WIB:
// "2024-02-14T10:00:00+07:00".
func rfc3339(t time.Time) string { return t.In(warta.Jakarta).Format(time.RFC3339) }

// author is who the item is credited to: the byline, else the source agency,
// else the site.
func author(s Site, a *warta.Article) string {
	switch {
	case strings.TrimSpace(a.Byline) != "":
		return a.Byline
	case a.Agency.Name != "":
		return a.Agency.Name
	}
	return s.Name
}

// category is one label an article is filed under.
type category struct {
	Slug, Name string
}

// categories lists the article's tags, regions and stages, without repeating
// a name (a tag "Surabaya" next to the region "Kota Surabaya" is kept, two
// identical names are not).
func categories(a *warta.Article) []category {
	out := make([]category, 0, len(a.Tags)+len(a.Regions)+len(a.Stages))
	seen := make(map[string]bool, cap(out))
	add := func(slug, name string) {
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		out = append(out, category{slug, name})
	}
	for _, r := range a.Regions {
		add(r.Slug, r.Name)
	}
	for _, st := range a.Stages {
		add(st.Slug, st.Name)
	}
	for _, t := range a.Tags {
		add(t.Slug, t.Name)
	}
	return out
}

// categoryNames is categories as plain names, for JSON Feed tags.
func categoryNames(a *warta.Article) []string {
	cs := categories(a)
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// image is the article's lead image as an absolute URL with its MIME type,
// or ok=false when there is none or no MediaURL was given.
func image(base string, a *warta.Article, img MediaURL) (u, mime string, ok bool) {
	if img == nil || a.LeadImage == nil || a.LeadImage.Key == "" {
		return "", "", false
	}
	p := img(a.LeadImage.Key, imageWidth(a.LeadImage))
	if p == "" {
		return "", "", false
	}
	return join(base, p), imageType(p), true
}

// imageWidth picks the smallest stored variant at least feedImageWidth wide,
// else the largest variant, else 0: the original, as media.URL understands it.
func imageWidth(m *warta.Media) int {
	best := 0
	for _, w := range m.Variants {
		switch {
		case w >= feedImageWidth && (best < feedImageWidth || w < best):
			best = w
		case best < feedImageWidth && w > best:
			best = w
		}
	}
	return best
}

// imageType guesses the MIME type from the served file's extension, since a
// resized variant need not share the original's format. JPEG is the default
// because that is what the media pipeline writes.
func imageType(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	switch strings.ToLower(path.Ext(u)) {
	case ".png":
		return "image/png"
	case ".webp":
		return "image/webp"
	case ".gif":
		return "image/gif"
	case ".avif":
		return "image/avif"
	}
	return "image/jpeg"
}

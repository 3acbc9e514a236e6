package portal

import (
	"fmt"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/media"
)

// feedFormat is one of the three syndication formats.
type feedFormat int

// The feed formats, each at its own extension of the section's feed path.
const (
	formatRSS feedFormat = iota
	formatAtom
	formatJSON
)

// feedItems is how many of the newest stories a feed carries.
const feedItems = 50

// feedShow serves the RSS, Atom or JSON feed of the site or a section.
func (p *Portal) feedShow(kind sectionKind, format feedFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		s, err := p.resolveSection(ctx, kind, r.PathValue("slug"))
		if err != nil {
			return err
		}
		filter := s.Filter
		filter.Limit = feedItems
		page, err := p.db.ListArticles(ctx, filter)
		if err != nil {
			return fmt.Errorf("portal: feed %s: %w", s.FeedPath(), err)
		}
		ch := feed.Channel{Title: s.Name, Description: s.Intro, Path: s.Path, FeedPath: s.FeedPath()}
		if kind != siteSection {
			ch.Title = p.site.Name + ": " + s.Title()
		}
		var body []byte
		var ctype string
		switch format {
		case formatAtom:
			body, err = feed.Atom(p.site, ch, page.Articles, media.URL)
			ctype = "application/atom+xml; charset=utf-8"
		case formatJSON:
			body, err = feed.JSONFeed(p.site, ch, page.Articles, media.URL)
			ctype = "application/feed+json; charset=utf-8"
		default:
			body, err = feed.RSS(p.site, ch, page.Articles, media.URL)
			ctype = "application/rss+xml; charset=utf-8"
		}
		if err != nil {
			return fmt.Errorf("portal: feed %s: %w", s.FeedPath(), err)
		}
		return write(w, ctype, body)
	}
}

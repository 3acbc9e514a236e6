package portal

import (
	"fmt"
	"net/http"
	"net/url"
)

// sectionShow renders a region, stage, source or tag page: its stories
// newest first, one keyset page at a time, with its feeds.
func (p *Portal) sectionShow(kind sectionKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		s, err := p.resolveSection(ctx, kind, r.PathValue("slug"))
		if err != nil {
			return err
		}
		filter := s.Filter
		if filter.After, err = parseCursor(r.URL.Query()); err != nil {
			return err
		}
		filter.Limit = pageSize
		page, err := p.db.ListArticles(ctx, filter)
		if err != nil {
			return fmt.Errorf("portal: section %s: %w", s.Path, err)
		}
		d := listData{
			layout:   p.newLayout(r, s.Name),
			Heading:  s.Name,
			Intro:    s.Intro,
			Groups:   groupByDay(page.Articles),
			FeedPath: s.FeedPath(),
			Empty:    "Belum ada berita di bagian ini.",
		}
		d.Description = s.Intro
		d.Canonical = p.abs(s.Path)
		if filter.After != nil {
			d.Canonical, d.NoIndex = "", true
		}
		d.Alternates = p.feedAlternates(p.site.Name+": "+s.Title(), s.FeedPath())
		d.pager(s.Path, url.Values{}, filter.After, page.Next)
		return p.render(w, http.StatusOK, "list", d)
	}
}

package portal

import (
	"context"
	"fmt"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// listData is the view of a paginated list of stories: the index and every
// section page.
type listData struct {
	layout
	Heading    string
	Intro      string
	Groups     []dayGroup
	Next       string // "Berita sebelumnya": the next, older page
	First      string // back to the newest page, when not on it
	ShowFilter bool
	Filter     filterForm
	Options    filterOptions
	FeedPath   string // the section's feeds, without extension
	Empty      string // said when there is nothing to list
}

// dayGroup is the stories of one WIB day.
type dayGroup struct {
	Day      string // "Rabu, 14 Februari 2024"
	ID       string // "2024-02-14", for the heading's id
	Articles []*warta.Article
}

// filterOptions are the choices of the filter form.
type filterOptions struct {
	Regions   []warta.Region
	Elections []warta.Election
	Agencies  []warta.Agency
}

// groupByDay splits newest-first articles into WIB days.
func groupByDay(articles []*warta.Article) []dayGroup {
	var out []dayGroup
	for _, a := range articles {
		id := isoDate(a.PublishedAt)
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, dayGroup{Day: formatDay(a.PublishedAt), ID: id})
		}
		g := &out[len(out)-1]
		g.Articles = append(g.Articles, a)
	}
	return out
}

// pager sets the links to the older page and back to the newest one, keeping
// the other parameters.
func (d *listData) pager(path string, params url.Values, cur, next *warta.Cursor) {
	if next != nil {
		v := url.Values{}
		for k, vs := range params {
			v[k] = vs
		}
		v.Set("sebelum", next.String())
		d.Next = withQuery(path, v)
	}
	if cur != nil {
		d.First = withQuery(path, params)
	}
}

// filterOptions loads the filter form's choices.
func (p *Portal) filterOptions(ctx context.Context) (filterOptions, error) {
	var o filterOptions
	var err error
	if o.Regions, err = p.db.Regions(ctx); err != nil {
		return o, fmt.Errorf("portal: filter options: %w", err)
	}
	if o.Elections, err = p.db.Elections(ctx); err != nil {
		return o, fmt.Errorf("portal: filter options: %w", err)
	}
	if o.Agencies, err = p.db.Agencies(ctx); err != nil {
		return o, fmt.Errorf("portal: filter options: %w", err)
	}
	return o, nil
}

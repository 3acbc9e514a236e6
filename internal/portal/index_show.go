package portal

import (
	"fmt"
	"net/http"
)

// indexShow renders the Indeks: every live story newest first, grouped by
// day, filtered by date, region, stage and source, one keyset page at a time.
func (p *Portal) indexShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	form, filter, err := p.parseFilter(ctx, q)
	if err != nil {
		return err
	}
	if filter.After, err = parseCursor(q); err != nil {
		return err
	}
	filter.Limit = pageSize
	page, err := p.db.ListArticles(ctx, filter)
	if err != nil {
		return fmt.Errorf("portal: index: %w", err)
	}
	d := listData{
		layout:     p.newLayout(r, "Indeks berita"),
		Heading:    "Indeks berita",
		Intro:      "Semua berita dan informasi resmi, terbaru lebih dulu.",
		Groups:     groupByDay(page.Articles),
		ShowFilter: true,
		Filter:     form,
		Empty:      "Tidak ada berita yang cocok dengan filter ini. Coba tanggal atau wilayah lain, atau hapus filter.",
	}
	if !form.Active() && filter.After == nil {
		d.Canonical = p.abs("/indeks")
	} else {
		d.NoIndex = true // filtered and deeper pages are endless variations
	}
	d.Description = "Indeks semua berita resmi pemilu Jawa Timur, terbaru lebih dulu."
	d.Alternates = p.feedAlternates(p.site.Name, "/feed")
	if d.Options, err = p.filterOptions(ctx); err != nil {
		return err
	}
	d.pager("/indeks", form.values(), filter.After, page.Next)
	return p.render(w, http.StatusOK, "list", d)
}

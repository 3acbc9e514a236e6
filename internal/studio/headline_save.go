package studio

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// headlineSave reorders the Headline strip. One form carries a number per
// story and, per story, buttons to move it up ("naik"), down ("turun") or
// out of the strip ("lepas"); a button wins over the numbers. The result is
// numbered 1, 2, 3 … and only stories whose number changed are written.
func (s *Studio) headlineSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := mayOrderHeadlines(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	list, err := s.db.Headlines(ctx, maxHeadlines)
	if err != nil {
		return err
	}
	f := newForm(r.PostForm)
	type entry struct {
		a     *warta.Article
		order int
	}
	entries := make([]entry, len(list))
	for i, a := range list {
		entries[i] = entry{a, (i + 1) * 10}
	}
	idx := func(id string) int {
		return slices.IndexFunc(entries, func(e entry) bool { return e.a.ID == id })
	}
	switch {
	case f.Get("naik") != "":
		if i := idx(f.Get("naik")); i > 0 {
			entries[i], entries[i-1] = entries[i-1], entries[i]
		}
	case f.Get("turun") != "":
		if i := idx(f.Get("turun")); i >= 0 && i < len(entries)-1 {
			entries[i], entries[i+1] = entries[i+1], entries[i]
		}
	case f.Get("lepas") != "":
		if i := idx(f.Get("lepas")); i >= 0 {
			if _, err := s.nr.SetHeadline(ctx, u, entries[i].a.ID, false, 0); err != nil {
				return err
			}
			entries = slices.Delete(entries, i, i+1)
		}
	default:
		for i := range entries {
			raw := strings.TrimSpace(f.Get("urutan-" + entries[i].a.ID))
			n, err := strconv.Atoi(raw)
			if err != nil || n < 1 || n > 999 {
				f.Set("urutan-"+entries[i].a.ID, "Isi dengan angka 1 sampai 999.")
				continue
			}
			// Ties keep the current order: the typed number first, then
			// the position.
			entries[i].order = n*1000 + i
		}
		if f.Invalid() {
			return s.renderHeadlines(w, r, f, http.StatusBadRequest)
		}
		slices.SortStableFunc(entries, func(a, b entry) int { return a.order - b.order })
	}
	for i, e := range entries {
		if e.a.HeadlineOrder != i+1 {
			if _, err := s.nr.SetHeadline(ctx, u, e.a.ID, true, i+1); err != nil {
				return err
			}
		}
	}
	redirect(w, r, "/studio/headline", "headline")
	return nil
}

package clinicweb

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Sizes of the archive's lists.
const (
	archivePage   = 20 // verdicts per page when browsing
	searchResults = 30 // results of a search, best first, on one page
	maxQueryRunes = 200
)

// archiveItem is one verdict in the archive.
type archiveItem struct {
	V      *clinic.Verdict
	Region string // the region's name, "" when none
}

// archiveView is the archive page.
type archiveView struct {
	Q, Label, Region string
	Labels           []string
	Regions          []warta.Region
	Items            []archiveItem
	Searched         bool
	Filtered         bool
	Next             string // the next page's URL, "" on the last
	Feeds            struct{ RSS, Atom, Export string }
}

// archiveShow is GET /cek-fakta: the published verdicts, newest first, by
// label and region, a page at a time; with q, the verdicts the clinic's
// matcher ranks best for it (the same ranking that answers reports).
func (web *Web) archiveShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	query := r.URL.Query()
	v := archiveView{Q: strings.Join(strings.Fields(query.Get("q")), " "), Label: strings.ToUpper(strings.TrimSpace(query.Get("label"))),
		Region: strings.TrimSpace(query.Get("wilayah")), Labels: web.cl.Labels()}
	v.Feeds.RSS, v.Feeds.Atom, v.Feeds.Export = rssPath, atomPath, claimReviewPath
	if utf8.RuneCountInString(v.Q) > maxQueryRunes {
		return invalid("q", fmt.Sprintf("Kata pencarian terlalu panjang; paling banyak %d karakter.", maxQueryRunes))
	}
	if v.Label != "" && !slices.Contains(v.Labels, v.Label) {
		return invalid("label", fmt.Sprintf("Label %q tidak dikenal. Pilih salah satu: %s.", v.Label, strings.Join(v.Labels, ", ")))
	}
	names := map[string]string{}
	if web.cfg.Regions != nil {
		regions, err := web.cfg.Regions(ctx)
		if err != nil {
			return fmt.Errorf("clinicweb: regions: %w", err)
		}
		v.Regions = regions
		for _, rg := range regions {
			names[rg.Code] = rg.Name
		}
		if _, ok := names[v.Region]; v.Region != "" && !ok {
			return invalid("wilayah", "Wilayah itu tidak dikenal. Pilih wilayah dari daftar.")
		}
	}
	v.Filtered = v.Label != "" || v.Region != ""
	add := func(vd *clinic.Verdict) {
		v.Items = append(v.Items, archiveItem{V: vd, Region: names[vd.RegionCode]})
	}
	if v.Q != "" {
		v.Searched = true
		found, err := web.cl.Search(ctx, v.Q, searchResults)
		if err != nil {
			return err
		}
		for _, sv := range found {
			if (v.Label == "" || sv.Verdict.Label == v.Label) && (v.Region == "" || sv.Verdict.RegionCode == v.Region) {
				add(sv.Verdict)
			}
		}
	} else {
		page, err := web.cl.Verdicts(ctx, clinic.VerdictFilter{Label: v.Label, Region: v.Region,
			After: query.Get("setelah"), Limit: archivePage})
		if err != nil {
			return err
		}
		for _, vd := range page.Verdicts {
			add(vd)
		}
		if page.Next != "" {
			next := url.Values{"setelah": {page.Next}}
			if v.Label != "" {
				next.Set("label", v.Label)
			}
			if v.Region != "" {
				next.Set("wilayah", v.Region)
			}
			v.Next = archivePath + "?" + next.Encode()
		}
	}
	title := "Cek Fakta"
	if v.Searched {
		title = "Cek Fakta: " + v.Q
	}
	return web.pages.Render(w, r, http.StatusOK, title, "archive", v)
}

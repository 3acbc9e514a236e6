package portal

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestSearchUnderstandsIndonesian(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		doc := s.page(t, "/cari?q=memilih", http.StatusOK)
		if !slices.Contains(hrefs(t, doc, "main article a[href^=\"/berita/\"]"), s.voters.Path()) {
			t.Fatalf("searching memilih does not find %q", s.voters.Title)
		}
		var marked []string
		for _, m := range queryAll(t, doc, "main article mark") {
			marked = append(marked, strings.ToLower(text(m)))
		}
		if !slices.Contains(marked, "pemilihan") {
			t.Errorf("marked %v, want pemilihan among them", marked)
		}
		if v := attr(query(t, doc, "nav form[role=search] input[name=q]"), "value"); v != "memilih" {
			t.Errorf("search box keeps %q", v)
		}
		if attr(query(t, doc, "meta[name=robots]"), "content") != "noindex" {
			t.Error("search results are indexable")
		}

		// Filters narrow the results.
		doc = s.page(t, "/cari?q=memilih&wilayah=kota-surabaya", http.StatusOK)
		if slices.Contains(hrefs(t, doc, "main article a[href^=\"/berita/\"]"), s.voters.Path()) {
			t.Error("region filter ignored")
		}

		// Nothing found: a message with suggestions.
		doc = s.page(t, "/cari?q=zzxqv+qqwz", http.StatusOK)
		if got := text(query(t, doc, ".no-results")); !strings.Contains(got, "Tidak ada hasil untuk “zzxqv qqwz”") {
			t.Errorf("no-results message = %q", got)
		}

		// Pages: 30 stories mention "petugas" or "suara"; page 2 holds the rest.
		doc = s.page(t, "/cari?q=petugas", http.StatusOK)
		first := hrefs(t, doc, "main article a[href^=\"/berita/\"]")
		next := attr(query(t, doc, "main a[rel=next]"), "href")
		doc = s.page(t, next, http.StatusOK)
		second := hrefs(t, doc, "main article a[href^=\"/berita/\"]")
		if len(first) != pageSize || len(second) == 0 || len(first)+len(second) > len(s.live) {
			t.Errorf("search pages: %d + %d", len(first), len(second))
		}
		for _, h := range second {
			if slices.Contains(first, h) {
				t.Errorf("%s on both pages", h)
			}
		}
	})
}

package portal

import (
	"net/http"
	"slices"
	"testing"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// storyLinks are the article links of a list page's main content.
func storyLinks(t *testing.T, s *testSite, target string) (links []string, next string) {
	t.Helper()
	doc := s.page(t, target, http.StatusOK)
	links = hrefs(t, doc, "main article a[href^=\"/berita/\"]")
	if n := queryAll(t, doc, "main a[rel=next]"); len(n) > 0 {
		next = attr(n[0], "href")
	}
	return links, next
}

func TestIndexPaginatesByKeysetWithoutDuplicates(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		var got []string
		target := "/indeks"
		for pages := 0; target != ""; pages++ {
			if pages > 3 {
				t.Fatal("pagination does not end")
			}
			links, next := storyLinks(t, s, target)
			if len(links) > pageSize {
				t.Fatalf("%s: %d stories, want at most %d", target, len(links), pageSize)
			}
			got = append(got, links...)
			target = next
		}
		var want []string
		for _, a := range s.live {
			want = append(want, a.Path())
		}
		if !slices.Equal(got, want) {
			t.Fatalf("index over pages:\n got %v\nwant %v", got, want)
		}
		doc := s.page(t, "/indeks", http.StatusOK)
		days := queryAll(t, doc, "main section.day h2")
		if len(days) != 2 || text(days[0]) != "Rabu, 14 Februari 2024" || text(days[1]) != "Selasa, 13 Februari 2024" {
			t.Errorf("day groups: %d, first %q", len(days), text(days[0]))
		}
		query(t, doc, "form[action=\"/indeks\"] select[name=wilayah] option[value=kota-surabaya]")
	})
}

func TestIndexFilters(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cases := []struct {
			query string
			keep  func(a *warta.Article) bool
		}{
			{"wilayah=kabupaten-sidoarjo", func(a *warta.Article) bool { return a.Regions[0].Slug == "kabupaten-sidoarjo" }},
			{"tanggal=2024-02-13", func(a *warta.Article) bool { return isoDate(a.PublishedAt) == "2024-02-13" }},
			{"sumber=bawaslu-jatim", func(a *warta.Article) bool { return a.AgencyID == s.bawaslu.ID }},
			{"tahapan=pemilu-2024-kampanye&wilayah=kota-malang", func(a *warta.Article) bool {
				return a.Stages[0].Slug == "pemilu-2024-kampanye" && a.Regions[0].Slug == "kota-malang"
			}},
			{"wilayah=&tahapan=&sumber=&tanggal=", func(*warta.Article) bool { return true }},
		}
		for _, c := range cases {
			var want []string
			for _, a := range s.live {
				if c.keep(a) {
					want = append(want, a.Path())
				}
			}
			var got []string
			for target := "/indeks?" + c.query; target != ""; {
				links, next := storyLinks(t, s, target)
				got = append(got, links...)
				target = next
			}
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("%s: got %d stories %v, want %d %v", c.query, len(got), got, len(want), want)
			}
		}
	})
}

func TestSectionPages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cases := []struct {
			path string
			keep func(a *warta.Article) bool
		}{
			{"/wilayah/kota-surabaya", func(a *warta.Article) bool { return a.Regions[0].Slug == "kota-surabaya" }},
			{"/tahapan/pemilu-2024-masa-tenang", func(a *warta.Article) bool { return a.Stages[0].Slug == "pemilu-2024-masa-tenang" }},
			{"/sumber/kpu-jatim", func(a *warta.Article) bool { return a.AgencyID == s.kpu.ID }},
			{"/tag/tps", func(a *warta.Article) bool { return a == s.feature }},
		}
		for _, c := range cases {
			var want []string
			for _, a := range s.live {
				if c.keep(a) {
					want = append(want, a.Path())
				}
			}
			var got []string
			for target := c.path; target != ""; {
				links, next := storyLinks(t, s, target)
				got = append(got, links...)
				target = next
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: got %v, want %v", c.path, got, want)
			}
			doc := s.page(t, c.path, http.StatusOK)
			if attr(query(t, doc, "link[rel=canonical]"), "href") != testBase+c.path {
				t.Errorf("%s: wrong canonical", c.path)
			}
			feeds := hrefs(t, doc, "link[rel=alternate]")
			for _, ext := range []string{".xml", ".atom", ".json"} {
				if !slices.Contains(feeds, testBase+c.path+"/feed"+ext) {
					t.Errorf("%s: head lacks feed %s in %v", c.path, ext, feeds)
				}
			}
		}
	})
}

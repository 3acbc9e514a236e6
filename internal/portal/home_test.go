package portal

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestHomeShowsHeadlinesInOrderAndTheCurrentStage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		doc := s.page(t, "/", http.StatusOK)
		if lang := attr(query(t, doc, "html"), "lang"); lang != "id" {
			t.Errorf("lang = %q", lang)
		}
		var want []string
		for _, a := range s.headlines {
			want = append(want, a.Path())
		}
		if got := hrefs(t, doc, ".headline h3 a"); !slices.Equal(got, want) {
			t.Errorf("headlines = %v, want %v", got, want)
		}
		lead := query(t, doc, ".headline .lead img")
		if attr(lead, "alt") == "" || attr(lead, "srcset") == "" {
			t.Errorf("lead photo lacks alt or srcset: %v", lead.Attr)
		}
		if len(queryAll(t, doc, "main a[href^=\"/berita/\"]")) < 10 {
			t.Error("home lists too few stories")
		}
		nav := query(t, doc, "nav[aria-label=Utama]")
		for _, href := range []string{"/", "/indeks", "/jadwal"} {
			if !slices.Contains(hrefs(t, nav, "a"), href) {
				t.Errorf("main navigation lacks %s", href)
			}
		}
		query(t, nav, "form[role=search][action=\"/cari\"] input[name=q]")
		if attr(query(t, doc, "a.skip"), "href") != "#konten" {
			t.Error("no skip link to #konten")
		}
		box := text(query(t, doc, ".stage-box"))
		for _, want := range []string{"Pemilu 2024", "Pemungutan suara", "14 jam lagi", "Pilkada Serentak 2024"} {
			if !strings.Contains(box, want) {
				t.Errorf("stage box %q lacks %q", box, want)
			}
		}
		if !slices.Contains(hrefs(t, doc, "link[rel=alternate]"), testBase+"/feed.xml") {
			t.Error("home does not advertise its RSS feed")
		}
		for _, img := range queryAll(t, doc, "img") {
			if _, ok := attrOK(img, "alt"); !ok {
				t.Errorf("img without alt: %v", img.Attr)
			}
		}
	})
}

func TestHomeSaysWhenEveryElectionIsOver(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		s.now = time.Date(2025, 6, 1, 8, 0, 0, 0, warta.Jakarta)
		doc := s.page(t, "/", http.StatusOK)
		box := query(t, doc, ".stage-box")
		if got := text(box); !strings.Contains(got, "Seluruh tahapan Pemilu 2024 dan Pilkada Serentak 2024 telah selesai") {
			t.Errorf("stage box = %q", got)
		}
		if !slices.Contains(hrefs(t, box, "a"), "/jadwal") {
			t.Error("no link to /jadwal")
		}
	})
}

func TestEmptySiteWorks(t *testing.T) {
	storetest.Each(t, store.Options{Analyze: indonesian.New().Terms}, func(t *testing.T, db *store.DB) {
		s := &testSite{db: db, now: votingMorning}
		s.mount(t)
		for _, path := range []string{"/", "/indeks", "/jadwal", "/cari?q=pemilu", "/wilayah/kota-surabaya",
			"/feed.xml", "/feed.atom", "/feed.json", "/sitemap.xml", "/sitemap-bagian.xml", "/sitemap-news.xml", "/robots.txt"} {
			if res := s.get(t, path); res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d on an empty site", path, res.StatusCode)
			}
		}
		doc := s.page(t, "/", http.StatusOK)
		if got := text(query(t, doc, ".latest")); !strings.Contains(got, "Belum ada berita") {
			t.Errorf("empty home says %q", got)
		}
	})
}

func TestNewRefusesARelativeBaseURL(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		if _, err := New(Config{DB: db, Site: feed.Site{BaseURL: "/relatif"}}); err == nil {
			t.Error("New accepted a relative base URL")
		}
		if _, err := New(Config{Site: feed.Site{BaseURL: testBase}}); err == nil {
			t.Error("New accepted no database")
		}
	})
}

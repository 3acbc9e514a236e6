package portal

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestScheduleMarksTheCurrentStage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		doc := s.page(t, "/jadwal", http.StatusOK)
		pemilu := query(t, doc, "section[aria-labelledby=jadwal-pemilu-2024]")
		var current []string
		for _, li := range queryAll(t, pemilu, "li[aria-current]") {
			current = append(current, query(t, li, "a").FirstChild.Data)
		}
		if !slices.Contains(current, "Pemungutan suara") {
			t.Errorf("current stages %v, want Pemungutan suara among them", current)
		}
		if got := queryAll(t, doc, "section[aria-labelledby=jadwal-pilkada-2024] li[aria-current]"); len(got) != 0 {
			t.Errorf("%d Pilkada stages marked current in February", len(got))
		}
		for _, li := range queryAll(t, pemilu, "li") {
			name, all := text(query(t, li, "a")), text(li)
			switch name {
			case "Masa kampanye":
				if !strings.Contains(all, "28 November 2023 – 10 Februari 2024") || !hasClass(li, "is-done") || !strings.Contains(all, "Selesai") {
					t.Errorf("kampanye row = %q", all)
				}
			case "Pemungutan suara":
				if !strings.Contains(all, "14 Februari 2024") || strings.Contains(all, "–") || !strings.Contains(all, "Sedang berlangsung") {
					t.Errorf("voting row = %q", all)
				}
			}
		}
		s.now = time.Date(2024, 11, 27, 12, 0, 0, 0, warta.Jakarta)
		doc = s.page(t, "/jadwal", http.StatusOK)
		if got := queryAll(t, doc, "section[aria-labelledby=jadwal-pilkada-2024] li[aria-current]"); len(got) == 0 {
			t.Error("no Pilkada stage current on its voting day")
		}
	})
}

func TestStaticFilesAreHashedAndCachedForever(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		doc := s.page(t, "/jadwal", http.StatusOK)
		href := attr(query(t, doc, "link[rel=stylesheet]"), "href")
		if !strings.HasPrefix(href, "/static/app.") || !strings.HasSuffix(href, ".css") {
			t.Fatalf("stylesheet at %q", href)
		}
		res := s.get(t, href)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") ||
			!strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q %q", href, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
		}
	})
}

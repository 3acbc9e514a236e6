package portal

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestArticlePage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		a := s.feature
		doc := s.page(t, a.Path(), http.StatusOK)
		canonical := testBase + "/berita/2024/02/14/" + a.Slug
		if got := attr(query(t, doc, "link[rel=canonical]"), "href"); got != canonical {
			t.Errorf("canonical = %q, want %q", got, canonical)
		}
		if got := text(query(t, doc, "main h1")); got != a.Title {
			t.Errorf("h1 = %q", got)
		}

		var ld map[string]any
		if err := json.Unmarshal([]byte(text(query(t, doc, "script[type=\"application/ld+json\"]"))), &ld); err != nil {
			t.Fatalf("JSON-LD: %v", err)
		}
		if ld["@type"] != "NewsArticle" || ld["headline"] != a.Title || ld["inLanguage"] != "id-ID" ||
			ld["datePublished"] != "2024-02-14T09:05:00+07:00" || ld["dateModified"] != "2024-02-14T10:35:00+07:00" {
			t.Errorf("JSON-LD = %v", ld)
		}
		if pub, _ := ld["publisher"].(map[string]any); pub["@type"] != "Organization" || pub["name"] != "Warta Jatim" {
			t.Errorf("publisher = %v", ld["publisher"])
		}
		if main, _ := ld["mainEntityOfPage"].(map[string]any); main["@id"] != canonical {
			t.Errorf("mainEntityOfPage = %v", ld["mainEntityOfPage"])
		}
		if imgs, _ := ld["image"].([]any); len(imgs) != 1 || !strings.HasPrefix(imgs[0].(string), testBase+"/media/") {
			t.Errorf("image = %v", ld["image"])
		}
		if authors, _ := ld["author"].([]any); len(authors) != 1 || authors[0].(map[string]any)["name"] != "Rina Dewi" {
			t.Errorf("author = %v", ld["author"])
		}

		meta := map[string]string{}
		for _, m := range queryAll(t, doc, "meta") {
			if k := attr(m, "property") + attr(m, "name"); k != "" {
				meta[k] = attr(m, "content")
			}
		}
		for k, want := range map[string]string{
			"og:title": a.Title, "og:url": canonical, "og:type": "article",
			"article:published_time": "2024-02-14T09:05:00+07:00", "twitter:card": "summary_large_image",
			"og:image": testBase + "/media/w1280/2024/02/tps-surabaya.jpg", "og:description": a.Dek,
		} {
			if meta[k] != want {
				t.Errorf("meta %s = %q, want %q", k, meta[k], want)
			}
		}

		img := query(t, doc, "main figure img")
		for _, k := range []string{"src", "srcset", "sizes", "alt", "width", "height"} {
			if attr(img, k) == "" {
				t.Errorf("lead photo lacks %s", k)
			}
		}
		if got := text(query(t, doc, "main figure figcaption")); !strings.Contains(got, "TPS 12 Gubeng") || !strings.Contains(got, "Foto: Humas KPU Jatim") {
			t.Errorf("figcaption = %q", got)
		}
		first := query(t, doc, ".body p")
		if dl := query(t, first, "strong"); text(dl) != "Surabaya" || !strings.HasPrefix(text(first), "Surabaya – Pemungutan suara") {
			t.Errorf("first paragraph = %q", text(first))
		}
		badge := query(t, doc, "main a.badge")
		if attr(badge, "href") != "/sumber/kpu-jatim" || text(badge) != "Sumber resmi: KPU Provinsi Jawa Timur" {
			t.Errorf("badge = %q → %s", text(badge), attr(badge, "href"))
		}
		times := text(query(t, doc, ".times"))
		if !strings.Contains(times, "Rabu, 14 Februari 2024 09.05 WIB") || !strings.Contains(times, "Diperbarui Rabu, 14 Februari 2024 10.35 WIB") {
			t.Errorf("times = %q", times)
		}
		if got := text(query(t, doc, ".byline")); got != "Penulis: Rina Dewi" {
			t.Errorf("byline = %q", got)
		}
		if got := text(query(t, doc, ".byline-code")); !strings.Contains(got, "rd/why") {
			t.Errorf("byline code = %q", got)
		}
		if got := text(query(t, doc, ".koreksi")); !strings.Contains(got, "Koreksi") || !strings.Contains(got, "10.35 WIB") || !strings.Contains(got, "sebelumnya tertulis 08.00") {
			t.Errorf("corrections = %q", got)
		}
		topics := hrefs(t, doc, ".topics a")
		for _, want := range []string{"/wilayah/kota-surabaya", "/wilayah/jawa-timur", "/tahapan/pemilu-2024-pemungutan-suara", "/tag/tps"} {
			if !slices.Contains(topics, want) {
				t.Errorf("topics %v lack %s", topics, want)
			}
		}
		share := strings.Join(hrefs(t, doc, ".share a"), " ")
		for _, want := range []string{
			"https://wa.me/?text=", "https://t.me/share/url?url=" + url.QueryEscape(canonical),
			"https://x.com/intent/post?url=" + url.QueryEscape(canonical), "https://www.facebook.com/sharer/sharer.php?u=" + url.QueryEscape(canonical),
		} {
			if !strings.Contains(share, want) {
				t.Errorf("share links lack %s", want)
			}
		}
		if in := query(t, doc, ".share input[readonly]"); attr(in, "value") != canonical {
			t.Errorf("copy field = %q", attr(in, "value"))
		}
		related := hrefs(t, doc, "#terkait a[href^=\"/berita/\"]")
		if len(related) < 3 || len(related) > 6 || slices.Contains(related, a.Path()) {
			t.Errorf("related = %v", related)
		}
		if query(t, doc, "section#terkait").Attr == nil || attr(query(t, doc, "#terkait"), "aria-labelledby") != "terkait-judul" {
			t.Error("related section is not labelled")
		}
	})
}

func TestArticleURLs(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		a := s.feature
		for _, wrong := range []string{"/berita/2024/02/13/" + a.Slug, "/berita/2023/2/14/" + a.Slug} {
			res := s.get(t, wrong)
			if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != a.Path() {
				t.Errorf("%s: %d → %q, want 301 → %s", wrong, res.StatusCode, res.Header.Get("Location"), a.Path())
			}
		}
		for _, missing := range []string{
			"/berita/2024/02/14/tidak-ada",
			s.draft.Path(),
			"/berita/2024/02/14/%FF%FE",
			"/berita/2024/02/14/Huruf-Besar",
		} {
			doc := s.page(t, missing, http.StatusNotFound)
			query(t, doc, "main form[role=search] input[name=q]")
		}
	})
}

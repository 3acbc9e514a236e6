package portal

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"golang.org/x/net/html"
)

// TestPagesMeetTheBasics checks on every kind of page what WCAG 2.1 AA and
// readers on slow phones need from the markup: language, landmarks, a skip
// link, one h1 and headings in order, alt text, labelled fields, unique ids.
func TestPagesMeetTheBasics(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		pages := map[string]int{
			"/":                      http.StatusOK,
			"/indeks":                http.StatusOK,
			s.feature.Path():         http.StatusOK,
			"/wilayah/kota-surabaya": http.StatusOK,
			"/cari?q=pemilu":         http.StatusOK,
			"/cari":                  http.StatusOK,
			"/jadwal":                http.StatusOK,
			"/tidak-ada":             http.StatusNotFound,
		}
		for path, status := range pages {
			doc := s.page(t, path, status)
			if attr(query(t, doc, "html"), "lang") != "id" {
				t.Errorf("%s: not lang=id", path)
			}
			for _, sel := range []string{"header", "nav[aria-label=Utama]", "main#konten", "footer", "a.skip[href=\"#konten\"]"} {
				if len(queryAll(t, doc, sel)) == 0 {
					t.Errorf("%s: no %s", path, sel)
				}
			}
			if n := len(queryAll(t, doc, "h1")); n != 1 {
				t.Errorf("%s: %d h1", path, n)
			}
			last := 0
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode && len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6' {
					level, _ := strconv.Atoi(n.Data[1:])
					if level > last+1 {
						t.Errorf("%s: %s %q after h%d", path, n.Data, text(n), last)
					}
					last = level
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			for _, img := range queryAll(t, doc, "img") {
				if _, ok := attrOK(img, "alt"); !ok {
					t.Errorf("%s: img without alt", path)
				}
			}
			labels := map[string]bool{}
			for _, l := range queryAll(t, doc, "label[for]") {
				labels[attr(l, "for")] = true
			}
			for _, sel := range []string{"input", "select"} {
				for _, in := range queryAll(t, doc, sel) {
					if attr(in, "type") != "hidden" && !labels[attr(in, "id")] && attr(in, "aria-label") == "" {
						t.Errorf("%s: %s %s has no label", path, sel, attr(in, "name"))
					}
				}
			}
			ids := map[string]bool{}
			for _, n := range queryAll(t, doc, "[id]") {
				if ids[attr(n, "id")] {
					t.Errorf("%s: duplicate id %q", path, attr(n, "id"))
				}
				ids[attr(n, "id")] = true
			}
		}
	})
}

// TestArticleIsLight keeps an article page and its stylesheet under 50 KB
// compressed, for readers on slow mobile data.
func TestArticleIsLight(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		gz := func(path string) int {
			res := s.get(t, path)
			body, _ := io.ReadAll(res.Body)
			var buf bytes.Buffer
			w := gzip.NewWriter(&buf)
			w.Write(body)
			w.Close()
			return buf.Len()
		}
		doc := s.page(t, s.feature.Path(), http.StatusOK)
		total := gz(s.feature.Path()) + gz(attr(query(t, doc, "link[rel=stylesheet]"), "href"))
		for _, sc := range queryAll(t, doc, "script[src]") {
			total += gz(attr(sc, "src"))
		}
		if total > 50<<10 {
			t.Errorf("article with CSS is %d bytes compressed", total)
		}
		t.Logf("article + CSS + JS: %d bytes gzip", total)
	})
}

func TestErrorPage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		for _, status := range []int{http.StatusNotFound, http.StatusBadRequest, http.StatusInternalServerError} {
			rec := httptest.NewRecorder()
			s.portal.Error(rec, httptest.NewRequest(http.MethodGet, "/apa-saja", nil), status, "")
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != status || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("Error(%d): %d %q", status, res.StatusCode, res.Header.Get("Content-Type"))
			}
			doc, _ := html.Parse(bytes.NewReader(body))
			query(t, doc, "main form[role=search] input[name=q]")
			if msg := text(query(t, doc, "main")); len(msg) < 40 {
				t.Errorf("Error(%d) says only %q", status, msg)
			}
		}
	})
}

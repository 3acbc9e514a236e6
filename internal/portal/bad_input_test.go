package portal

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestBadInputNeverFails(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		long := strings.Repeat("pemilu ", 1500)
		cases := []struct {
			target string
			status int
		}{
			{"/indeks?sebelum=abc", http.StatusBadRequest},
			{"/indeks?sebelum=" + url.QueryEscape("1707879600-01HPZZZZZZZZZZZZZZZZZZZZZ!"), http.StatusBadRequest},
			{"/wilayah/kota-surabaya?sebelum=%FF", http.StatusBadRequest},
			{"/indeks?tanggal=2024-13-45", http.StatusBadRequest},
			{"/indeks?tanggal=kemarin", http.StatusBadRequest},
			{"/indeks?wilayah=kota-atlantis", http.StatusBadRequest},
			{"/indeks?wilayah=%FF%FE", http.StatusBadRequest},
			{"/indeks?tahapan=" + url.QueryEscape("'; DROP TABLE articles; --"), http.StatusBadRequest},
			{"/wilayah/kota-atlantis", http.StatusNotFound},
			{"/wilayah/%FF", http.StatusNotFound},
			{"/tahapan/pemilu-1999-kampanye", http.StatusNotFound},
			{"/sumber/tidak-ada", http.StatusNotFound},
			{"/tag/tidak-ada", http.StatusNotFound},
			{"/tag/tidak-ada/feed.xml", http.StatusNotFound},
			{"/cari?q=" + url.QueryEscape(long), http.StatusOK},
			{"/cari?q=%FF%FEpemilu%C3", http.StatusOK},
			{"/cari?q=%00%01", http.StatusOK},
			{"/cari?q=" + url.QueryEscape(`"pemilu" OR * NEAR( AND -`), http.StatusOK},
			{"/cari?q=pemilu&hal=abc", http.StatusBadRequest},
			{"/cari?q=pemilu&hal=0", http.StatusBadRequest},
			{"/cari?q=pemilu&hal=51", http.StatusBadRequest},
			{"/cari?q=pemilu&hal=50", http.StatusOK},
			{"/cari?q=pemilu&tanggal=2024-02-30", http.StatusBadRequest},
			{"/tidak-ada", http.StatusNotFound},
			{"/sitemap-2024-13.xml", http.StatusNotFound},
			{"/sitemap-1999-01.xml", http.StatusNotFound},
			{"/static/app.css", http.StatusNotFound},
		}
		for _, c := range cases {
			res := s.get(t, c.target)
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Errorf("GET %.80s: %d, want %d", c.target, res.StatusCode, c.status)
				continue
			}
			if !strings.Contains(string(body), `role="search"`) || !strings.Contains(string(body), `href="/"`) {
				t.Errorf("GET %.80s: page lacks a search box or a link home", c.target)
			}
		}
		doc := s.page(t, "/cari?q="+url.QueryEscape(long), http.StatusOK)
		if got := text(query(t, doc, ".notice")); !strings.Contains(got, "200 karakter") {
			t.Errorf("long query notice = %q", got)
		}
		if v := attr(query(t, doc, "#q-halaman"), "value"); len([]rune(v)) > maxQueryRunes {
			t.Errorf("query kept %d runes", len([]rune(v)))
		}
		doc = s.page(t, "/indeks?tanggal=2024-13-45", http.StatusBadRequest)
		if got := text(query(t, doc, "main")); !strings.Contains(got, "2024-02-14") {
			t.Errorf("bad date page does not show the format: %q", got)
		}
	})
}

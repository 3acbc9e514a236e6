package opendata_test

import (
	"html"
	"strings"
	"testing"
)

// A data user finds a dataset in the catalog and understands it on its
// page: description, licence, dictionary, last update, downloads and an
// API example, in the portal's frame.
func TestCatalogAndDatasetPages(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		page := html.UnescapeString(e.getOK("/data").Body.String())
		for _, s := range []string{`class="site-header"`, `<link rel="canonical" href="` + base + `/data">`,
			"/data/tahapan", "/data/wilayah", "/data/artikel", "/data/distribusi", "/data/catalog.jsonld", "/api/3/action/package_list"} {
			if !strings.Contains(page, s) {
				t.Errorf("/data lacks %q", s)
			}
		}
		found := html.UnescapeString(e.getOK("/data?q=kemendagri").Body.String())
		if !strings.Contains(found, "/data/wilayah") || strings.Contains(found, `href="/data/artikel"`) ||
			!strings.Contains(found, `name="robots" content="noindex"`) {
			t.Errorf("search for kemendagri:\n%s", found)
		}
		if none := e.getOK("/data?q=zzzz").Body.String(); !strings.Contains(none, "Tidak ada dataset yang cocok") {
			t.Error("an empty search says nothing")
		}

		page = html.UnescapeString(e.getOK("/data/artikel").Body.String())
		for _, s := range []string{"Metadata berita dan informasi resmi", "https://creativecommons.org/licenses/by/4.0/",
			"Dinas Kominfo Provinsi Jawa Timur", "Kamus data", "<code>published_at</code>", "waktu (RFC 3339, WIB)",
			`href="/data/artikel.csv"`, `href="/data/artikel.json"`, "curl '" + base + "/data/artikel.json?",
			`"rows": [`, "<code>wilayah</code>", "Berkelanjutan", "2024 pukul"} {
			if !strings.Contains(page, s) {
				t.Errorf("/data/artikel lacks %q", s)
			}
		}
	})
}

package portal

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func TestFeeds(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		cases := []struct {
			path, ctype string
			want        int
		}{
			{"/feed.xml", "application/rss+xml; charset=utf-8", 30},
			{"/feed.atom", "application/atom+xml; charset=utf-8", 30},
			{"/feed.json", "application/feed+json; charset=utf-8", 30},
			{"/wilayah/kabupaten-sidoarjo/feed.xml", "application/rss+xml; charset=utf-8", 8},
			{"/tahapan/pemilu-2024-kampanye/feed.atom", "application/atom+xml; charset=utf-8", 10},
			{"/sumber/bawaslu-jatim/feed.json", "application/feed+json; charset=utf-8", 6},
			{"/tag/tps/feed.xml", "application/rss+xml; charset=utf-8", 1},
		}
		for _, c := range cases {
			res := s.get(t, c.path)
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != c.ctype {
				t.Errorf("%s: %d %q", c.path, res.StatusCode, res.Header.Get("Content-Type"))
				continue
			}
			f, err := gofeed.NewParser().ParseString(string(body))
			if err != nil {
				t.Errorf("%s: %v", c.path, err)
				continue
			}
			if len(f.Items) != c.want {
				t.Errorf("%s: %d items, want %d", c.path, len(f.Items), c.want)
			}
			if strings.HasSuffix(c.path, ".json") {
				var jf struct{ Version string }
				if err := json.Unmarshal(body, &jf); err != nil || jf.Version != "https://jsonfeed.org/version/1.1" {
					t.Errorf("%s: version %q, %v", c.path, jf.Version, err)
				}
			}
		}
	})
}

type urlset struct {
	XMLName xml.Name `xml:"urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func TestSitemapsAndRobots(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		get := func(path, ctype string) []byte {
			t.Helper()
			res := s.get(t, path)
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != ctype {
				t.Fatalf("%s: %d %q", path, res.StatusCode, res.Header.Get("Content-Type"))
			}
			return body
		}
		var index struct {
			XMLName  xml.Name `xml:"sitemapindex"`
			Sitemaps []struct {
				Loc string `xml:"loc"`
			} `xml:"sitemap"`
		}
		if err := xml.Unmarshal(get("/sitemap.xml", xmlType), &index); err != nil {
			t.Fatal(err)
		}
		var locs []string
		for _, sm := range index.Sitemaps {
			locs = append(locs, sm.Loc)
		}
		for _, want := range []string{"/sitemap-bagian.xml", "/sitemap-news.xml", "/sitemap-2024-02.xml"} {
			if !slices.Contains(locs, testBase+want) {
				t.Errorf("sitemap index %v lacks %s", locs, want)
			}
		}
		pages := map[string]bool{}
		for _, loc := range locs {
			var set urlset
			if err := xml.Unmarshal(get(pathOf(loc), xmlType), &set); err != nil {
				t.Fatalf("%s: %v", loc, err)
			}
			for _, u := range set.URLs {
				pages[pathOf(u.Loc)] = true
			}
		}
		for _, a := range s.live {
			if !pages[a.Path()] {
				t.Errorf("no sitemap lists %s", a.Path())
			}
		}
		for _, want := range []string{"/", "/indeks", "/jadwal", "/wilayah/kota-surabaya", "/tahapan/pemilu-2024-kampanye", "/sumber/kpu-jatim"} {
			if !pages[want] {
				t.Errorf("no sitemap lists %s", want)
			}
		}
		if pages[s.draft.Path()] {
			t.Error("a draft is in the sitemap")
		}

		// The news sitemap keeps the last 48 hours only.
		s.now = votingMorning.Add(24 * time.Hour)
		var news urlset
		if err := xml.Unmarshal(get("/sitemap-news.xml", xmlType), &news); err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, a := range s.live {
			if s.now.Sub(a.PublishedAt) <= 48*time.Hour {
				want++
			}
		}
		if len(news.URLs) != want || want == len(s.live) {
			t.Errorf("news sitemap has %d URLs, want %d", len(news.URLs), want)
		}

		robots := string(get("/robots.txt", "text/plain; charset=utf-8"))
		if !strings.Contains(robots, "Sitemap: "+testBase+"/sitemap.xml") {
			t.Errorf("robots.txt = %q", robots)
		}
	})
}

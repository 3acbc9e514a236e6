package app_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// startDemo runs a real node with the demo content on the dialect.
func startDemo(t *testing.T, d store.Dialect) *app.App {
	t.Helper()
	return start(t, d, true)
}

// start runs a real node on the dialect, with or without demo content.
func start(t *testing.T, d store.Dialect, demo bool) *app.App {
	t.Helper()
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.Demo = demo
	if d == store.Postgres {
		cfg.DatabaseURL = storetest.URL(t, d)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, u string) response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}
}

// TestDemoPortal walks every public page and feed of the demo site on each
// database, as a reader and a feed reader would.
func TestDemoPortal(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			a := startDemo(t, d)
			base := a.URL()
			for _, path := range []string{"/", "/indeks", "/jadwal", "/cari?q=pemungutan+suara",
				"/wilayah/kota-surabaya", "/wilayah/jawa-timur", "/tahapan/pemilu-2024-kampanye", "/sumber/kpu-jatim",
				"/healthz", "/readyz", "/metrics", "/robots.txt",
				"/data", "/data/wilayah", "/data/wilayah.csv", "/data/artikel.json", "/data/catalog.jsonld", "/statistik",
				"/api/3/action/package_list", "/api/3/action/package_show?id=tahapan",
				"/.well-known/webfinger?resource=acct:warta@" + strings.TrimPrefix(base, "http://"), "/ap/actor", "/langganan"} {
				if r := get(t, base+path); r.status != 200 {
					t.Errorf("GET %s = %d", path, r.status)
				}
			}
			// Feeds parse with a standard parser, for the site and a section.
			fp := gofeed.NewParser()
			var firstURL string
			for _, path := range []string{"/feed.xml", "/feed.atom", "/feed.json", "/wilayah/kota-surabaya/feed.xml", "/tahapan/pilkada-2024-kampanye/feed.json"} {
				r := get(t, base+path)
				f, err := fp.ParseString(r.body)
				if r.status != 200 || err != nil {
					t.Fatalf("%s: %d %v", path, r.status, err)
				}
				if len(f.Items) == 0 {
					t.Fatalf("%s has no items", path)
				}
				if firstURL == "" {
					firstURL = f.Items[0].Link
				}
			}
			// The article from the feed opens; its links point at this site.
			u, err := url.Parse(firstURL)
			if err != nil || !strings.HasPrefix(u.Path, "/berita/") {
				t.Fatalf("feed item link %q", firstURL)
			}
			art := get(t, base+u.Path)
			if art.status != 200 || !strings.Contains(art.body, "Sumber resmi") || !strings.Contains(art.body, `rel="canonical"`) {
				t.Fatalf("article page %s: %d", u.Path, art.status)
			}
			// Sitemaps: the index lists monthly sitemaps that parse and list articles.
			var index struct {
				Sitemaps []struct {
					Loc string `xml:"loc"`
				} `xml:"sitemap"`
			}
			if err := xml.Unmarshal([]byte(get(t, base+"/sitemap.xml").body), &index); err != nil || len(index.Sitemaps) < 2 {
				t.Fatalf("sitemap index: %v, %d entries", err, len(index.Sitemaps))
			}
			for _, sm := range index.Sitemaps {
				su, _ := url.Parse(sm.Loc)
				r := get(t, base+su.Path)
				var set struct {
					URLs []struct {
						Loc string `xml:"loc"`
					} `xml:"url"`
				}
				if err := xml.Unmarshal([]byte(r.body), &set); err != nil || r.status != 200 || len(set.URLs) == 0 {
					t.Fatalf("sitemap %s: %d %v %d urls", su.Path, r.status, err, len(set.URLs))
				}
			}
			news := get(t, base+"/sitemap-news.xml")
			if news.status != 200 || !strings.Contains(news.body, "<news:publication_date>") {
				t.Fatalf("news sitemap lacks recent articles: %d", news.status)
			}
			// Bad input gets a helpful 4xx page, never a 500.
			for path, want := range map[string]int{
				"/indeks?sebelum=abc":                        400,
				"/wilayah/kota-atlantis":                     404,
				"/tidak-ada":                                 404,
				"/berita/2024/02/14/tidak-ada":               404,
				"/cari?q=" + strings.Repeat("pemilu+", 1500): 200,
				"/cari?q=%ff%fe%fd":                          200,
				"/indeks?tanggal=2024-13-45":                 400,
			} {
				r := get(t, base+path)
				if r.status != want {
					t.Errorf("GET %.60s = %d, want %d", path, r.status, want)
				}
				if !strings.Contains(r.body, "<html") {
					t.Errorf("GET %.60s: not the site's page", path)
				}
			}
		})
	}
}

// TestPublishInvalidatesCache checks that a reader sees a new story at once,
// though the home page was cached a moment before.
func TestPublishInvalidatesCache(t *testing.T) {
	a := startDemo(t, store.SQLite)
	base := a.URL()
	first := get(t, base+"/")
	if again := get(t, base+"/"); again.header.Get("ETag") != first.header.Get("ETag") {
		t.Fatal("home page not served from cache")
	}
	ctx := context.Background()
	ag, err := a.DB.AgencyBySlug(ctx, "kpu-jatim")
	if err != nil {
		t.Fatal(err)
	}
	art := &warta.Article{Title: "KPU Jatim Umumkan Jadwal Uji Publik Rancangan Dapil", Body: "Uji publik digelar di Surabaya.",
		AgencyID: ag.ID, Status: warta.StatusPublished, PublishedAt: time.Now().Add(time.Minute), Headline: true,
		Regions: []warta.Region{{Slug: "jawa-timur"}}}
	if err := a.DB.CreateArticle(ctx, art); err != nil {
		t.Fatal(err)
	}
	after := get(t, base+"/")
	if !strings.Contains(after.body, art.Title) {
		t.Fatal("new article not on the home page after publishing")
	}
	var jf struct {
		Items []struct {
			Title string `json:"title"`
		} `json:"items"`
	}
	json.Unmarshal([]byte(get(t, base+"/feed.json").body), &jf)
	if len(jf.Items) == 0 || jf.Items[0].Title != art.Title {
		t.Fatal("new article not first in the JSON feed")
	}
}

// A data directory a demo made can be served again without --demo: the
// node finds the demo's key for what the demo sealed (the site's fediverse
// key, channel credentials) instead of refusing to start.
func TestDemoDataServesWithoutTheDemoFlag(t *testing.T) {
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.Demo = true
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	cfg.Demo = false
	b, err := app.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("serving the demo's data without --demo: %v", err)
	}
	defer b.Close()
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := get(t, b.URL()+"/"); r.status != http.StatusOK || !strings.Contains(r.body, "Warta") {
		t.Fatalf("home page: %d", r.status)
	}
}

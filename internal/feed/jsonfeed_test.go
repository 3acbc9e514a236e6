package feed_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/warta"
	"github.com/mmcdole/gofeed"
)

func TestJSONFeed(t *testing.T) {
	items := articles()
	out, err := feed.JSONFeed(site, section, items, mediaURL)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(out) {
		t.Fatalf("invalid JSON:\n%s", out)
	}
	var raw struct {
		Version string `json:"version"`
		FeedURL string `json:"feed_url"`
		Hubs    []struct {
			Type, URL string
		} `json:"hubs"`
		Items []struct {
			DatePublished string `json:"date_published"`
			DateModified  string `json:"date_modified"`
		} `json:"items"`
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	if raw.Version != "https://jsonfeed.org/version/1.1" {
		t.Errorf("version %q", raw.Version)
	}
	if raw.FeedURL != "https://warta.example.id/wilayah/kota-surabaya/feed.json" {
		t.Errorf("feed_url %q", raw.FeedURL)
	}
	if len(raw.Hubs) != 1 || raw.Hubs[0].Type != "WebSub" || raw.Hubs[0].URL != site.Hub {
		t.Errorf("hubs %+v", raw.Hubs)
	}
	if len(raw.Items) == 0 || raw.Items[0].DatePublished != "2024-02-14T00:30:00+07:00" ||
		raw.Items[0].DateModified != "2024-02-14T09:15:00+07:00" {
		t.Errorf("dates %+v, want RFC 3339 in WIB", raw.Items)
	}

	f, err := gofeed.NewParser().ParseString(string(out))
	if err != nil {
		t.Fatalf("gofeed: %v", err)
	}
	if f.FeedType != "json" || f.FeedVersion != feed.JSONFeedVersion {
		t.Errorf("type %s %s, want json 1.1", f.FeedType, f.FeedVersion)
	}
	if f.Title != section.Title || f.Link != site.BaseURL+section.Path || f.Language != "id" {
		t.Errorf("feed %q %q %q", f.Title, f.Link, f.Language)
	}
	if len(f.Items) != len(items) {
		t.Fatalf("%d items, want %d", len(f.Items), len(items))
	}
	for i, it := range f.Items {
		a := items[i]
		want := site.BaseURL + a.Path()
		if it.Link != want || it.GUID != want || !strings.HasPrefix(it.Link, "https://") {
			t.Errorf("item %d url %q id %q, want %q", i, it.Link, it.GUID, want)
		}
		if it.Title != a.Title {
			t.Errorf("item %d title %q, want %q", i, it.Title, a.Title)
		}
		sameTime(t, "date_published", it.PublishedParsed, a.PublishedAt)
		if it.Content == "" || it.Description == "" {
			t.Errorf("item %d has no content or summary", i)
		}
	}
	lead := f.Items[0]
	sameTime(t, "date_modified", lead.UpdatedParsed, items[0].UpdatedAt)
	if lead.Description != items[0].Dek {
		t.Errorf("summary %q", lead.Description)
	}
	if lead.Image == nil || lead.Image.URL != "https://warta.example.id/media/1600/2024/02/01HPXJ7M4Z8Q2N6V5R3T1Y9W0B.jpg" {
		t.Errorf("image %+v", lead.Image)
	}
	if f.Items[1].Image != nil {
		t.Errorf("article without photo has image %+v", f.Items[1].Image)
	}
	wantCategories(t, "lead", lead.Categories, "Kota Surabaya", "Pemungutan dan Penghitungan Suara", "TPS", "KPPS")
	if len(lead.Authors) != 1 || lead.Authors[0].Name != "Rina Wulandari" {
		t.Errorf("authors %+v", lead.Authors)
	}
}

func TestSummaryOfLongBodyIsShortPlainText(t *testing.T) {
	a := articles()[1]
	para := "Komisi Pemilihan Umum **Provinsi Jawa Timur** mengumumkan [jadwal rekapitulasi](https://kpu.example.id) suara tingkat kecamatan. "
	a.Body = strings.Repeat(para+"\n\n", 40)
	out, err := feed.JSONFeed(site, section, []*warta.Article{a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Items []struct {
			Summary string `json:"summary"`
		} `json:"items"`
	}
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatal(err)
	}
	s := f.Items[0].Summary
	if n := utf8.RuneCountInString(s); n > 301 || n < 150 {
		t.Errorf("summary of %d runes: %q", n, s)
	}
	if !strings.HasPrefix(s, "Komisi Pemilihan Umum Provinsi Jawa Timur mengumumkan jadwal rekapitulasi suara") ||
		!strings.HasSuffix(s, "…") || strings.ContainsAny(s, "*[]\n") {
		t.Errorf("summary %q is not a cut plain-text lead", s)
	}
}

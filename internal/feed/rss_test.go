package feed_test

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/warta"
	"github.com/mmcdole/gofeed"
)

func TestRSS(t *testing.T) {
	items := articles()
	out, err := feed.RSS(site, section, items, mediaURL)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, out)
	f, err := gofeed.NewParser().ParseString(string(out))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, out)
	}
	if f.FeedType != "rss" || f.FeedVersion != "2.0" {
		t.Errorf("type %s %s, want rss 2.0", f.FeedType, f.FeedVersion)
	}
	if f.Title != section.Title || f.Description != section.Description || f.Language != "id" {
		t.Errorf("channel %q %q %q", f.Title, f.Description, f.Language)
	}
	if f.Link != "https://warta.example.id/wilayah/kota-surabaya" {
		t.Errorf("link %q", f.Link)
	}
	if f.FeedLink != "https://warta.example.id/wilayah/kota-surabaya/feed.xml" {
		t.Errorf("self link %q", f.FeedLink)
	}
	sameTime(t, "lastBuildDate", f.UpdatedParsed, section.Updated)
	if !bytes.Contains(out, []byte(`<atom:link href="https://hub.example.id/" rel="hub"></atom:link>`)) {
		t.Errorf("no WebSub hub link:\n%s", out)
	}
	if len(f.Items) != len(items) {
		t.Fatalf("%d items, want %d", len(f.Items), len(items))
	}
	for i, it := range f.Items {
		a := items[i]
		want := site.BaseURL + a.Path()
		if it.Link != want || it.GUID != want {
			t.Errorf("item %d link %q guid %q, want %q", i, it.Link, it.GUID, want)
		}
		if it.Title != a.Title {
			t.Errorf("item %d title %q, want %q", i, it.Title, a.Title)
		}
		sameTime(t, "pubDate", it.PublishedParsed, a.PublishedAt)
		if !strings.HasSuffix(it.Published, "+0700") {
			t.Errorf("item %d pubDate %q not in WIB", i, it.Published)
		}
	}

	lead := f.Items[0]
	if lead.Link != "https://warta.example.id/berita/2024/02/14/kpu-jatim-bawaslu-jaga-tps" {
		t.Errorf("path date must be the WIB day: %q", lead.Link)
	}
	if got := html.UnescapeString(lead.Description); got != items[0].Dek {
		t.Errorf("description %q, want the dek %q", got, items[0].Dek)
	}
	wantImg := "https://warta.example.id/media/1600/2024/02/01HPXJ7M4Z8Q2N6V5R3T1Y9W0B.jpg"
	if lead.Image == nil || lead.Image.URL != wantImg {
		t.Errorf("image %+v, want %s", lead.Image, wantImg)
	}
	if len(lead.Enclosures) != 1 || lead.Enclosures[0].Type != "image/jpeg" || lead.Enclosures[0].URL != wantImg {
		t.Errorf("enclosures %+v", lead.Enclosures)
	}
	wantCategories(t, "lead", lead.Categories, "Kota Surabaya", "Pemungutan dan Penghitungan Suara", "TPS", "KPPS")
	if lead.Author == nil || lead.Author.Name != "Rina Wulandari" {
		t.Errorf("author %+v", lead.Author)
	}
	if !strings.Contains(lead.Content, "<strong>KPPS</strong>") ||
		!strings.Contains(lead.Content, "yang benar 06.00") || !strings.Contains(lead.Content, "&lt;WIB&gt;") {
		t.Errorf("content lacks the body or the escaped correction: %q", lead.Content)
	}

	noDek := f.Items[1]
	if noDek.Author == nil || noDek.Author.Name != "KPU Provinsi Jawa Timur" {
		t.Errorf("without a byline the agency is the author, got %+v", noDek.Author)
	}
	if !strings.HasPrefix(noDek.Description, "Rekapitulasi suara tingkat kecamatan di Sidoarjo") ||
		strings.Contains(noDek.Description, "**") {
		t.Errorf("summary from the body: %q", noDek.Description)
	}
	if noDek.Image != nil || len(noDek.Enclosures) != 0 {
		t.Errorf("article without a photo has image %+v", noDek.Image)
	}
}

func TestRSSWithoutImagesOrHub(t *testing.T) {
	s := site
	s.Hub = ""
	s.BaseURL += "/" // tolerated: no double slash in links
	out, err := feed.RSS(s, section, articles(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("<enclosure")) || bytes.Contains(out, []byte(`rel="hub"`)) {
		t.Errorf("no MediaURL and no hub, yet:\n%s", out)
	}
	if bytes.Contains(out, []byte("id//")) {
		t.Errorf("double slash after base URL:\n%s", out)
	}
}

func TestRSSEmptyChannelUsesNewestItemTime(t *testing.T) {
	c := section
	c.Updated = time.Time{}
	out, err := feed.RSS(site, c, articles(), mediaURL)
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().ParseString(string(out))
	if err != nil {
		t.Fatal(err)
	}
	sameTime(t, "lastBuildDate", f.UpdatedParsed, articles()[0].UpdatedAt)
}

func TestFeedsRejectRelativeBaseURL(t *testing.T) {
	s := site
	s.BaseURL = "warta.example.id"
	for name, render := range map[string]func(feed.Site, feed.Channel, []*warta.Article, feed.MediaURL) ([]byte, error){
		"rss": feed.RSS, "atom": feed.Atom, "json": feed.JSONFeed,
	} {
		if _, err := render(s, section, articles(), mediaURL); err == nil {
			t.Errorf("%s: relative base URL accepted", name)
		}
	}
}

func BenchmarkRSS50(b *testing.B) {
	base := articles()
	items := make([]*warta.Article, 50)
	for i := range items {
		a := *base[i%len(base)]
		a.Slug = a.Slug + "-" + string(rune('a'+i%26))
		a.BodyHTML = strings.Repeat(a.BodyHTML, 20) // a few kilobytes, like a real story
		items[i] = &a
	}
	b.ReportAllocs()
	for b.Loop() {
		out, err := feed.RSS(site, section, items, mediaURL)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(out)))
	}
}

func TestLeadImageWithoutVariantsIsTheOriginal(t *testing.T) {
	a := articles()[0]
	a.LeadImage.Variants = nil
	var gotWidth = -1
	out, err := feed.JSONFeed(site, section, []*warta.Article{a}, func(key string, width int) string {
		gotWidth = width
		return "https://cdn.example.id/" + key
	})
	if err != nil {
		t.Fatal(err)
	}
	if gotWidth != 0 {
		t.Errorf("asked for width %d, want 0 (the original)", gotWidth)
	}
	if !bytes.Contains(out, []byte(`"image":"https://cdn.example.id/2024/02/01HPXJ7M4Z8Q2N6V5R3T1Y9W0B.jpg"`)) {
		t.Errorf("absolute media URL not kept as is:\n%s", out)
	}
}

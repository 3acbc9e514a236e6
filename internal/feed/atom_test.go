package feed_test

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/mmcdole/gofeed"
)

func TestAtom(t *testing.T) {
	items := articles()
	out, err := feed.Atom(site, section, items, mediaURL)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, out)
	f, err := gofeed.NewParser().ParseString(string(out))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, out)
	}
	if f.FeedType != "atom" || f.FeedVersion != "1.0" {
		t.Errorf("type %s %s, want atom 1.0", f.FeedType, f.FeedVersion)
	}
	if f.Title != section.Title || f.Language != "id" {
		t.Errorf("feed title %q language %q", f.Title, f.Language)
	}
	if f.Link != site.BaseURL+section.Path || f.FeedLink != site.BaseURL+section.FeedPath+".atom" {
		t.Errorf("links %q %q", f.Link, f.FeedLink)
	}
	sameTime(t, "feed updated", f.UpdatedParsed, section.Updated)
	if len(f.Items) != len(items) {
		t.Fatalf("%d entries, want %d", len(f.Items), len(items))
	}
	for i, it := range f.Items {
		a := items[i]
		want := site.BaseURL + a.Path()
		if it.Link != want || it.GUID != want {
			t.Errorf("entry %d link %q id %q, want %q", i, it.Link, it.GUID, want)
		}
		if it.Title != a.Title {
			t.Errorf("entry %d title %q, want %q", i, it.Title, a.Title)
		}
		sameTime(t, "published", it.PublishedParsed, a.PublishedAt)
		if !strings.HasSuffix(it.Published, "+07:00") {
			t.Errorf("entry %d published %q not in WIB", i, it.Published)
		}
		if it.UpdatedParsed == nil || it.UpdatedParsed.Before(a.PublishedAt) {
			t.Errorf("entry %d updated %v before published", i, it.UpdatedParsed)
		}
	}

	lead := f.Items[0]
	sameTime(t, "lead updated", lead.UpdatedParsed, items[0].UpdatedAt)
	if lead.Description != items[0].Dek {
		t.Errorf("summary %q, want %q", lead.Description, items[0].Dek)
	}
	if !strings.HasPrefix(lead.Content, items[0].BodyHTML) || !strings.Contains(lead.Content, "Koreksi") {
		t.Errorf("content %q", lead.Content)
	}
	if lead.Author == nil || lead.Author.Name != "Rina Wulandari" {
		t.Errorf("author %+v", lead.Author)
	}
	wantImg := "https://warta.example.id/media/1600/2024/02/01HPXJ7M4Z8Q2N6V5R3T1Y9W0B.jpg"
	if len(lead.Enclosures) != 1 || lead.Enclosures[0].URL != wantImg || lead.Enclosures[0].Type != "image/jpeg" {
		t.Errorf("enclosures %+v, want %s", lead.Enclosures, wantImg)
	}
	wantCategories(t, "lead", lead.Categories, "Kota Surabaya", "Pemungutan dan Penghitungan Suara", "TPS", "KPPS")
	wantCategories(t, "fact-check", f.Items[2].Categories, "Kabupaten Sidoarjo", "Cek Fakta", "Hoaks")

	var raw struct {
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
	}
	if err := xml.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	hub := false
	for _, l := range raw.Links {
		hub = hub || l.Rel == "hub" && l.Href == site.Hub
	}
	if !hub {
		t.Errorf("no rel=hub link in %+v", raw.Links)
	}
}

func TestAtomEmptyFeedIsValid(t *testing.T) {
	// Atom requires <updated>; a new section with no stories and no time
	// must still produce a feed readers accept.
	c := section
	c.Updated = time.Time{}
	out, err := feed.Atom(site, c, nil, mediaURL)
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().ParseString(string(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 0 || f.UpdatedParsed == nil || f.UpdatedParsed.Year() < 2024 {
		t.Errorf("empty feed: %d items, updated %v", len(f.Items), f.UpdatedParsed)
	}
}

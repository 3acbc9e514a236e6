package clinicweb_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/clinic"
)

// The archive lists verdicts newest first, twenty a page with a
// "Berikutnya" link that keeps the filters, by label and by region.
func TestArchiveFiltersAndPaging(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.importVerdicts(archiveCSV(25))
		p := s.get("/cek-fakta")
		p.expect(t, http.StatusOK, "main h1", "Cek Fakta")
		titles := p.texts(".arsip h3")
		if len(titles) != 20 || titles[0] != "Kabar nomor 0 tentang jembatan desa x" {
			t.Fatalf("first page: %d verdicts, first %q", len(titles), titles[0])
		}
		if badge := p.text(".arsip .label"); badge != "HOAKS" {
			t.Errorf("badge %q", badge)
		}
		if p.text(".arsip time") != "1 Maret 2026" {
			t.Errorf("date %q", p.text(".arsip time"))
		}
		next := p.attr("a[rel=next]", "href")
		if next == "" || p.text("a[rel=next]") != "Berikutnya" {
			t.Fatal("no Berikutnya link")
		}
		p2 := s.get(next)
		rest := p2.texts(".arsip h3")
		if len(rest) != 5 || rest[4] != "Kabar nomor 24 tentang jembatan desa xxxxx" || p2.count("a[rel=next]") != 0 {
			t.Errorf("second page: %v, next %d", rest, p2.count("a[rel=next]"))
		}
		for _, title := range rest {
			if slices.Contains(titles, title) {
				t.Errorf("%q on both pages", title)
			}
		}

		fakta := s.get("/cek-fakta?label=FAKTA")
		if labels := fakta.texts(".arsip .label"); len(labels) != 8 || slices.ContainsFunc(labels, func(l string) bool { return l != "FAKTA" }) {
			t.Errorf("label filter: %v", labels)
		}
		if fakta.attr("#cf-label option[selected]", "value") != "FAKTA" {
			t.Errorf("the filter does not show what is chosen")
		}
		small := s.get("/cek-fakta?label=HOAKS")
		if n := small.count(".arsip h3"); n != 17 {
			t.Errorf("HOAKS: %d verdicts", n)
		}

		// A verdict of a claim in Surabaya.
		code := s.report(url.Values{"text": {"Jembatan Suramadu ditutup selama hari pencoblosan"}}).ticket()
		s.publish(code, clinic.VerdictInput{Title: "Jembatan Suramadu Ditutup Saat Pencoblosan", Label: "HOAKS", Type: "fabricated",
			Explanation: "Dinas Perhubungan memastikan jembatan tetap dibuka.", RegionCode: "35.78"})
		sby := s.get("/cek-fakta?wilayah=35.78")
		if got := sby.texts(".arsip h3"); len(got) != 1 || got[0] != "Jembatan Suramadu Ditutup Saat Pencoblosan" || !strings.Contains(sby.text(".arsip .meta"), "Kota Surabaya") {
			t.Errorf("region filter: %v (%q)", got, sby.text(".arsip .meta"))
		}
		if s.get("/cek-fakta?wilayah=35.78&label=FAKTA").count(".arsip h3") != 0 {
			t.Errorf("label and region filters do not combine")
		}

		s.get("/cek-fakta?label=PALSU").expect(t, http.StatusBadRequest, "main", "Label \"PALSU\" tidak dikenal")
		s.get("/cek-fakta?wilayah=99.99").expect(t, http.StatusBadRequest, "main", "Wilayah itu tidak dikenal")
		s.get("/cek-fakta?setelah=rusak").expect(t, http.StatusBadRequest, "main", "Penanda halaman tidak valid")
	})
}

// The search box ranks verdicts with the clinic's matcher.
func TestArchiveSearch(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.importVerdicts("id,title,label,url,published\n" +
			"a,Video KPU Menghapus Ribuan Suara di Sidoarjo,HOAKS,https://cekfakta.example/a,2026-02-20\n" +
			"b,Gubernur Membagikan Uang Tunai di Alun-alun Malang,DISINFORMASI,https://cekfakta.example/b,2026-02-21\n" +
			"c,Jadwal Pemungutan Suara Diundur Sepekan,FAKTA,https://cekfakta.example/c,2026-02-22\n")
		p := s.get("/cek-fakta?q=" + url.QueryEscape("kpu hapus suara sidoarjo"))
		p.expect(t, http.StatusOK, "main h2", "hasil untuk “kpu hapus suara sidoarjo”")
		if first := p.text(".arsip h3"); first != "Video KPU Menghapus Ribuan Suara di Sidoarjo" {
			t.Errorf("best result %q", first)
		}
		if p.attr("#cf-q", "value") != "kpu hapus suara sidoarjo" {
			t.Errorf("search box lost the query")
		}
		if s.get("/cek-fakta?label=FAKTA&q="+url.QueryEscape("kpu hapus suara sidoarjo")).text(".arsip h3") == "Video KPU Menghapus Ribuan Suara di Sidoarjo" {
			t.Errorf("label filter ignored in a search")
		}
		none := s.get("/cek-fakta?q=" + url.QueryEscape("zxqv wxyz"))
		none.expect(t, http.StatusOK, ".empty", "Belum ada hasil pemeriksaan yang cocok")
	})
}

// The feeds are well-formed RSS 2.0 and Atom with absolute links.
func TestArchiveFeeds(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.importVerdicts(archiveCSV(3))
		rss := s.get("/cek-fakta/feed.xml")
		if rss.status != http.StatusOK || !strings.HasPrefix(rss.header.Get("Content-Type"), "application/rss+xml") {
			t.Fatalf("RSS: %d %s", rss.status, rss.header.Get("Content-Type"))
		}
		var doc struct {
			Version string `xml:"version,attr"`
			Channel struct {
				Title string `xml:"title"`
				Items []struct {
					Title    string `xml:"title"`
					Link     string `xml:"link"`
					PubDate  string `xml:"pubDate"`
					Category string `xml:"category"`
					GUID     string `xml:"guid"`
				} `xml:"item"`
			} `xml:"channel"`
		}
		if err := xml.Unmarshal(rss.body, &doc); err != nil {
			t.Fatalf("RSS is not XML: %v", err)
		}
		items := doc.Channel.Items
		if doc.Version != "2.0" || len(items) != 3 || items[0].Title != "[HOAKS] Kabar nomor 0 tentang jembatan desa x" ||
			items[0].Link != "https://cekfakta.example/000" || items[0].PubDate != "Sun, 01 Mar 2026 00:00:00 +0700" || items[2].Category != "FAKTA" {
			t.Errorf("RSS = %+v", doc)
		}

		atom := s.get("/cek-fakta/atom.xml")
		var feed struct {
			XMLName xml.Name
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Entries []struct {
				ID        string `xml:"id"`
				Title     string `xml:"title"`
				Published string `xml:"published"`
				Link      struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(atom.body, &feed); err != nil {
			t.Fatalf("Atom is not XML: %v", err)
		}
		if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.ID != s.url+"/cek-fakta/atom.xml" || len(feed.Entries) != 3 ||
			feed.Entries[1].Link.Href != "https://cekfakta.example/001" || feed.Entries[1].ID != feed.Entries[1].Link.Href || feed.Entries[1].Published != "2026-02-28T00:00:00+07:00" {
			t.Errorf("Atom = %+v", feed)
		}
	})
}

// The ClaimReview export holds every verdict, across the pages it reads.
func TestClaimReviewExport(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.importVerdicts(archiveCSV(130))
		p := s.get("/cek-fakta/claimreview.json")
		if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
			t.Fatalf("export: %d %s", p.status, p.header.Get("Content-Type"))
		}
		var reviews []map[string]any
		if err := json.Unmarshal(p.body, &reviews); err != nil {
			t.Fatalf("export is not JSON: %v", err)
		}
		if len(reviews) != 130 {
			t.Fatalf("%d reviews, want 130", len(reviews))
		}
		seen := map[any]bool{}
		for _, r := range reviews {
			if r["@type"] != "ClaimReview" || r["claimReviewed"] == "" || r["reviewRating"] == nil || seen[r["url"]] {
				t.Errorf("review %v", r)
			}
			seen[r["url"]] = true
		}
		if reviews[129]["url"] != "https://cekfakta.example/129" {
			t.Errorf("last review %v", reviews[129]["url"])
		}
	})
}

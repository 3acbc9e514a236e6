package clinicweb_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/htmltest"
)

// A report of a claim already checked is answered on the receipt page
// with the verdict's label, title and link.
func TestKnownHoaxAnsweredOnTheReceipt(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.importVerdicts("id,title,label,url,published\n" +
			"tbh-1,Video KPU Menghapus Ribuan Suara di Sidoarjo,HOAKS,https://cekfakta.example/kpu-hapus-suara,2026-02-20\n" +
			"tbh-2,Bantuan Sosial Pemilu Dibagikan Lewat Tautan Pendaftaran,DISINFORMASI,https://cekfakta.example/bansos,2026-02-21\n")
		p := s.report(url.Values{"text": {"VIDEO KPU MENGHAPUS RIBUAN SUARA DI SIDOARJO!!! sebarkan sebelum dihapus 😡😡"}})
		p.expect(t, http.StatusOK, ".jawaban", "Kabar ini sudah pernah kami periksa", "HOAKS", "Video KPU Menghapus Ribuan Suara di Sidoarjo")
		if href := p.attr(".putusan-judul a", "href"); href != "https://cekfakta.example/kpu-hapus-suara" {
			t.Errorf("verdict link %q", href)
		}
		if strings.Contains(p.text(".jawaban"), "1×24 jam") {
			t.Errorf("an answered report promises an answer later")
		}
		// Its ticket page shows the same answer.
		tk := s.get("/klinik/tiket/" + p.ticket())
		tk.expect(t, http.StatusOK, "main", "Selesai: sudah dijawab", "HOAKS", "Video KPU Menghapus Ribuan Suara di Sidoarjo")
	})
}

// The ticket page shows the state, the times in WIB and, once answered,
// the verdict; never who reported, however they reported.
func TestTicketPageShowsStatusAndNoPersonalData(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		personal := []string{"siti.aminah@contoh.id", "Siti Aminah", "Jl. Darmo Permai 12"}
		p := s.report(url.Values{"text": {"Surat suara tercoblos ditemukan di gudang kecamatan"},
			"contact_kind": {"email"}, "contact_address": {"siti.aminah@contoh.id"}, "consent": {"setuju"},
			"referral_consent": {"setuju"}, "contact_name": {"Siti Aminah"}, "home_address": {"Jl. Darmo Permai 12"}})
		code := p.ticket()
		if !strings.Contains(p.text(".jawaban"), "kontak yang Anda isi") {
			t.Errorf("receipt does not say the answer goes to the contact: %q", p.text(".jawaban"))
		}
		wa := s.report(url.Values{"text": {"Surat suara tercoblos ditemukan di gudang kecamatan, kata grup"},
			"contact_kind": {"whatsapp"}, "contact_address": {"0813-1111-2222"}, "consent": {"setuju"}}).ticket()

		tk := s.get("/klinik/tiket/" + code)
		tk.expect(t, http.StatusOK, "main h1", code)
		if cc := tk.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("ticket page Cache-Control %q", cc)
		}
		tk.expect(t, http.StatusOK, ".data", "Diterima, menunggu pemeriksaan", "2 Maret 2026 pukul 09.00 WIB",
			"Target jawaban", "3 Maret 2026 pukul 09.00 WIB")
		for _, page := range []*page{tk, s.get("/klinik/tiket/" + wa)} {
			for _, secret := range append(personal, "0813-1111-2222", "6281311112222", "81311112222") {
				if strings.Contains(string(page.body), secret) {
					t.Errorf("ticket page shows %q", secret)
				}
			}
		}

		s.clock.advance(3 * time.Hour)
		v := s.publish(code, clinic.VerdictInput{Title: "Surat Suara Tercoblos di Gudang Kecamatan", Label: "HOAKS", Type: "fabricated",
			ClaimReviewed: "Surat suara sudah tercoblos ditemukan di gudang kecamatan", Explanation: "KPU memastikan surat suara masih tersegel."})
		tk = s.get("/klinik/tiket/" + code)
		tk.expect(t, http.StatusOK, "main", "Selesai: sudah dijawab", "HOAKS", "Surat Suara Tercoblos di Gudang Kecamatan")
		if href := tk.attr(".putusan-judul a", "href"); !strings.HasSuffix(href, v.URL) || v.URL == "" {
			t.Errorf("verdict link %q, verdict URL %q", href, v.URL)
		}
		if strings.Contains(tk.text(".data"), "Target jawaban") {
			t.Errorf("an answered ticket still shows its due time")
		}
		for _, secret := range personal {
			if strings.Contains(string(tk.body), secret) {
				t.Errorf("answered ticket page shows %q", secret)
			}
		}
	})
}

func TestUnknownTicket(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.get("/klinik/tiket/KH-2026-999999").expect(t, http.StatusNotFound, "main", "KH-2026-999999 tidak ditemukan")
		s.get("/klinik/tiket/%3Cscript%3E").expect(t, http.StatusNotFound, "main", "Tiket tidak ditemukan")
	})
}

// A published Cek Fakta article carries its ClaimReview as JSON-LD that
// parses, with the required and recommended fields.
func TestCekFaktaArticleCarriesClaimReview(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		code := s.report(url.Values{"text": {"Pemilih tanpa KTP elektronik tidak boleh mencoblos"}}).ticket()
		v := s.publish(code, clinic.VerdictInput{Title: "Pemilih Tanpa KTP Elektronik Tidak Boleh Mencoblos", Label: "MISINFORMASI",
			Type: "misleading", ClaimReviewed: "Pemilih tanpa KTP elektronik tidak boleh mencoblos",
			Explanation: "Pemilih dapat memakai surat keterangan.", ClaimAuthor: "Akun Facebook Info Warga",
			ClaimAppearance: []string{"https://facebook.example/infowarga/1"}, ClaimDate: start.Add(-24 * time.Hour)})
		path := strings.TrimPrefix(v.URL, s.url)
		p := s.get(path)
		if p.status != http.StatusOK {
			t.Fatalf("article %s: %d", path, p.status)
		}
		var review map[string]any
		for _, n := range htmltest.QueryAll(t, p.doc, `script[type="application/ld+json"]`) {
			var m map[string]any
			if err := json.Unmarshal([]byte(htmltest.Text(n)), &m); err != nil {
				t.Fatalf("JSON-LD does not parse: %v\n%s", err, htmltest.Text(n))
			}
			if m["@type"] == "ClaimReview" {
				review = m
			}
		}
		if review == nil {
			t.Fatal("no ClaimReview on the Cek Fakta article")
		}
		for _, k := range []string{"@context", "claimReviewed", "reviewRating", "url", "author", "datePublished", "itemReviewed"} {
			if review[k] == nil {
				t.Errorf("ClaimReview lacks %s", k)
			}
		}
		if r := review["reviewRating"].(map[string]any); r["alternateName"] != "MISINFORMASI" || r["ratingValue"] != 2.0 {
			t.Errorf("reviewRating %v", r)
		}
		if review["url"] != s.url+path {
			t.Errorf("url %v, want %s", review["url"], s.url+path)
		}
		item := review["itemReviewed"].(map[string]any)
		if item["author"] == nil || item["datePublished"] == nil || item["appearance"] == nil {
			t.Errorf("itemReviewed %v", item)
		}
	})
}

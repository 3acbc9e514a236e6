package studio_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

// TestClinicReferralDocument: a referral prints as the document filed
// with Bawaslu and downloads as JSON; only checkers open it, every opening
// is logged, and after the reporter's erasure it names nobody.
func TestClinicReferralDocument(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		img := image.NewRGBA(image.Rect(0, 0, 40, 30))
		for x := range 40 {
			img.Set(x, x%30, color.RGBA{200, uint8(x * 6), 40, 255})
		}
		var shot bytes.Buffer
		png.Encode(&shot, img)
		rc := e.submit(report{text: bansosText, url: "https://facebook.com/grup/posts/1", image: shot.Bytes(),
			email: "budi@contoh.example", name: "Budi Santoso", referral: true})
		c := e.claimOf(rc.Ticket)
		rep := e.detail(c.ID).Reports[0]
		b := e.login("sari@kominfo.example")
		p := b.follow(b.post("/studio/klinik/"+c.ID+"/rujukan", url.Values{"report_id": {rep.ID},
			"reported_party": {"Tim sukses pasangan calon X"}, "place": {"Kecamatan Wonokromo, Surabaya"},
			"occurred_at": {"2026-03-01T19:30"}, "known_at": {"2026-03-02T08:00"},
			"description": {"Pesan berantai bansos palsu disebar dengan atribut pasangan calon."},
			"evidence":    {"https://facebook.com/grup/posts/2"}}))
		refs := e.detail(c.ID).Referrals
		if len(refs) != 1 {
			t.Fatalf("%d referrals recorded", len(refs))
		}
		href := "/studio/klinik/rujukan/" + refs[0].ID
		if !containsHref(t, p, href) || !strings.Contains(p.text(".referral .referral-doc"), "Dokumen rujukan") {
			t.Fatalf("the claim's referral panel has no link to %s", href)
		}

		p = b.get(href)
		if p.status != http.StatusOK {
			t.Fatalf("document: %d %s", p.status, p.body)
		}
		for sel, want := range map[string]string{
			"h1":                "Penerusan Laporan Dugaan Pelanggaran Pemilu",
			".from":             "Dinas Komunikasi dan Informatika Provinsi Jawa Timur",
			".ticket":           rc.Ticket,
			".reporter-name":    "Budi Santoso",
			".reporter-address": "Jl. Pahlawan 110, Surabaya",
			".reported-party":   "Tim sukses pasangan calon X",
			".place":            "Kecamatan Wonokromo, Surabaya",
			".occurred":         "1 Maret 2026, 19.30 WIB",
			".known":            "2 Maret 2026, 08.00 WIB",
			".deadline":         "9 Maret 2026, 08.00 WIB (sisa 6 hari 23 jam)",
			".description":      "Pesan berantai bansos palsu",
			".evidence":         "https://facebook.com/grup/posts/2",
			".verdict":          "belum selesai diperiksa",
			".consent":          klinikConsent,
			".consent-at":       "2 Maret 2026, 09.00 WIB",
		} {
			if got := strings.Join(strings.Fields(p.text(sel)), " "); !strings.Contains(got, want) {
				t.Errorf("document %s = %q, want %q", sel, got, want)
			}
		}
		if !strings.Contains(p.text(".evidence"), "https://facebook.com/grup/posts/1") || !strings.Contains(p.text(".evidence"), "Tangkapan layar") ||
			p.count(`img[src="/studio/klinik/laporan/`+rep.ID+`/gambar"]`) != 1 {
			t.Errorf("evidence without the report's link and screenshot: %q", p.text(".evidence"))
		}
		if p.count("script") != 0 || p.count(`link[rel="stylesheet"]`) != 1 {
			t.Error("the document should print without scripts, with its stylesheet")
		}
		css := b.get(attr(queryAll(t, p.doc, `link[rel="stylesheet"]`)[0], "href"))
		if css.status != http.StatusOK || !strings.Contains(css.body, "@media print") {
			t.Errorf("print stylesheet: %d", css.status)
		}

		j := b.get(href + "?format=json")
		if j.status != http.StatusOK || !strings.HasPrefix(j.header.Get("Content-Type"), "application/json") ||
			!strings.Contains(j.header.Get("Content-Disposition"), "attachment") ||
			!strings.Contains(j.header.Get("Content-Disposition"), strings.ToLower(rc.Ticket)) {
			t.Fatalf("JSON: %d %s %s", j.status, j.header.Get("Content-Type"), j.header.Get("Content-Disposition"))
		}
		var doc struct {
			Title, Ticket, Sender string
			Reporter              struct {
				Name, Address string
				Erased        bool
			}
			ReportedParty string `json:"reported_party"`
			Deadline      struct{ At, Status string }
			Evidence      []string
			Report        struct{ Screenshot bool }
			Consent       *struct{ Text, At string }
		}
		if err := json.Unmarshal([]byte(j.body), &doc); err != nil {
			t.Fatalf("JSON: %v\n%s", err, j.body)
		}
		if doc.Ticket != rc.Ticket || doc.Reporter.Name != "Budi Santoso" || doc.Reporter.Address != "Jl. Pahlawan 110, Surabaya" ||
			doc.ReportedParty != "Tim sukses pasangan calon X" || doc.Deadline.At != "2026-03-09T08:00:00+07:00" ||
			doc.Deadline.Status != "sisa 6 hari 23 jam" || len(doc.Evidence) != 1 || !doc.Report.Screenshot ||
			doc.Consent == nil || doc.Consent.At != "2026-03-02T09:00:00+07:00" || doc.Title != "Penerusan Laporan Dugaan Pelanggaran Pemilu" {
			t.Errorf("JSON document:\n%s", j.body)
		}

		if p := e.login("andi@kpu.example").get(href); p.status != http.StatusForbidden || strings.Contains(p.body, "Budi") {
			t.Errorf("contributor GET document: %d", p.status)
		}
		log, err := e.cs.AccessLog(e.ctx, e.admin, 10)
		if err != nil {
			t.Fatal(err)
		}
		opened := 0
		for _, a := range log {
			if a.Action == "referral" && a.ActorID == e.checker.ID && a.Purpose == "dokumen rujukan Bawaslu" {
				opened++
			}
		}
		if opened != 2 {
			t.Errorf("%d openings of the document logged, want 2 (page and JSON): %+v", opened, log)
		}
		if got := e.login("admin@kominfo.example").get("/studio/klinik/data-pribadi").text("table.access-log tbody"); !strings.Contains(got, "dokumen rujukan Bawaslu") {
			t.Errorf("the admins' access log does not show the document: %s", got)
		}

		e.clock.add(8 * 24 * time.Hour)
		if got := b.get(href).text(".deadline"); !strings.Contains(got, "lewat 1 hari") {
			t.Errorf("deadline after 8 days: %q", got)
		}

		if n, err := e.cs.ErasePerson(e.ctx, e.admin, "email", "budi@contoh.example"); err != nil || n != 1 {
			t.Fatalf("erase: %d %v", n, err)
		}
		p = b.get(href)
		if p.status != http.StatusOK || strings.Contains(p.body, "Budi") || strings.Contains(p.body, "Pahlawan") ||
			p.count(".reporter-name") != 0 || !strings.Contains(p.text(".pelapor .erased"), "dihapus atas permintaan pelapor") ||
			p.text(".reported-party") != "Tim sukses pasangan calon X" {
			t.Errorf("document after erasure: %d %q", p.status, p.text(".pelapor"))
		}
		j = b.get(href + "?format=json")
		if strings.Contains(j.body, "Budi") || !strings.Contains(j.body, `"erased": true`) {
			t.Errorf("JSON after erasure:\n%s", j.body)
		}
	})
}

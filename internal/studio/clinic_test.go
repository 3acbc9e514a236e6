package studio_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The reports of these tests: unrelated claims, none about elections.
const (
	sirihText     = "Minum air rebusan daun sirih tiga kali sehari menyembuhkan diabetes dalam seminggu, dokter pun kaget"
	suramaduText  = "Jembatan Suramadu ditutup total selama satu bulan mulai besok untuk perbaikan kabel penyangga"
	bansosText    = "Pendaftaran bantuan sosial tunai Rp2 juta dibuka lewat tautan bit.ly, isi nomor KTP dan PIN ATM"
	sirihQuestion = "benarkah rebusan daun sirih bisa menyembuhkan penyakit diabetes? banyak yang kirim di grup keluarga"
)

// TestClinicQueue: a fact-checker sees the claims ordered by priority with
// the overdue one marked in words; other roles are refused.
func TestClinicQueue(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		sirih := e.claimOf(e.submit(report{text: sirihText}).Ticket)
		e.clock.add(20 * time.Hour)
		var tickets []string
		for range 3 {
			tickets = append(tickets, e.submit(report{text: suramaduText}).Ticket)
		}
		suramadu := e.claimOf(tickets[0])
		if e.claimOf(tickets[2]).ID != suramadu.ID {
			t.Fatal("the same message reported three times opened more than one claim")
		}
		e.clock.add(5*time.Hour + 12*time.Minute)

		b := e.login("sari@kominfo.example")
		p := b.get("/studio/klinik")
		if p.status != http.StatusOK {
			t.Fatalf("queue: %d\n%s", p.status, p.text("main"))
		}
		if got := queueIDs(t, p); !slices.Equal(got, []string{suramadu.ID, sirih.ID}) {
			t.Fatalf("queue order %v, want the claim with three reports (%s) before the one with one (%s)", got, suramadu.ID, sirih.ID)
		}
		row := rowText(t, p, sirih.ID)
		for _, want := range []string{"Minum air rebusan daun sirih", "Terlambat", "lewat 1 jam 12 menit", "Baru", "Belum ada"} {
			if !strings.Contains(row, want) {
				t.Errorf("sirih row lacks %q: %s", want, row)
			}
		}
		row = rowText(t, p, suramadu.ID)
		if !strings.Contains(row, "sisa 18 jam 48 menit") || strings.Contains(row, "Terlambat") {
			t.Errorf("suramadu row: %s", row)
		}
		if cells := queryAll(t, p.doc, `tr[data-id="`+suramadu.ID+`"] td.report-count`); len(cells) != 1 || text(cells[0]) != "3" {
			t.Errorf("suramadu report count not 3")
		}
		if got := p.text(`nav a[href="/studio/klinik"]`); !strings.Contains(got, "Klinik Hoaks") || !strings.Contains(got, "1") {
			t.Errorf("navigation link %q: want Klinik Hoaks with 1 overdue", got)
		}
		if got := queueIDs(t, b.get("/studio/klinik?tampil=terlambat")); !slices.Equal(got, []string{sirih.ID}) {
			t.Errorf("Terlambat filter: %v", got)
		}
		if got := queueIDs(t, b.get("/studio/klinik?tampil=saya")); len(got) != 0 {
			t.Errorf("Milik saya before taking any: %v", got)
		}

		// Editors and admins work the clinic too; contributors and judges
		// do not, and are not offered it.
		for _, who := range []string{"redaktur@kominfo.example", "admin@kominfo.example"} {
			if p := e.login(who).get("/studio/klinik"); p.status != http.StatusOK || len(queueIDs(t, p)) != 2 {
				t.Errorf("%s queue: %d", who, p.status)
			}
		}
		e.user("juri@kampus.example", warta.RoleJudge, nil)
		for _, who := range []string{"andi@kpu.example", "juri@kampus.example"} {
			c := e.login(who)
			for _, path := range []string{"/studio/klinik", "/studio/klinik/" + sirih.ID, "/studio/klinik/data-pribadi",
				"/studio/klinik/laporan/x/kontak", "/studio/klinik/laporan/x/gambar"} {
				if p := c.get(path); p.status != http.StatusForbidden {
					t.Errorf("%s GET %s: %d", who, path, p.status)
				}
			}
			for _, path := range []string{"/studio/klinik/" + sirih.ID + "/tugas", "/studio/klinik/" + sirih.ID + "/status",
				"/studio/klinik/" + sirih.ID + "/putusan"} {
				if p := c.post(path, url.Values{"user_id": {e.contributor.ID}, "status": {"ditolak"}, "reason": {"x"}}); p.status != http.StatusForbidden {
					t.Errorf("%s POST %s: %d", who, path, p.status)
				}
			}
			if containsHref(t, c.get("/studio/"), "/studio/klinik") {
				t.Errorf("%s is offered the Klinik Hoaks link", who)
			}
		}
		if c := e.detail(sirih.ID).Claim; c.Status != clinic.StatusNew || c.AssigneeID != "" {
			t.Errorf("claim changed through refused requests: %s %q", c.Status, c.AssigneeID)
		}
	})
}

// TestClinicClaimWork: taking a claim, assigning it, editing it, adding a
// note, and rejecting it, which needs a reason.
func TestClinicClaimWork(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		c := e.claimOf(e.submit(report{text: bansosText, url: "https://bit.ly/bansos-tunai-2026"}).Ticket)
		b := e.login("sari@kominfo.example")
		base := "/studio/klinik/" + c.ID

		p := b.get(base)
		if p.status != http.StatusOK {
			t.Fatalf("claim page: %d\n%s", p.status, p.text("main"))
		}
		if got := p.text("blockquote.report-text"); !strings.Contains(got, "bantuan sosial tunai") {
			t.Errorf("report text %q", got)
		}
		if !containsHref(t, p, "https://bit.ly/bansos-tunai-2026") {
			t.Error("the report's link is not shown")
		}
		if !strings.Contains(p.text("main"), "Tanpa kontak") {
			t.Error("an anonymous report is not marked as such")
		}

		// Ambil.
		p = b.follow(b.post(base+"/tugas", url.Values{"user_id": {e.checker.ID}}))
		if got := p.text("dd.assignee"); got != "sari" {
			t.Errorf("assignee after Ambil: %q", got)
		}
		if !strings.Contains(p.text(".claim-facts"), "Diperiksa") {
			t.Errorf("status after Ambil: %s", p.text(".claim-facts"))
		}
		if got := queueIDs(t, b.get("/studio/klinik?tampil=saya")); !slices.Equal(got, []string{c.ID}) {
			t.Errorf("Milik saya after Ambil: %v", got)
		}
		// Hand it to a colleague.
		b.follow(b.post(base+"/tugas", url.Values{"user_id": {e.checker2.ID}}))
		if got := e.detail(c.ID).Claim.AssigneeID; got != e.checker2.ID {
			t.Errorf("assigned to %q, want bayu", got)
		}

		// Title, region and the election flag.
		p = b.follow(b.post(base, url.Values{"title": {"Pendaftaran bansos tunai lewat tautan bit.ly"}, "region_code": {""}, "election": {"1"}}))
		if got := p.text("h1"); got != "Pendaftaran bansos tunai lewat tautan bit.ly" {
			t.Errorf("title after edit: %q", got)
		}
		if d := e.detail(c.ID).Claim; !d.Election || d.Priority <= c.Priority {
			t.Errorf("election flag %v, priority %d (was %d)", d.Election, d.Priority, c.Priority)
		}

		// A note with an evidence link.
		p = b.follow(b.post(base+"/catatan", url.Values{"body": {"Kemensos membantah di situs resminya."},
			"evidence_url": {"https://kemensos.go.id/klarifikasi-bansos"}}))
		if got := p.text("ul.notes"); !strings.Contains(got, "Kemensos membantah") || !containsHref(t, p, "https://kemensos.go.id/klarifikasi-bansos") {
			t.Errorf("notes: %q", got)
		}

		// Rejecting needs a reason.
		p = b.post(base+"/status", url.Values{"status": {"ditolak"}, "reason": {"  "}})
		if p.status != http.StatusUnprocessableEntity && p.status != http.StatusBadRequest {
			t.Errorf("reject without reason: %d", p.status)
		}
		if got := p.text(".error-summary"); !strings.Contains(strings.ToLower(got), "alasan") {
			t.Errorf("reject without reason: summary %q", got)
		}
		if st := e.detail(c.ID).Claim.Status; st != clinic.StatusChecking {
			t.Errorf("status after a refused rejection: %s", st)
		}
		p = b.follow(b.post(base+"/status", url.Values{"status": {"ditolak"}, "reason": {"bukan klaim faktual"}}))
		if got := p.text(".claim-facts"); !strings.Contains(got, "Ditolak") || !strings.Contains(got, "bukan klaim faktual") {
			t.Errorf("after rejecting: %s", got)
		}
		if p.count(`form[action="`+base+`/putusan"]`) != 0 {
			t.Error("a rejected claim still offers the verdict form")
		}
		if got := queueIDs(t, b.get("/studio/klinik?tampil=ditolak")); !slices.Equal(got, []string{c.ID}) {
			t.Errorf("Ditolak filter: %v", got)
		}
		if got := queueIDs(t, b.get("/studio/klinik")); len(got) != 0 {
			t.Errorf("open queue still lists the rejected claim: %v", got)
		}
	})
}

// TestClinicVerdict: a verdict published from the claim's form becomes a
// published "[HOAKS] …" article and closes the claim; a later report that
// resembles it is confirmed with one click.
func TestClinicVerdict(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		c := e.claimOf(e.submit(report{text: sirihText, email: "warga@contoh.example"}).Ticket)
		b := e.login("sari@kominfo.example")
		base := "/studio/klinik/" + c.ID
		b.post(base+"/tugas", url.Values{"user_id": {e.checker.ID}})

		form := url.Values{"label": {"HOAKS"}, "type": {"fabricated"}, "title": {"Rebusan daun sirih menyembuhkan diabetes dalam seminggu"},
			"claim_reviewed": {sirihText},
			"explanation":    {"Tidak ada penelitian yang menunjukkan **daun sirih** menyembuhkan diabetes. Dinas Kesehatan Jawa Timur membantahnya."},
			"references":     {"https://dinkes.jatimprov.go.id/klarifikasi-sirih\n\nhttps://www.who.int/news-room/fact-sheets/detail/diabetes"},
			"claim_author":   {"Akun Facebook Sehat Alami"}, "claim_appearance": {"https://facebook.com/sehatalami/posts/1"},
			"claim_date": {"2026-03-01"}, "region_code": {""}}

		// A date the browser would never send is refused beside its field.
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("claim_date", "kemarin")
		p := b.post(base+"/putusan", bad)
		if p.status != http.StatusUnprocessableEntity || p.text("#putusan-claim_date-err") == "" {
			t.Errorf("bad claim date: %d %q", p.status, p.text("#putusan-claim_date-err"))
		}
		if got := p.value("putusan-title"); got != "Rebusan daun sirih menyembuhkan diabetes dalam seminggu" {
			t.Errorf("the form lost what was typed: %q", got)
		}

		p = b.post(base+"/putusan", form)
		if p.status != http.StatusSeeOther {
			t.Fatalf("publish verdict: %d\n%s", p.status, p.text("main"))
		}
		p = b.follow(p)
		d := e.detail(c.ID)
		if d.Claim.Status != clinic.StatusDone || d.Verdict == nil {
			t.Fatalf("after publishing: status %s, verdict %v", d.Claim.Status, d.Verdict)
		}
		link := p.text(".notice a.verdict-link")
		if link != "[HOAKS] Rebusan daun sirih menyembuhkan diabetes dalam seminggu" || !containsHref(t, p, d.Verdict.URL) {
			t.Errorf("flash link %q to %q", link, d.Verdict.URL)
		}
		if !strings.Contains(p.text(".claim-facts"), "Selesai") {
			t.Errorf("claim facts after publishing: %s", p.text(".claim-facts"))
		}
		art, err := e.nr.Get(e.ctx, e.admin, d.Verdict.ArticleID)
		if err != nil {
			t.Fatalf("the verdict's article: %v", err)
		}
		if art.Title != "[HOAKS] Rebusan daun sirih menyembuhkan diabetes dalam seminggu" || art.Status != warta.StatusPublished {
			t.Errorf("article %q is %s", art.Title, art.Status)
		}
		if got := queueIDs(t, b.get("/studio/klinik?tampil=selesai")); !slices.Equal(got, []string{c.ID}) {
			t.Errorf("Selesai filter: %v", got)
		}

		// A later report resembling the verdict is suggested, and confirmed
		// with one click.
		rc := e.submit(report{text: sirihQuestion})
		if rc.Decision != clinic.DecisionSuggest {
			t.Fatalf("a report resembling the verdict: decision %s (score %.2f)", rc.Decision, rc.Score)
		}
		c2 := e.claimOf(rc.Ticket)
		q := b.get("/studio/klinik")
		if row := rowText(t, q, c2.ID); !strings.Contains(row, "Ada saran putusan") {
			t.Errorf("queue row without the suggestion badge: %s", row)
		}
		p = b.get("/studio/klinik/" + c2.ID)
		if got := p.text(".suggestion"); !strings.Contains(got, "[HOAKS] Rebusan daun sirih") {
			t.Errorf("suggestion panel: %q", got)
		}
		if p.text(`form[action="/studio/klinik/`+c2.ID+`/konfirmasi"] button`) != "Konfirmasi: jawab dengan putusan ini" {
			t.Error("no one-click confirmation")
		}
		p = b.follow(b.post("/studio/klinik/"+c2.ID+"/konfirmasi", nil))
		if d2 := e.detail(c2.ID); d2.Claim.Status != clinic.StatusDone || d2.Claim.VerdictID != d.Verdict.ID {
			t.Errorf("after confirming: %s, verdict %q", d2.Claim.Status, d2.Claim.VerdictID)
		}
		if !strings.Contains(p.text(".notice"), "[HOAKS] Rebusan daun sirih") {
			t.Errorf("flash after confirming: %q", p.text(".notice"))
		}
	})
}

// TestClinicContact: opening a reporter's contact asks the purpose, and the
// access appears in the admin's log; the referral form shows only for a
// reporter who agreed to it, and its deadline afterwards.
func TestClinicContact(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		plain := e.submit(report{text: suramaduText, email: "dewi@contoh.example", name: "Dewi"})
		c := e.claimOf(plain.Ticket)
		b := e.login("sari@kominfo.example")
		p := b.get("/studio/klinik/" + c.ID)
		if strings.Contains(p.body, "dewi@contoh.example") {
			t.Error("the claim page shows the reporter's address")
		}
		if p.count(`form[action="/studio/klinik/`+c.ID+`/rujukan"]`) != 0 {
			t.Error("referral form offered without the reporter's consent")
		}
		rep := e.detail(c.ID).Reports[0]
		href := "/studio/klinik/laporan/" + rep.ID + "/kontak?klaim=" + c.ID
		if !containsHref(t, p, href) || !strings.Contains(p.text(".contact"), "Ada kontak") {
			t.Fatalf("no Lihat kontak link %s", href)
		}
		p = b.get(href)
		if p.status != http.StatusOK || strings.Contains(p.body, "dewi@contoh.example") || p.count(`input[name="purpose"]`) != 1 {
			t.Fatalf("contact page before the purpose: %d", p.status)
		}
		p = b.post("/studio/klinik/laporan/"+rep.ID+"/kontak", url.Values{"klaim": {c.ID}, "purpose": {""}})
		if p.status != http.StatusUnprocessableEntity || strings.Contains(p.body, "dewi@contoh.example") {
			t.Errorf("contact without a purpose: %d", p.status)
		}
		p = b.post("/studio/klinik/laporan/"+rep.ID+"/kontak", url.Values{"klaim": {c.ID}, "purpose": {"meminta tangkapan layar asli"}})
		if got := p.text(".contact-address"); got != "dewi@contoh.example" {
			t.Errorf("contact shown %q", got)
		}

		a := e.login("admin@kominfo.example")
		log := a.get("/studio/klinik/data-pribadi").text("table.access-log tbody")
		if !strings.Contains(log, "sari") || !strings.Contains(log, "melihat kontak") || !strings.Contains(log, "meminta tangkapan layar asli") {
			t.Errorf("access log: %s", log)
		}

		// A reporter who agreed to a referral.
		e.clock.add(time.Hour)
		ref := e.submit(report{text: bansosText, email: "budi@contoh.example", name: "Budi Santoso", referral: true})
		c2 := e.claimOf(ref.Ticket)
		base := "/studio/klinik/" + c2.ID
		p = b.get(base)
		if p.count(`form[action="`+base+`/rujukan"]`) != 1 {
			t.Fatal("no referral form for a reporter who agreed")
		}
		rep2 := e.detail(c2.ID).Reports[0]
		p = b.post(base+"/rujukan", url.Values{"report_id": {rep2.ID}, "reported_party": {"Tim sukses pasangan calon X"},
			"place": {"Kecamatan Wonokromo, Surabaya"}, "occurred_at": {"2026-03-01T19:30"}, "known_at": {"2026-03-02T08:00"},
			"description": {"Pesan berantai bansos palsu disebar dengan atribut pasangan calon."},
			"evidence":    {"https://facebook.com/grup/posts/2"}})
		p = b.follow(p)
		if got := p.text(".referral .deadline"); !strings.Contains(got, "9 Maret 2026, 08.00 WIB") {
			t.Errorf("referral deadline: %q", got)
		}
	})
}

// TestClinicPersonalData: admins export and erase one person's data, the
// erasure after a confirmation; others cannot.
func TestClinicPersonalData(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		rc := e.submit(report{text: suramaduText, email: "dewi@contoh.example", name: "Dewi"})
		c := e.claimOf(rc.Ticket)
		person := url.Values{"kind": {"email"}, "address": {"dewi@contoh.example"}}

		for _, who := range []string{"sari@kominfo.example", "redaktur@kominfo.example"} {
			b := e.login(who)
			if p := b.get("/studio/klinik/data-pribadi"); p.status != http.StatusForbidden {
				t.Errorf("%s GET data-pribadi: %d", who, p.status)
			}
			for _, path := range []string{"/studio/klinik/data-pribadi/ekspor", "/studio/klinik/data-pribadi/hapus"} {
				yes := url.Values{"yakin": {"1"}, "kind": person["kind"], "address": person["address"]}
				if p := b.post(path, yes); p.status != http.StatusForbidden || strings.Contains(p.body, "dewi@contoh.example") {
					t.Errorf("%s POST %s: %d", who, path, p.status)
				}
			}
		}
		if !e.detail(c.ID).Reports[0].HasContact {
			t.Fatal("contact erased through a refused request")
		}

		a := e.login("admin@kominfo.example")
		p := a.post("/studio/klinik/data-pribadi/ekspor", person)
		if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") ||
			!strings.Contains(p.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %s %s", p.status, p.header.Get("Content-Type"), p.header.Get("Content-Disposition"))
		}
		if !json.Valid([]byte(p.body)) || !strings.Contains(p.body, "dewi@contoh.example") || !strings.Contains(p.body, rc.Ticket) {
			t.Errorf("export body: %s", p.body)
		}
		if p := a.post("/studio/klinik/data-pribadi/ekspor", url.Values{"kind": {"email"}}); p.status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.text(".error-summary"), "alamat kontak") {
			t.Errorf("export without an address: %d %q", p.status, p.text(".error-summary"))
		}

		// Erasing asks first.
		p = a.post("/studio/klinik/data-pribadi/hapus", person)
		if p.status != http.StatusOK || !strings.Contains(p.text(".confirm"), "dewi@contoh.example") {
			t.Fatalf("erase without confirming: %d %q", p.status, p.text(".confirm"))
		}
		if !e.detail(c.ID).Reports[0].HasContact {
			t.Fatal("erased before the confirmation")
		}
		p = a.post("/studio/klinik/data-pribadi/hapus", url.Values{"kind": {"email"}, "address": {"dewi@contoh.example"}, "yakin": {"1"}})
		p = a.follow(p)
		if !strings.Contains(p.text(".notice"), "dihapus") {
			t.Errorf("after erasing: %q", p.text(".notice"))
		}
		if e.detail(c.ID).Reports[0].HasContact {
			t.Error("the report still has a contact after erasure")
		}
		if got := e.detail(c.ID).Reports[0].Text; got != suramaduText {
			t.Errorf("erasure touched the report's content: %q", got)
		}
		log := p.text("table.access-log tbody")
		if !strings.Contains(log, "mengekspor data") || !strings.Contains(log, "menghapus data") {
			t.Errorf("access log: %s", log)
		}
	})
}

// TestClinicScreenshot: a report's screenshot is shown to checkers through
// the studio, never to others.
func TestClinicScreenshot(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		img := image.NewRGBA(image.Rect(0, 0, 64, 48))
		for x := range 64 {
			for y := range 48 {
				img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
			}
		}
		var buf bytes.Buffer
		png.Encode(&buf, img)
		rc := e.submit(report{text: suramaduText, image: buf.Bytes()})
		c := e.claimOf(rc.Ticket)
		rep := e.detail(c.ID).Reports[0]
		src := "/studio/klinik/laporan/" + rep.ID + "/gambar"

		b := e.login("sari@kominfo.example")
		if p := b.get("/studio/klinik/" + c.ID); p.count(`img[src="`+src+`"]`) != 1 {
			t.Error("no screenshot thumbnail on the claim page")
		}
		p := b.get(src)
		if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "image/") {
			t.Fatalf("screenshot: %d %s", p.status, p.header.Get("Content-Type"))
		}
		if p := e.login("andi@kpu.example").get(src); p.status != http.StatusForbidden {
			t.Errorf("contributor GET screenshot: %d", p.status)
		}
	})
}

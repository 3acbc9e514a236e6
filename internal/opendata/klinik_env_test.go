package opendata_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Personal data written into the fixtures, which no public output may
// ever contain.
var private = []string{
	"PESAN-PRIBADI-PELAPOR", "https://pribadi.example/laporan", "iphash-pribadi", "uploads/klinik/pribadi.jpg",
	"SEGEL-KONTAK-PRIBADI", "Persetujuan-pribadi", "6281299990000",
	"ayu@peserta.example", "2001-02-03", "@juri.example", "CATATAN-PEMERIKSA-PRIBADI",
	// Not public yet: a verdict dated in the future and its topic, a
	// contest not announced yet, a rejected entry.
	"PUTUSAN-BELUM-TERBIT", "Topik Belum Terbit", "Karya Belum Diumumkan", "Karya Ditolak",
}

// clinicDay is midnight WIB n days ago plus h hours: fixtures on days in
// the past, whatever the time of the run.
func clinicDay(n, h int) time.Time {
	now := time.Now().In(warta.Jakarta)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, warta.Jakarta)
	return midnight.AddDate(0, 0, -n).Add(time.Duration(h) * time.Hour)
}

// fixtureVerdict is a verdict of the clinic fixtures.
type fixtureVerdict struct {
	id, claim, label, category, region string
	published                          time.Time
}

// clinicVerdicts are the fixtures' verdicts; v5 is dated in the future
// and v3 is imported from an archive.
func clinicVerdicts() []fixtureVerdict {
	return []fixtureVerdict{
		{"V1", "C1", "HOAKS", "Pemilu", "35.78", clinicDay(5, 9).Add(20 * time.Hour)},
		{"V2", "C2", "DISINFORMASI", "Kesehatan", "35.15", clinicDay(3, 9).Add(30 * time.Hour)},
		{"V3", "", "FAKTA", "Pemilu", "35.78", clinicDay(400, 0)},
		{"V4", "C5", "HOAKS", "", "35.78", clinicDay(70, 19)},
		{"V5", "C6", "MISINFORMASI", "Topik Belum Terbit", "35.15", time.Now().Add(48 * time.Hour)},
		{"V6", "C7", "HOAKS", "Pemilu", "35.78", clinicDay(5, 6).Add(18 * time.Hour)},
	}
}

// seedClinic writes the clinic's tables as its service would: eight claims
// with eleven reports over 70 days, a reporter's sealed contact, a note,
// and six verdicts (one imported, one not public yet).
func (e *env) seedClinic() {
	t, ctx := e.t, context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := e.db.SQL().ExecContext(ctx, e.db.Rebind(q), args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// closed is when a checker answered the claim (zero: open); C4 was
	// answered on intake by an archived verdict, C8 by confirming V1,
	// which intake had suggested.
	type claim struct {
		id, region, verdict string
		reports             []time.Time
		closed              time.Time
	}
	published := map[string]time.Time{}
	for _, v := range clinicVerdicts() {
		published[v.id] = v.published
	}
	claims := []claim{
		{"C1", "35.78", "V1", []time.Time{clinicDay(5, 9), clinicDay(5, 10), clinicDay(4, 8)}, published["V1"]},
		{"C2", "35.15", "V2", []time.Time{clinicDay(3, 9), clinicDay(3, 11)}, published["V2"]},
		{"C3", "", "", []time.Time{clinicDay(1, 9)}, time.Time{}},
		{"C4", "35.78", "V3", []time.Time{clinicDay(2, 9)}, clinicDay(2, 9)},
		{"C5", "35.78", "V4", []time.Time{clinicDay(70, 9)}, published["V4"]},
		{"C6", "35.15", "V5", []time.Time{clinicDay(1, 10)}, clinicDay(1, 12)},
		{"C7", "35.78", "V6", []time.Time{clinicDay(5, 6)}, published["V6"]},
		{"C8", "35.78", "V1", []time.Time{clinicDay(4, 12)}, clinicDay(4, 20)},
	}
	exec(`INSERT INTO clinic_contacts (id, kind, lookup, sealed, consent_text, consent_at, expires_at, created_at)
		VALUES ('K1', 'whatsapp', '6281299990000', 'SEGEL-KONTAK-PRIBADI', 'Persetujuan-pribadi', ?, ?, ?)`,
		clinicDay(1, 9).Unix(), clinicDay(-90, 0).Unix(), clinicDay(1, 9).Unix())
	n := 0
	for _, c := range claims {
		first := c.reports[0]
		status, closed := "baru", any(nil)
		if !c.closed.IsZero() {
			status, closed = "selesai", c.closed.Unix()
		}
		exec(`INSERT INTO clinic_claims (id, title, status, report_count, first_report_at, due_at, region_code, verdict_id,
			closed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.id, "Klaim "+c.id, status, len(c.reports), first.Unix(),
			first.Add(24*time.Hour).Unix(), c.region, c.verdict, closed, first.Unix())
		for _, at := range c.reports {
			n++
			contact := any(nil)
			if c.id == "C3" {
				contact = "K1"
			}
			exec(`INSERT INTO clinic_reports (id, ticket, claim_id, channel, external_id, body, url, image_path, contact_id,
				decision, ip_hash, received_at) VALUES (?, ?, ?, 'whatsapp', ?, 'PESAN-PRIBADI-PELAPOR dari 6281299990000',
				'https://pribadi.example/laporan', 'uploads/klinik/pribadi.jpg', ?, 'new', 'iphash-pribadi', ?)`,
				warta.NewID(), fmt.Sprintf("KH-2026-%06d", n), c.id, fmt.Sprintf("wamid.%d", n), contact, at.Unix())
		}
	}
	exec(`INSERT INTO clinic_notes (id, claim_id, author_id, body, created_at) VALUES ('N1', 'C3', 'U1', 'CATATAN-PEMERIKSA-PRIBADI', ?)`,
		clinicDay(1, 12).Unix())
	for _, v := range clinicVerdicts() {
		source, ext := "clinic", any(nil)
		if v.claim == "" {
			source, ext = "import", "arsip-"+v.id
		}
		title := "Judul putusan " + v.id
		if v.id == "V5" {
			title = "PUTUSAN-BELUM-TERBIT"
		}
		exec(`INSERT INTO clinic_verdicts (id, claim_id, source, external_id, title, claim_reviewed, label, type, appearance_json,
			claim_date, category, region_code, url, author_name, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.id, v.claim, source, ext, title, "Klaim yang beredar "+v.id, v.label, "false-context",
			`["https://medsos.example/`+v.id+`"]`, clinicDay(6, 0).Unix(), v.category, v.region,
			base+"/berita/cek-fakta-"+v.id, "Pemeriksa Fakta", v.published.Unix())
	}
}

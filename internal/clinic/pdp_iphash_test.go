package clinic

import (
	"testing"
	"time"

	"github.com/riverqueue/river"
)

// ipHashOf returns the address hash stored with a ticket's report.
func ipHashOf(e *env, ticket string) string {
	e.t.Helper()
	var h string
	if err := e.db.SQL().QueryRowContext(e.ctx, e.db.Rebind("SELECT ip_hash FROM clinic_reports WHERE ticket = ?"), ticket).Scan(&h); err != nil {
		e.t.Fatal(err)
	}
	return h
}

func webReport(text, email, ip string) Submission {
	s := Submission{Channel: ChannelWeb, Text: text, IP: ip}
	if email != "" {
		s.Contact, s.Consent = &ContactInput{Kind: "email", Address: email}, true
	}
	return s
}

func TestErasureAndPurgeClearTheAddressHash(t *testing.T) {
	eachWith(t, func(c *Config) { c.Retention = 30 * 24 * time.Hour }, func(t *testing.T, e *env) {
		siti := e.submit(webReport("Video KPU menghapus suara paslon 2", "siti@contoh.id", "203.0.113.9"))
		budi := e.submit(webReport("Bansos Rp2 juta cair lewat tautan", "budi@contoh.id", "198.51.100.7"))
		e.clock.add(10 * 24 * time.Hour)
		late := e.submit(webReport("Jalan tol Surabaya–Malang ditutup", "lina@contoh.id", "192.0.2.44"))
		for _, tk := range []string{siti.Ticket, budi.Ticket, late.Ticket} {
			if ipHashOf(e, tk) == "" {
				t.Fatalf("%s stored no address hash", tk)
			}
		}
		if _, err := e.svc.ErasePerson(e.ctx, e.admin, "email", "siti@contoh.id"); err != nil {
			t.Fatal(err)
		}
		if h := ipHashOf(e, siti.Ticket); h != "" {
			t.Errorf("Siti's report keeps the address hash %q after erasure", h)
		}
		if ipHashOf(e, budi.Ticket) == "" {
			t.Error("erasing Siti cleared Budi's address hash")
		}
		// Budi's contact expires 30 days after his report; Lina's not yet.
		e.clock.add(20*24*time.Hour + time.Minute)
		if n, err := e.svc.Purge(e.ctx); err != nil || n != 1 {
			t.Fatalf("purge: %d, %v", n, err)
		}
		if h := ipHashOf(e, budi.Ticket); h != "" {
			t.Errorf("Budi's report keeps the address hash %q after the purge", h)
		}
		if ipHashOf(e, late.Ticket) == "" {
			t.Error("the purge cleared the address hash of a contact not yet expired")
		}
	})
}

// TestDailyPurgeClearsOldAddressHashes: rate limiting counts the last
// hour, so the daily job blanks the hashes of reports older than a day,
// anonymous ones included, and keeps the recent ones it needs.
func TestDailyPurgeClearsOldAddressHashes(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		old := e.submit(webReport("Video KPU menghapus suara paslon 2", "", "203.0.113.9"))
		e.clock.add(25 * time.Hour)
		recent := e.submit(webReport("Bansos Rp2 juta cair lewat tautan", "", "203.0.113.9"))
		if err := (&purgeWorker{s: e.svc}).Work(e.ctx, &river.Job[PurgeArgs]{}); err != nil {
			t.Fatal(err)
		}
		if h := ipHashOf(e, old.Ticket); h != "" {
			t.Errorf("a day-old report keeps its address hash %q", h)
		}
		if ipHashOf(e, recent.Ticket) == "" {
			t.Error("the purge cleared a recent report's address hash, which rate limiting needs")
		}
	})
}

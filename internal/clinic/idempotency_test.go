package clinic

import (
	"errors"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func apiReport(text string) Submission {
	return Submission{Channel: ChannelAPI, Text: text, IP: "203.0.113.9", Consent: true,
		Contact: &ContactInput{Kind: "email", Address: "warga@contoh.id"}}
}

func TestIdempotencyKeyReturnsTheFirstReceipt(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const key = "5f1c2a9e-0d7b-4c1e-9a44-3b2f8e6d1c70"
		first, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", key, apiReport(dptHoax))
		if err != nil || first.Repeat {
			t.Fatalf("first: %+v, %v", first, err)
		}
		reports, contacts := e.count("SELECT COUNT(*) FROM clinic_reports"), e.count("SELECT COUNT(*) FROM clinic_contacts")

		e.clock.add(23 * time.Hour)
		again, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", key, apiReport(dptHoax))
		if err != nil {
			t.Fatal(err)
		}
		if !again.Repeat || again.Ticket != first.Ticket || again.Decision != first.Decision || again.Reply != first.Reply {
			t.Fatalf("resend: %+v, first %+v", again, first)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_reports"); n != reports {
			t.Fatalf("the resend stored a report: %d, was %d", n, reports)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_contacts"); n != contacts {
			t.Fatalf("the resend stored a contact: %d, was %d", n, contacts)
		}

		// The same key with another report.
		_, err = e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", key, apiReport("Jalan tol Surabaya–Malang ditutup total sebulan"))
		if !errors.Is(err, ErrIdempotencyKeyReused) || warta.ErrorMessage(err) == "" {
			t.Fatalf("key reused for another report: %v", err)
		}
		// Another client's key of the same name is theirs.
		other, err := e.svc.SubmitIdempotent(e.ctx, "198.51.100.7", key, apiReport(dptHoax))
		if err != nil || other.Repeat || other.Ticket == first.Ticket {
			t.Fatalf("another client: %+v, %v", other, err)
		}
		// After 24 hours the key is new again.
		e.clock.add(2 * time.Hour)
		later, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", key, apiReport("Jalan tol Surabaya–Malang ditutup total sebulan"))
		if err != nil || later.Repeat || later.Ticket == first.Ticket {
			t.Fatalf("after 25 h: %+v, %v", later, err)
		}
		// No key is no idempotency.
		a, _ := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "", apiReport(dptHoax))
		b, _ := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "", apiReport(dptHoax))
		if a == nil || b == nil || a.Ticket == b.Ticket {
			t.Fatalf("without a key: %+v, %+v", a, b)
		}
		for _, bad := range []string{string(make([]byte, 256)), "kunci\nbaru", "kunci-é"} {
			_, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", bad, apiReport(dptHoax))
			wantErr(t, "bad key", err, warta.EInvalid, "Idempotency-Key")
		}
		// Nothing of the client or the key is stored in the clear.
		var scope, fp string
		if err := e.db.SQL().QueryRow("SELECT scope, fingerprint FROM clinic_idempotency_keys ORDER BY created_at LIMIT 1").Scan(&scope, &fp); err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{scope, fp} {
			if len(v) != 64 {
				t.Errorf("stored %q, want a hash", v)
			}
		}
	})
}

func TestResendsDoNotCountAgainstTheRateLimit(t *testing.T) {
	eachWith(t, func(c *Config) { c.ReportsPerHour = 1 }, func(t *testing.T, e *env) {
		first, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "k1", apiReport(dptHoax))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			r, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "k1", apiReport(dptHoax))
			if err != nil || r.Ticket != first.Ticket {
				t.Fatalf("resend %d: %+v, %v", i, r, err)
			}
		}
		_, err = e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "k2", apiReport("Jalan tol ditutup sebulan"))
		wantErr(t, "a second report", err, warta.ETooMany, "1 laporan dalam satu jam")
	})
}

func TestDailyPurgeDropsOldIdempotencyKeys(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if _, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "lama", apiReport(dptHoax)); err != nil {
			t.Fatal(err)
		}
		e.clock.add(12 * time.Hour)
		if _, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "baru", apiReport("Jalan tol ditutup sebulan")); err != nil {
			t.Fatal(err)
		}
		e.clock.add(12*time.Hour + time.Second)
		w := &purgeWorker{s: e.svc}
		if err := w.Work(e.ctx, &river.Job[PurgeArgs]{}); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_idempotency_keys"); n != 1 {
			t.Fatalf("%d keys after the purge, want the newer one", n)
		}
		if r, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "baru", apiReport("Jalan tol ditutup sebulan")); err != nil || !r.Repeat {
			t.Fatalf("the newer key was lost: %+v, %v", r, err)
		}
	})
}

// TestSameKeySentAtOnceFilesOneReport: a client that resends before the
// first answer arrives gets the same ticket both times.
func TestSameKeySentAtOnceFilesOneReport(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const n = 8
		tickets := make(chan string, n)
		errs := make(chan error, n)
		for range n {
			go func() {
				r, err := e.svc.SubmitIdempotent(e.ctx, "203.0.113.9", "serentak", apiReport(dptHoax))
				if err != nil {
					errs <- err
					return
				}
				tickets <- r.Ticket
			}()
		}
		seen := map[string]bool{}
		for range n {
			select {
			case err := <-errs:
				t.Fatal(err)
			case tk := <-tickets:
				seen[tk] = true
			}
		}
		if len(seen) != 1 || e.count("SELECT COUNT(*) FROM clinic_reports") != 1 {
			t.Fatalf("tickets %v, %d reports", seen, e.count("SELECT COUNT(*) FROM clinic_reports"))
		}
	})
}

package clinic

import (
	"testing"
	"time"
)

func TestPurgeRemovesExpiredContactsOnly(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		day := 24 * time.Hour
		// Old wrote once, on day 0; Back wrote on day 0 and again on day
		// 20; New first wrote on day 25. Retention is 30 days.
		old := e.save("whatsapp", "081111111111", true)
		rOld, _ := e.report(old, "Video KPU menghapus suara")
		ref := e.referral(rOld, old)
		back := e.save("telegram", "123456789", false)
		e.report(back, "Kabar bansos dihentikan")
		e.clock.set(pdpStart.Add(20 * day))
		if again := e.save("telegram", "123456789", false); again != back {
			t.Fatalf("Back got another contact")
		}
		rBack, _ := e.report(back, "Kabar bansos dihentikan lagi")
		e.clock.set(pdpStart.Add(25 * day))
		fresh := e.save("email", "baru@contoh.id", false)
		rNew, _ := e.report(fresh, "Foto banjir lama disebar lagi")
		e.report("", "Laporan tanpa kontak")

		// Day 29: nothing has expired yet.
		e.clock.set(pdpStart.Add(29 * day))
		if n, err := e.svc.Purge(e.ctx); err != nil || n != 0 {
			t.Fatalf("purge on day 29: %d, %v", n, err)
		}

		// Day 30: Old's contact expires; Back's last report and New's are
		// recent.
		e.clock.set(pdpStart.Add(30 * day))
		n, err := e.svc.Purge(e.ctx)
		if err != nil || n != 1 {
			t.Fatalf("purge on day 30: %d, %v", n, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_contacts WHERE id = ?`, old); n != 0 {
			t.Error("the expired contact is still there")
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_reports WHERE id = ? AND contact_id IS NULL AND body = ?`, rOld, "Video KPU menghapus suara"); n != 1 {
			t.Error("the expired contact's report lost its content or kept the contact")
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_referrals WHERE id = ? AND sealed_reporter = ''`, ref); n != 1 {
			t.Error("the referral still carries the purged reporter")
		}
		for _, r := range []struct{ report, contact string }{{rBack, back}, {rNew, fresh}} {
			c, err := e.svc.ReporterContact(e.ctx, e.checker, r.report, "menjawab")
			if err != nil || c == nil {
				t.Errorf("unexpired contact %s: %v", r.contact, err)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_reports`); n != 5 {
			t.Errorf("%d reports, want all 5", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_claims`); n != 1 {
			t.Errorf("%d claims, want 1", n)
		}
		var purge *AccessEntry
		for _, l := range e.accessLog() {
			if l.Action == "purge" {
				if purge != nil {
					t.Errorf("a second purge entry: %+v", l)
				}
				purge = &l
			}
		}
		if purge == nil || purge.ContactID != old || purge.ActorID != "system" || purge.ActorName != "Sistem" || purge.Purpose == "" {
			t.Errorf("purge logged as %+v", purge)
		}

		// Again the same day: nothing more.
		if n, err := e.svc.Purge(e.ctx); err != nil || n != 0 {
			t.Errorf("second purge: %d, %v", n, err)
		}
		// Day 60: everyone's time is up.
		e.clock.set(pdpStart.Add(60 * day))
		if n, err := e.svc.Purge(e.ctx); err != nil || n != 2 {
			t.Errorf("purge on day 60: %d, %v", n, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_contacts`); n != 0 {
			t.Errorf("%d contacts left", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_reports WHERE body <> ''`); n != 5 {
			t.Errorf("%d reports with content, want 5", n)
		}
	})
}

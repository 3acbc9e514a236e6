package clinic

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestReporterContactRolesPurposeAndLog(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		contact := e.save("whatsapp", "0812-3456-7890", false)
		report, _ := e.report(contact, "Video KPU menghapus suara, sebarkan!")
		anon, _ := e.report("", "Kabar bansos dihentikan")

		for _, u := range []*warta.User{e.checker, e.editor, e.admin} {
			e.clock.set(e.clock.now().Add(time.Minute))
			c, err := e.svc.ReporterContact(e.ctx, u, report, "  Menanyakan   tautan video aslinya ")
			if err != nil {
				t.Fatalf("%s: %v", u.Role, err)
			}
			if c.Address != "+6281234567890" || c.Kind != "whatsapp" {
				t.Errorf("%s opened %+v", u.Role, c)
			}
		}
		for _, u := range []*warta.User{e.contributor, e.judge} {
			_, err := e.svc.ReporterContact(e.ctx, u, report, "ingin tahu")
			pdpCode(t, string(u.Role), err, warta.EForbidden, "tidak berwenang")
		}
		_, err := e.svc.ReporterContact(e.ctx, nil, report, "ingin tahu")
		pdpCode(t, "anonymous user", err, warta.EUnauthorized, "masuk")
		_, err = e.svc.ReporterContact(e.ctx, e.checker, report, " ")
		if f := pdpCode(t, "no purpose", err, warta.EInvalid, "Tuliskan keperluan"); f != "purpose" {
			t.Errorf("field %q", f)
		}
		_, err = e.svc.ReporterContact(e.ctx, e.checker, anon, "menjawab")
		pdpCode(t, "report without contact", err, warta.ENotFound, "tidak menyimpan kontak pelapor")
		_, err = e.svc.ReporterContact(e.ctx, e.checker, "01JTIDAKADA00000000000000", "menjawab")
		pdpCode(t, "unknown report", err, warta.ENotFound, "Laporan tidak ditemukan")

		log := e.accessLog()
		if len(log) != 3 {
			t.Fatalf("%d accesses logged, want the 3 that opened data: %+v", len(log), log)
		}
		for i, u := range []*warta.User{e.admin, e.editor, e.checker} { // newest first
			l := log[i]
			if l.ActorID != u.ID || l.ActorName != u.Name || l.Action != "view" || l.ContactID != contact ||
				l.Purpose != "Menanyakan tautan video aslinya" {
				t.Errorf("log %d: %+v, want a view by %s", i, l, u.Name)
			}
		}
		if !log[0].At.Equal(e.clock.now()) {
			t.Errorf("logged at %v, want %v", log[0].At, e.clock.now())
		}
	})
}

// export is the decoded JSON of ExportPerson.
type export struct {
	Kind     string
	Address  string
	Contacts []map[string]any
	Reports  []map[string]any
}

func TestExportPersonHasTheirDataOnly(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		siti, err := e.trySave(e.svc, ContactInput{Kind: "whatsapp", Address: "0812-3456-7890", Name: "Siti Aminah"}, pdpConsent, true)
		if err != nil {
			t.Fatal(err)
		}
		_, t1 := e.report(siti, "Video KPU menghapus suara")
		budi := e.save("email", "budi@contoh.id", false)
		_, tb := e.report(budi, "Kabar bansos dihentikan")
		e.report("", "Laporan tanpa kontak")
		e.clock.set(pdpStart.Add(2 * time.Hour))
		e.save("whatsapp", "+62 812 3456 7890", false)
		r2, t2 := e.report(siti, "Video yang sama lagi")
		verdict := warta.NewID()
		e.sql(`INSERT INTO clinic_verdicts (id, claim_id, source, title, label, url, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			verdict, e.claim, "clinic", "Video KPU Menghapus Suara", "HOAKS", "https://warta.example/cek-fakta/video-kpu", pdpStart.Unix())
		e.sql(`UPDATE clinic_reports SET answered_at = ?, answer_verdict_id = ? WHERE id = ?`, pdpStart.Add(3*time.Hour).Unix(), verdict, r2)
		e.clock.set(pdpStart.Add(5 * time.Hour))

		data, err := e.svc.ExportPerson(e.ctx, e.admin, "whatsapp", "6281234567890")
		if err != nil {
			t.Fatal(err)
		}
		var x export
		if err := json.Unmarshal(data, &x); err != nil {
			t.Fatalf("export is not JSON: %v\n%s", err, data)
		}
		if x.Kind != "whatsapp" || x.Address != "+6281234567890" || len(x.Contacts) != 1 {
			t.Fatalf("export of %s %s with %d contacts:\n%s", x.Kind, x.Address, len(x.Contacts), data)
		}
		c := x.Contacts[0]
		if c["name"] != "Siti Aminah" || c["consent_text"] != pdpConsent || c["consent_at"] != "2026-03-02T11:00:00+07:00" ||
			c["referral_consent"] != true {
			t.Errorf("contact in export: %v", c)
		}
		if len(x.Reports) != 2 || x.Reports[0]["ticket"] != t1 || x.Reports[1]["ticket"] != t2 {
			t.Fatalf("reports in export: %v, want %s and %s only", x.Reports, t1, t2)
		}
		r := x.Reports[1]
		if r["text"] != "Video yang sama lagi" || r["channel"] != "whatsapp" || r["received_at"] != "2026-03-02T11:00:00+07:00" ||
			r["answered_at"] != "2026-03-02T12:00:00+07:00" || r["url"] == "" {
			t.Errorf("report in export: %v", r)
		}
		if a, _ := r["answer"].(map[string]any); a["label"] != "HOAKS" || a["url"] != "https://warta.example/cek-fakta/video-kpu" {
			t.Errorf("answer in export: %v", r["answer"])
		}
		if _, answered := x.Reports[0]["answered_at"]; answered {
			t.Errorf("unanswered report shows an answer time: %v", x.Reports[0])
		}
		for _, other := range []string{tb, "budi", "bansos", "tanpa kontak"} {
			if strings.Contains(string(data), other) {
				t.Errorf("export of Siti contains %q", other)
			}
		}

		log := e.accessLog()
		if len(log) != 1 || log[0].Action != "export" || log[0].ContactID != siti || log[0].ActorID != e.admin.ID {
			t.Errorf("log after export: %+v", log)
		}

		_, err = e.svc.ExportPerson(e.ctx, e.editor, "whatsapp", "081234567890")
		pdpCode(t, "editor exports", err, warta.EForbidden, "hanya admin")
		_, err = e.svc.ExportPerson(e.ctx, e.admin, "whatsapp", "0899 9999 9999")
		pdpCode(t, "unknown person", err, warta.ENotFound, "Tidak ada data pribadi")
		_, err = e.svc.ExportPerson(e.ctx, e.admin, "email", "bukan email")
		pdpCode(t, "bad address", err, warta.EInvalid, "Alamat email tidak valid")
		if n := len(e.accessLog()); n != 1 {
			t.Errorf("%d log entries after refused exports, want 1", n)
		}
	})
}

func TestErasePersonRemovesTheirContactOnly(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		siti, err := e.trySave(e.svc, ContactInput{Kind: "whatsapp", Address: "0812-3456-7890", Name: "Siti Aminah",
			HomeAddress: "Jl. Pahlawan 12"}, pdpConsent, true)
		if err != nil {
			t.Fatal(err)
		}
		r1, _ := e.report(siti, "Video KPU menghapus suara")
		r2, _ := e.report(siti, "Selebaran fitnah calon X di pasar")
		ref := e.referral(r2, siti)
		budi, err := e.trySave(e.svc, ContactInput{Kind: "email", Address: "budi@contoh.id", Name: "Budi"}, pdpConsent, true)
		if err != nil {
			t.Fatal(err)
		}
		rb, _ := e.report(budi, "Kabar bansos dihentikan")
		refB := e.referral(rb, budi)

		if _, err := e.svc.ErasePerson(e.ctx, e.checker, "whatsapp", "081234567890"); warta.ErrorCode(err) != warta.EForbidden {
			t.Fatalf("checker erased: %v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_contacts`); n != 2 {
			t.Fatalf("a refused erasure left %d contacts", n)
		}

		e.clock.set(pdpStart.Add(time.Hour))
		n, err := e.svc.ErasePerson(e.ctx, e.admin, "whatsapp", "+62 812-3456-7890")
		if err != nil || n != 1 {
			t.Fatalf("erase: %d, %v", n, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_contacts WHERE id = ?`, siti); n != 0 {
			t.Error("Siti's contact row is still there")
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_reports WHERE id IN (?, ?) AND contact_id IS NULL AND body <> ''`, r1, r2); n != 2 {
			t.Errorf("%d of Siti's reports kept their content without the contact, want 2", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_referrals WHERE id = ? AND sealed_reporter = '' AND description <> ''`, ref); n != 1 {
			t.Error("the referral still carries Siti, or went altogether")
		}
		if _, err := e.svc.ReporterContact(e.ctx, e.checker, r1, "menjawab"); warta.ErrorCode(err) != warta.ENotFound {
			t.Errorf("Siti's contact still opens: %v", err)
		}
		if _, err := e.svc.ExportPerson(e.ctx, e.admin, "whatsapp", "081234567890"); warta.ErrorCode(err) != warta.ENotFound {
			t.Errorf("Siti still exports: %v", err)
		}

		// Budi is untouched.
		if c, err := e.svc.ReporterContact(e.ctx, e.checker, rb, "menjawab"); err != nil || c.Address != "budi@contoh.id" || c.Name != "Budi" {
			t.Errorf("Budi's contact: %+v, %v", c, err)
		}
		var sealed string
		if err := e.db.SQL().QueryRow(e.db.Rebind(`SELECT sealed_reporter FROM clinic_referrals WHERE id = ?`), refB).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if c, err := e.svc.openReporter(budi, sealed); err != nil || c.Name != "Budi" {
			t.Errorf("Budi's referral: %+v, %v", c, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_reports`); n != 3 {
			t.Errorf("%d reports, want all 3", n)
		}

		var erase *AccessEntry
		for i, l := range e.accessLog() {
			if l.Action == "erase" {
				erase = &e.accessLog()[i]
			}
			for _, v := range []string{l.Purpose, l.ContactID} {
				if strings.Contains(v, "812") || strings.Contains(v, "Siti") {
					t.Errorf("the access log keeps personal data: %+v", l)
				}
			}
		}
		if erase == nil || erase.ContactID != siti || erase.ActorID != e.admin.ID || !erase.At.Equal(e.clock.now()) {
			t.Errorf("erasure logged as %+v", erase)
		}

		if n, err := e.svc.ErasePerson(e.ctx, e.admin, "whatsapp", "081234567890"); err != nil || n != 0 {
			t.Errorf("erasing again: %d, %v", n, err)
		}
		_, err = e.svc.ErasePerson(e.ctx, e.admin, "whatsapp", "nomor")
		pdpCode(t, "bad number", err, warta.EInvalid, "Nomor WhatsApp tidak valid")
	})
}

func TestAccessLogIsForAdmins(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		for i, action := range []string{"reply", "referral", "view"} {
			e.clock.set(pdpStart.Add(time.Duration(i) * time.Minute))
			if err := e.svc.logAccess(e.ctx, e.checker.ID, action, "kontak-1", "uji"); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.set(pdpStart.Add(time.Hour))
		if err := e.svc.logAccess(e.ctx, SystemActor, "purge", "kontak-2", "Masa simpan habis"); err != nil {
			t.Fatal(err)
		}
		log, err := e.svc.AccessLog(e.ctx, e.admin, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2 || log[0].Action != "purge" || log[0].ActorName != "Sistem" || log[1].Action != "view" || log[1].ActorName != e.checker.Name {
			t.Errorf("newest two: %+v", log)
		}
		for _, u := range []*warta.User{e.editor, e.checker, e.judge} {
			_, err := e.svc.AccessLog(e.ctx, u, 10)
			pdpCode(t, string(u.Role), err, warta.EForbidden, "hanya admin")
		}
	})
}

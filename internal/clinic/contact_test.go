package clinic

import (
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestContactNormalisation(t *testing.T) {
	good := []struct{ kind, in, want string }{
		{"whatsapp", "0812-3456-7890", "+6281234567890"},
		{"whatsapp", "081234567890", "+6281234567890"},
		{"whatsapp", "6281234567890", "+6281234567890"},
		{"whatsapp", "+62 812-3456-7890", "+6281234567890"},
		{"whatsapp", "+62 (812) 3456.7890", "+6281234567890"},
		{"whatsapp", "812 3456 7890", "+6281234567890"},
		{"whatsapp", "0062 812 3456 7890", "+6281234567890"},
		{"WhatsApp", " 0857 0000 1111 ", "+6285700001111"},
		{"whatsapp", "+60 12-345 6789", "+60123456789"},
		{"telegram", "123456789", "123456789"},
		{"telegram", " -1001234567890 ", "-1001234567890"},
		{"email", "Budi.Santoso@Contoh.ID", "budi.santoso@contoh.id"},
		{"email", " warga+klinik@mail.example.id ", "warga+klinik@mail.example.id"},
	}
	for _, g := range good {
		c, err := normalizeContact(ContactInput{Kind: g.kind, Address: g.in})
		if err != nil || c.Address != g.want || c.Kind != strings.ToLower(g.kind) {
			t.Errorf("%s %q: %q, %v; want %q", g.kind, g.in, c.Address, err, g.want)
		}
	}
	bad := []struct{ kind, in, want string }{
		{"whatsapp", "", "Isi kontak"},
		{"whatsapp", "0812-ABCD-7890", "Nomor WhatsApp tidak valid"},
		{"whatsapp", "12345", "Nomor WhatsApp tidak valid"},
		{"whatsapp", "0812", "Nomor WhatsApp tidak valid"},
		{"whatsapp", "+62 0812 3456 7890", "Nomor WhatsApp tidak valid"},
		{"whatsapp", "+62 812 3456 7890 1234", "Nomor WhatsApp tidak valid"},
		{"whatsapp", "0812+3456", "Nomor WhatsApp tidak valid"},
		{"telegram", "@budi_santoso", "ID chat Telegram harus berupa angka"},
		{"telegram", "0123", "ID chat Telegram harus berupa angka"},
		{"telegram", "12a", "ID chat Telegram harus berupa angka"},
		{"email", "budi", "Alamat email tidak valid"},
		{"email", "Budi <budi@contoh.id>", "Alamat email tidak valid"},
		{"email", "budi@localhost", "Alamat email tidak valid"},
		{"email", "budi@@contoh.id", "Alamat email tidak valid"},
		{"sms", "081234567890", "Jenis kontak harus WhatsApp, Telegram, atau email"},
	}
	for _, b := range bad {
		_, err := normalizeContact(ContactInput{Kind: b.kind, Address: b.in})
		if f := pdpCode(t, b.kind+" "+b.in, err, warta.EInvalid, b.want); f != "contact" {
			t.Errorf("%s %q: field %q, want contact", b.kind, b.in, f)
		}
	}
	_, err := normalizeContact(ContactInput{Kind: "email", Address: "a@b.id", Name: strings.Repeat("n", 101)})
	pdpCode(t, "long name", err, warta.EInvalid, "Nama paling panjang 100 karakter")
}

func TestContactIsSealedAtRest(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		id, err := e.trySave(e.svc, ContactInput{Kind: "whatsapp", Address: "0812-3456-7890", Name: "Siti Aminah",
			HomeAddress: "Jl. Pahlawan 12, Surabaya"}, pdpConsent, true)
		if err != nil {
			t.Fatal(err)
		}
		var row []string
		rows, err := e.db.SQL().Query(e.db.Rebind(`SELECT id, kind, lookup, sealed, consent_text FROM clinic_contacts`))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			cols := make([]string, 5)
			if err := rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4]); err != nil {
				t.Fatal(err)
			}
			row = append(row, cols...)
		}
		rows.Close()
		all := strings.Join(row, " | ")
		for _, secret := range []string{"81234567890", "812-3456", "Siti", "Aminah", "Pahlawan"} {
			if strings.Contains(all, secret) {
				t.Errorf("the stored contact shows %q in clear: %s", secret, all)
			}
		}

		c, err := e.svc.openContact(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := Contact{Kind: "whatsapp", Address: "+6281234567890", Name: "Siti Aminah", HomeAddress: "Jl. Pahlawan 12, Surabaya",
			LastInbound: e.clock.now()}
		if c.Kind != want.Kind || c.Address != want.Address || c.Name != want.Name || c.HomeAddress != want.HomeAddress || !c.LastInbound.Equal(want.LastInbound) {
			t.Errorf("opened %+v, want %+v", *c, want)
		}

		// Another key opens nothing and finds nothing.
		other := e.service("kunci-lain-yang-juga-panjang")
		if c, err := other.openContact(e.ctx, id); err == nil {
			t.Errorf("opened under another key: %+v", c)
		}
		if _, err := other.ExportPerson(e.ctx, e.admin, "whatsapp", "081234567890"); warta.ErrorCode(err) != warta.ENotFound {
			t.Errorf("another key found the person: %v", err)
		}
		// A sealed value moved onto another row does not open there.
		e.clock.set(e.clock.now().Add(time.Minute))
		id2 := e.save("email", "lain@contoh.id", false)
		e.sql(`UPDATE clinic_contacts SET sealed = (SELECT sealed FROM clinic_contacts WHERE id = ?) WHERE id = ?`, id, id2)
		if c, err := e.svc.openContact(e.ctx, id2); err == nil {
			t.Errorf("a sealed value opened on another row: %+v", c)
		}
		if _, err := e.svc.openContact(e.ctx, "01JXXXXXXXXXXXXXXXXXXXXXXX"); warta.ErrorCode(err) != warta.ENotFound {
			t.Errorf("unknown contact: %v", err)
		}
	})
}

func TestContactRefusedWithoutKeyOrConsent(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		_, err := e.trySave(e.service(""), ContactInput{Kind: "email", Address: "warga@contoh.id"}, pdpConsent, false)
		if f := pdpCode(t, "no key", err, warta.EInvalid, "Kontak tidak dapat disimpan: kunci enkripsi belum dikonfigurasi (WARTA_SECRET_KEY)"); f != "contact" {
			t.Errorf("field %q", f)
		}
		_, err = e.trySave(e.svc, ContactInput{Kind: "email", Address: "warga@contoh.id"}, "  ", false)
		if f := pdpCode(t, "no consent", err, warta.EInvalid, "persetujuan"); f != "consent" {
			t.Errorf("field %q", f)
		}
		_, err = e.trySave(e.svc, ContactInput{Kind: "whatsapp", Address: "nomor saya"}, pdpConsent, false)
		pdpCode(t, "bad number", err, warta.EInvalid, "Nomor WhatsApp tidak valid")
		if n := e.count(`SELECT COUNT(*) FROM clinic_contacts`); n != 0 {
			t.Errorf("%d contacts stored", n)
		}
	})
}

func TestSamePersonReusesContact(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		first, err := e.trySave(e.svc, ContactInput{Kind: "whatsapp", Address: "0812-3456-7890", Name: "Siti Aminah"}, "Persetujuan lama.", false)
		if err != nil {
			t.Fatal(err)
		}
		e.clock.set(pdpStart.Add(10 * 24 * time.Hour))
		second, err := e.trySave(e.svc, ContactInput{Kind: "whatsapp", Address: "+62 812 3456 7890"}, pdpConsent, true)
		if err != nil {
			t.Fatal(err)
		}
		if second != first {
			t.Fatalf("the same person got a second contact: %s, %s", first, second)
		}
		e.clock.set(pdpStart.Add(11 * 24 * time.Hour))
		if third := e.save("whatsapp", "6281234567890", false); third != first {
			t.Fatalf("the same person got another contact: %s", third)
		}
		if n := e.count(`SELECT COUNT(*) FROM clinic_contacts`); n != 1 {
			t.Fatalf("%d contact rows, want 1", n)
		}
		sc, err := e.svc.pdpLoadContact(e.ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		now := e.clock.now()
		if !sc.Contact.LastInbound.Equal(now) || !sc.ExpiresAt.Equal(now.Add(pdpRetention)) {
			t.Errorf("last inbound %v, expires %v; want %v and %v", sc.Contact.LastInbound, sc.ExpiresAt, now, now.Add(pdpRetention))
		}
		if sc.ConsentText != pdpConsent || !sc.ConsentAt.Equal(now) {
			t.Errorf("consent %q at %v, want the newest wording at %v", sc.ConsentText, sc.ConsentAt, now)
		}
		if !sc.ReferralConsent {
			t.Error("the referral consent given on the second report was lost")
		}
		if sc.Contact.Name != "Siti Aminah" {
			t.Errorf("name %q, want the one given first", sc.Contact.Name)
		}

		other := e.save("telegram", "81234567890", false)
		email := e.save("email", "Siti@Contoh.id", false)
		if other == first || email == first || email == other {
			t.Errorf("different people share a contact: %s %s %s", first, other, email)
		}
		if again := e.save("email", "siti@contoh.ID", false); again != email {
			t.Errorf("email in another case is another person: %s, %s", again, email)
		}
	})
}

func TestReferralReporterSealed(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		c := &Contact{Kind: "email", Address: "siti@contoh.id", Name: "Siti Aminah", HomeAddress: "Jl. Pahlawan 12"}
		sealed, err := e.svc.sealReporter("kontak-1", c)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(sealed, "siti") || strings.Contains(sealed, "Pahlawan") {
			t.Errorf("sealed reporter in clear: %s", sealed)
		}
		got, err := e.svc.openReporter("kontak-1", sealed)
		if err != nil || *got != *c {
			t.Errorf("opened %+v, %v; want %+v", got, err, c)
		}
		if got, err := e.svc.openReporter("kontak-2", sealed); err == nil {
			t.Errorf("opened for another contact: %+v", got)
		}
		if got, err := e.service("kunci-lain-yang-juga-panjang").openReporter("kontak-1", sealed); err == nil {
			t.Errorf("opened under another key: %+v", got)
		}
		if got, err := e.svc.openReporter("kontak-1", ""); got != nil || err != nil {
			t.Errorf("erased reporter: %+v, %v", got, err)
		}
		if _, err := e.service("").sealReporter("kontak-1", c); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("sealed without a key: %v", err)
		}
	})
}

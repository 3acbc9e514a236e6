package clinic

import (
	"strings"
	"testing"
)

func TestRedactAddressFindsTheWaysANumberIsWritten(t *testing.T) {
	wa := addressPattern("whatsapp", "+6281234567890")
	for _, text := range []string{
		"hubungi 081234567890 ya", "hubungi 0812-3456-7890 ya", "hubungi +62 812 3456 7890 ya",
		"hubungi 62812.3456.7890 ya", "hubungi (0812) 3456-7890 ya", "081234567890",
	} {
		got := redactAddress(wa, text)
		if strings.Contains(got, "3456") || !strings.Contains(got, redacted) {
			t.Errorf("%q → %q", text, got)
		}
		if strings.HasPrefix(text, "hubungi") && (!strings.HasPrefix(got, "hubungi ") || !strings.HasSuffix(got, " ya")) {
			t.Errorf("%q lost its words: %q", text, got)
		}
	}
	// Other numbers, and this number inside a longer one, stay.
	for _, text := range []string{"hubungi 081234567891", "no. 0812345678901", "rekening 1234567890"} {
		if got := redactAddress(wa, text); got != text {
			t.Errorf("%q → %q", text, got)
		}
	}
	em := addressPattern("email", "siti@contoh.id")
	if got := redactAddress(em, "kirim ke SITI@Contoh.ID atau budi@contoh.id"); got != "kirim ke [dihapus] atau budi@contoh.id" {
		t.Errorf("email: %q", got)
	}
}

// Erasing a person masks their address in their own reports' text and the
// claim title taken from it; other people's reports keep theirs.
func TestErasureMasksTheAddressInTheirReports(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		siti, err := e.trySave(e.svc, ContactInput{Kind: "whatsapp", Address: "0812-3456-7890", Name: "Siti"}, pdpConsent, false)
		if err != nil {
			t.Fatal(err)
		}
		mine, _ := e.report(siti, "Bansos cair hari ini, info dari saya 0812-3456-7890 atau +62 812 3456 7890")
		other, _ := e.report("", "Awas penipu mengaku petugas, nomornya 0812-3456-7890")
		e.sql(`UPDATE clinic_claims SET title = ? WHERE id = ?`, "Bansos cair, info 0812-3456-7890", e.claim)
		if _, err := e.svc.ErasePerson(e.ctx, e.admin, "whatsapp", "081234567890"); err != nil {
			t.Fatal(err)
		}
		var body, otherBody, title string
		e.db.SQL().QueryRow(e.db.Rebind(`SELECT body FROM clinic_reports WHERE id = ?`), mine).Scan(&body)
		e.db.SQL().QueryRow(e.db.Rebind(`SELECT body FROM clinic_reports WHERE id = ?`), other).Scan(&otherBody)
		e.db.SQL().QueryRow(e.db.Rebind(`SELECT title FROM clinic_claims WHERE id = ?`), e.claim).Scan(&title)
		if want := "Bansos cair hari ini, info dari saya [dihapus] atau [dihapus]"; body != want {
			t.Errorf("their report: %q, want %q", body, want)
		}
		if title != "Bansos cair, info [dihapus]" {
			t.Errorf("claim title: %q", title)
		}
		if otherBody != "Awas penipu mengaku petugas, nomornya 0812-3456-7890" {
			t.Errorf("someone else's report changed: %q", otherBody)
		}
	})
}

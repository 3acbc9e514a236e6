package contestweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contestweb"
)

// outboxCount is how many messages the site has mailed.
func (s *site) outboxCount() int {
	s.t.Helper()
	msgs, err := s.outbox.List(s.ctx, 1000)
	must(s.t, "outbox", err)
	return len(msgs)
}

// TestPasswordResetJourney walks a participant who forgot the password
// through the pages: ask for a link from the sign-in page, follow it from
// the email, be refused a mismatched and a short password, set a new one;
// then the old password and the old session no longer work, the email is
// verified, and the link works only once and only for an hour.
func TestPasswordResetJourney(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		const email = "ayu@peserta.example"
		const newPassword = "kata-sandi-baru-ayu"
		// Registered on a laptop that stays signed in; the email never
		// verified.
		laptop := s.visitor()
		p := laptop.post("/lomba/daftar", url.Values{"name": {"Ayu Lestari"}, "email": {email}, "birth_date": {"2004-03-02"},
			"region": {"kota-surabaya"}, "password": {password}, "consent": {"setuju"}})
		p.expect(t, http.StatusOK, "main", "belum terverifikasi")

		// On the phone: the sign-in page offers the way back in.
		phone := s.visitor()
		p = phone.get("/lomba/masuk")
		if p.count(`a[href="/lomba/lupa-sandi"]`) != 1 {
			t.Fatal("the sign-in page has no link for a forgotten password")
		}
		p = phone.get("/lomba/lupa-sandi")
		p.expect(t, http.StatusOK, "h1", "Lupa kata sandi")
		if cc := p.header.Get("Cache-Control"); cc != "no-store, private" {
			t.Errorf("forgotten-password page Cache-Control %q", cc)
		}
		sent := s.outboxCount()
		p = phone.post("/lomba/lupa-sandi", url.Values{"email": {" Ayu@Peserta.example "}})
		if p.path != "/lomba/lupa-sandi?pesan=terkirim" {
			t.Fatalf("after asking for a link: at %s", p.path)
		}
		p.expect(t, http.StatusOK, ".sukses", "Jika alamat itu terdaftar", "berlaku 1 jam")
		answer := p.text("main")

		// An address without an account gets the very same page, and no
		// mail goes out.
		stranger := s.visitor().post("/lomba/lupa-sandi", url.Values{"email": {"orang.asing@peserta.example"}})
		if stranger.status != p.status || stranger.path != p.path || stranger.text("main") != answer {
			t.Errorf("an unknown address is answered differently: %d %s %q", stranger.status, stranger.path, stranger.text("main"))
		}
		if n := s.outboxCount() - sent; n != 1 {
			t.Fatalf("%d messages mailed, want 1 (to Ayu only)", n)
		}

		link := s.mailed(email)
		if !strings.HasPrefix(link, "/lomba/sandi-baru?token=") {
			t.Fatalf("reset link %s", link)
		}
		p = phone.get(link)
		p.expect(t, http.StatusOK, "h1", "Buat kata sandi baru")
		if p.value("#email") != email || p.value("input[name=token]") == "" {
			t.Errorf("the form is not for %s with the link's token", email)
		}
		if rp := p.header.Get("Referrer-Policy"); rp != "no-referrer" {
			t.Errorf("the page with the token in its address has Referrer-Policy %q", rp)
		}
		token := p.value("input[name=token]")
		set := func(pw, again string) *page {
			return phone.post("/lomba/sandi-baru", url.Values{"token": {token}, "password": {pw}, "password2": {again}})
		}

		// Refusals keep the link usable and never echo a password.
		p = set(newPassword, "kata-sandi-lain-ayu")
		p.expect(t, http.StatusBadRequest, "#password2-err", "Kedua kata sandi tidak sama")
		p.expect(t, http.StatusBadRequest, ".error-summary", "Kedua kata sandi tidak sama")
		if p.value("input[name=token]") != token || strings.Contains(string(p.body), newPassword) {
			t.Error("a mismatch lost the token or echoed the password")
		}
		p = set("pendek", "pendek")
		p.expect(t, http.StatusBadRequest, "#password-err", "Kata sandi minimal 12 karakter.")
		p = set(newPassword, newPassword)
		if p.path != "/lomba/sandi-baru?pesan=diganti" {
			t.Fatalf("after setting the password: at %s: %s", p.path, p.text("main"))
		}
		p.expect(t, http.StatusOK, ".sukses", "Kata sandi baru Anda sudah tersimpan")
		p.expect(t, http.StatusOK, "nav.lomba-akun", "Masuk sebagai Ayu Lestari")

		// The phone is signed in and the email counts as verified.
		phone.get("/lomba/saya").expect(t, http.StatusOK, "main", "ayu@peserta.example (terverifikasi)")
		// The laptop's session is gone.
		if p := laptop.get("/lomba/saya"); !strings.HasPrefix(p.path, "/lomba/masuk") {
			t.Errorf("the session from before the reset still opens %s", p.path)
		}
		p = laptop.post("/lomba/masuk", url.Values{"email": {email}, "password": {password}})
		p.expect(t, http.StatusUnauthorized, "#password-err", "Email atau kata sandi salah.")
		p = laptop.post("/lomba/masuk", url.Values{"email": {email}, "password": {newPassword}})
		if p.status != http.StatusOK || !strings.HasPrefix(p.path, "/lomba/saya") {
			t.Errorf("sign-in with the new password: %d at %s", p.status, p.path)
		}

		// The link works once.
		p = phone.get(link)
		p.expect(t, http.StatusBadRequest, ".error-summary", "sudah dipakai")
		if p.count(`a[href="/lomba/lupa-sandi"]`) != 1 || p.count("input[type=password]") != 0 {
			t.Error("a used link shows the form or no way to ask again")
		}
		set("kata-sandi-ketiga-ayu", "kata-sandi-ketiga-ayu").expect(t, http.StatusBadRequest, ".error-summary", "sudah dipakai")

		// And for an hour.
		phone.post("/lomba/lupa-sandi", url.Values{"email": {email}})
		late := s.mailed(email)
		if late == link {
			t.Fatal("the second request mailed the same link")
		}
		s.clock.set(s.clock.now().Add(time.Hour))
		p = phone.get(late)
		p.expect(t, http.StatusBadRequest, ".error-summary", "sudah kedaluwarsa; tautan hanya berlaku 1 jam")
		if p.count(`a[href="/lomba/lupa-sandi"]`) != 1 {
			t.Error("an expired link offers no way to ask again")
		}
		phone.get("/lomba/sandi-baru?token=bukan-token").expect(t, http.StatusBadRequest, ".error-summary", "tidak dikenal")
		phone.get("/lomba/sandi-baru").expect(t, http.StatusBadRequest, ".error-summary", "tidak lengkap")
	})
}

// TestPasswordResetLimits checks the forgotten-password form's refusals:
// an empty or malformed address, and an address asked for too often,
// refused alike whether or not it has an account.
func TestPasswordResetLimits(t *testing.T) {
	for _, path := range []string{"/lomba/lupa-sandi", "/lomba/sandi-baru"} {
		if !contestweb.Personal(path) {
			t.Errorf("the page cache may keep %s", path)
		}
	}
	each(t, func(t *testing.T, s *site) {
		s.register("Bima Sakti", "2001-01-01", "kota-batu")
		v := s.visitor()
		v.post("/lomba/lupa-sandi", url.Values{"email": {""}}).expect(t, http.StatusBadRequest, "#email-err", "Masukkan alamat email")
		p := v.post("/lomba/lupa-sandi", url.Values{"email": {"bima@"}})
		p.expect(t, http.StatusBadRequest, "#email-err", "Alamat email tidak valid.")
		if p.value("#email") != "bima@" {
			t.Error("the refused form lost the email")
		}
		var refusals []string
		for _, email := range []string{"bima.sakti@peserta.example", "orang.asing@peserta.example"} {
			for range 3 {
				if p := v.post("/lomba/lupa-sandi", url.Values{"email": {email}}); p.path != "/lomba/lupa-sandi?pesan=terkirim" {
					t.Fatalf("request for %s: %d at %s", email, p.status, p.path)
				}
			}
			p := v.post("/lomba/lupa-sandi", url.Values{"email": {email}})
			p.expect(t, http.StatusTooManyRequests, "#email-err", "coba lagi satu jam lagi")
			refusals = append(refusals, p.text("#email-err"))
		}
		if refusals[0] != refusals[1] {
			t.Errorf("the throttle tells the addresses apart: %q", refusals)
		}
	})
}

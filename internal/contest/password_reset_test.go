package contest_test

import (
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// sentTo counts the messages mailed to the address.
func (m *mailbox) sentTo(to string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, msg := range m.msgs {
		if msg.To == to {
			n++
		}
	}
	return n
}

// TestPasswordReset covers a forgotten password: the emailed one-time
// link, its refusals, and what a reset changes.
func TestPasswordReset(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.at(subOpen)
		const email = "ayu@peserta.example"
		_, err := e.svc.Register(e.ctx, contest.Registration{Name: "Ayu Lestari", Email: email, BirthDate: "2004-03-02",
			Region: "kota-surabaya", Password: password})
		must(t, "register", err)
		_, _, err = e.svc.Login(e.ctx, email, password)
		must(t, "login", err)
		_, oldSession, err := e.svc.Login(e.ctx, email, password)
		must(t, "login", err)

		// An address without an account gets the same answer and no mail.
		must(t, "reset for a stranger", e.svc.RequestPasswordReset(e.ctx, "orang.asing@peserta.example", "203.0.113.7"))
		if n := e.mail.sentTo("orang.asing@peserta.example"); n != 0 {
			t.Errorf("%d messages mailed to an address without an account", n)
		}
		wantErr(t, "reset for a malformed address", e.svc.RequestPasswordReset(e.ctx, "ayu@", "203.0.113.7"), warta.EInvalid, "Alamat email tidak valid.")

		must(t, "request reset", e.svc.RequestPasswordReset(e.ctx, " AYU@Peserta.example ", "203.0.113.7"))
		addr, token := e.mail.link(t, email)
		if addr != "https://warta.example/lomba/sandi-baru" {
			t.Errorf("reset link %s", addr)
		}
		var n int
		must(t, "count", e.db.SQL().QueryRow(e.db.Rebind("SELECT COUNT(*) FROM contest_password_resets WHERE id = ?"), token).Scan(&n))
		if n != 0 {
			t.Error("reset token stored in the clear")
		}
		// A reset link is not a verification link.
		if _, err := e.svc.VerifyEmail(e.ctx, token); code(err) != warta.EInvalid {
			t.Errorf("reset link followed as a verification link: %v", err)
		}
		p, err := e.svc.CheckPasswordReset(e.ctx, token)
		must(t, "check link", err)
		if p.Email != email || p.Verified() {
			t.Errorf("link is for %+v", p)
		}

		// A password against the rules leaves the link usable.
		_, _, err = e.svc.ResetPassword(e.ctx, token, "pendek")
		wantErr(t, "short password", err, warta.EInvalid, "Kata sandi minimal")
		if field(err) != "password" {
			t.Errorf("short password refused on field %q", field(err))
		}
		must(t, "check link after a refusal", func() error { _, err := e.svc.CheckPasswordReset(e.ctx, token); return err }())

		// Five failed sign-ins locked the address; the reset lifts that.
		e.at(subOpen.Add(59*time.Minute + 59*time.Second))
		for range 5 {
			e.svc.Login(e.ctx, email, "salah-kata-sandi-nya")
		}
		const newPassword = "kata-sandi-baru-ayu"
		p, session, err := e.svc.ResetPassword(e.ctx, token, newPassword)
		must(t, "reset a second before the link expires", err)
		if !p.Verified() {
			t.Error("a reset did not verify the email it was mailed to")
		}
		if got, err := e.svc.Session(e.ctx, session); err != nil || got.ID != p.ID {
			t.Errorf("new session: %v %v", got, err)
		}
		if _, err := e.svc.Session(e.ctx, oldSession); code(err) != warta.EUnauthorized {
			t.Errorf("a session from before the reset: %v", err)
		}
		_, _, err = e.svc.Login(e.ctx, email, password)
		wantErr(t, "old password", err, warta.EUnauthorized, "Email atau kata sandi salah.")
		_, _, err = e.svc.Login(e.ctx, email, newPassword)
		must(t, "new password", err)

		_, _, err = e.svc.ResetPassword(e.ctx, token, "kata-sandi-ketiga-ayu")
		wantErr(t, "link used twice", err, warta.EInvalid, "sudah dipakai")
		_, err = e.svc.CheckPasswordReset(e.ctx, token)
		wantErr(t, "check a used link", err, warta.EInvalid, "sudah dipakai")
		_, _, err = e.svc.ResetPassword(e.ctx, "bukan-token", newPassword)
		wantErr(t, "unknown link", err, warta.EInvalid, "tidak dikenal")
		if field(err) != "token" {
			t.Errorf("unknown link refused on field %q", field(err))
		}

		// Two links asked for: using one ends the other. A link an hour
		// old no longer works.
		e.at(subOpen.Add(2 * time.Hour))
		must(t, "request reset", e.svc.RequestPasswordReset(e.ctx, email, "203.0.113.7"))
		_, first := e.mail.link(t, email)
		must(t, "request reset", e.svc.RequestPasswordReset(e.ctx, email, "203.0.113.7"))
		_, second := e.mail.link(t, email)
		_, _, err = e.svc.ResetPassword(e.ctx, second, "kata-sandi-keempat")
		must(t, "reset with the second link", err)
		_, _, err = e.svc.ResetPassword(e.ctx, first, "kata-sandi-kelima")
		wantErr(t, "the first link after the second was used", err, warta.EInvalid, "sudah dipakai")
		e.at(subOpen.Add(4 * time.Hour))
		must(t, "request reset", e.svc.RequestPasswordReset(e.ctx, email, "203.0.113.7"))
		_, late := e.mail.link(t, email)
		e.at(subOpen.Add(5 * time.Hour))
		_, err = e.svc.CheckPasswordReset(e.ctx, late)
		wantErr(t, "a link an hour old", err, warta.EInvalid, "sudah kedaluwarsa; tautan hanya berlaku 1 jam")
		_, _, err = e.svc.ResetPassword(e.ctx, late, "kata-sandi-keenam")
		wantErr(t, "reset with a link an hour old", err, warta.EInvalid, "kedaluwarsa")
		_, _, err = e.svc.Login(e.ctx, email, "kata-sandi-keempat")
		must(t, "the password of the last reset", err)
	})
}

// TestPasswordResetThrottle checks the limits on asking for reset links:
// per address, whether or not it has an account, and per network.
func TestPasswordResetThrottle(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.at(subOpen)
		e.participant("Bima Sakti", "2001-01-01", "kota-batu")
		for _, email := range []string{"bima.sakti@peserta.example", "orang.asing@peserta.example"} {
			for i := range 3 {
				must(t, "request", e.svc.RequestPasswordReset(e.ctx, email, "198.51.100."+string(rune('1'+i))))
			}
			err := e.svc.RequestPasswordReset(e.ctx, email, "198.51.100.9")
			wantErr(t, "fourth request for "+email, err, warta.ETooMany, "coba lagi satu jam lagi")
			if field(err) != "email" {
				t.Errorf("throttle on field %q", field(err))
			}
		}
		if n := e.mail.sentTo("bima.sakti@peserta.example"); n != 1+3 { // verification, three resets
			t.Errorf("%d messages to Bima, want 4", n)
		}
		e.at(subOpen.Add(61 * time.Minute))
		must(t, "request an hour later", e.svc.RequestPasswordReset(e.ctx, "bima.sakti@peserta.example", "198.51.100.1"))

		// One network, many addresses.
		strict, err := contest.New(contest.Config{DB: e.db, Files: e.files, Mailer: e.mail, BaseURL: "https://warta.example",
			Now: e.clock.now, Logger: quiet(), Limits: contest.Limits{VotesPerHour: 2}})
		must(t, "service", err)
		must(t, "first from the network", strict.RequestPasswordReset(e.ctx, "a@peserta.example", "192.0.2.10"))
		must(t, "second from the network", strict.RequestPasswordReset(e.ctx, "b@peserta.example", "192.0.2.11"))
		err = strict.RequestPasswordReset(e.ctx, "c@peserta.example", "192.0.2.200")
		wantErr(t, "third from the network", err, warta.ETooMany, "dari jaringan Anda")
		must(t, "from another network", strict.RequestPasswordReset(e.ctx, "c@peserta.example", "192.0.3.1"))
	})
}

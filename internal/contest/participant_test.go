package contest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestRegistration covers a participant's account: registration and its
// refusals, the emailed verification link, login and its throttle,
// sessions.
func TestRegistration(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.at(subOpen)
		in := contest.Registration{Name: "Ayu Lestari", Email: " Ayu@Peserta.example ", BirthDate: "2004-03-02", Region: "kota-surabaya", Password: password}
		for _, tc := range []struct {
			field  string
			change func(r *contest.Registration)
		}{
			{"name", func(r *contest.Registration) { r.Name = "" }},
			{"email", func(r *contest.Registration) { r.Email = "ayu@" }},
			{"birth_date", func(r *contest.Registration) { r.BirthDate = "02-03-2004" }},
			{"birth_date", func(r *contest.Registration) { r.BirthDate = "2030-01-01" }},
			{"region", func(r *contest.Registration) { r.Region = "jawa-timur" }},
			{"region", func(r *contest.Registration) { r.Region = "atlantis" }},
			{"password", func(r *contest.Registration) { r.Password = "pendek" }},
		} {
			r := in
			tc.change(&r)
			_, err := e.svc.Register(e.ctx, r)
			if code(err) != warta.EInvalid || field(err) != tc.field {
				t.Errorf("register with bad %s: %v", tc.field, err)
			}
		}
		p, err := e.svc.Register(e.ctx, in)
		must(t, "register", err)
		if p.Email != "ayu@peserta.example" || p.Region.Name != "Kota Surabaya" || p.Verified() {
			t.Errorf("registered %+v", p)
		}
		_, err = e.svc.Register(e.ctx, in)
		if code(err) != warta.EConflict || field(err) != "email" {
			t.Errorf("second registration: %v", err)
		}

		// The link is mailed to BaseURL/lomba/verifikasi; storage keeps
		// only its hash.
		addr, token := e.mail.link(t, "ayu@peserta.example")
		if addr != "https://warta.example/lomba/verifikasi" {
			t.Errorf("verification link %s", addr)
		}
		var n int
		must(t, "count", e.db.SQL().QueryRow(e.db.Rebind("SELECT COUNT(*) FROM contest_email_tokens WHERE id = ?"), token).Scan(&n))
		if n != 0 {
			t.Error("verification token stored in the clear")
		}

		// Signing in works before verification; joining does not.
		_, _, err = e.svc.Login(e.ctx, "ayu@peserta.example", "salah-kata-sandi-nya")
		wantErr(t, "wrong password", err, warta.EUnauthorized, "Email atau kata sandi salah.")
		_, raw, err := e.svc.Login(e.ctx, "AYU@peserta.example", password)
		must(t, "login", err)
		c := e.newContest(nil)
		err = e.svc.Join(e.ctx, p, c.ID)
		wantErr(t, "join unverified", err, warta.EForbidden, "Verifikasi email Anda")

		verified, err := e.svc.VerifyEmail(e.ctx, token)
		must(t, "verify", err)
		if !verified.Verified() {
			t.Error("not verified after following the link")
		}
		_, err = e.svc.VerifyEmail(e.ctx, token)
		if code(err) != warta.EInvalid || field(err) != "token" {
			t.Errorf("link used twice: %v", err)
		}
		got, err := e.svc.Session(e.ctx, raw)
		must(t, "session", err)
		if got.ID != p.ID || !got.Verified() {
			t.Errorf("session's participant %+v", got)
		}
		must(t, "join", e.svc.Join(e.ctx, got, c.ID))
		must(t, "join twice", e.svc.Join(e.ctx, got, c.ID))
		e.at(subOpen.Add(49 * time.Hour))
		_, err = e.svc.Register(e.ctx, contest.Registration{Name: "Gita", Email: "gita@peserta.example", BirthDate: "2001-01-01", Region: "kota-batu", Password: password})
		must(t, "register Gita", err)
		_, gita := e.mail.link(t, "gita@peserta.example")
		e.at(subOpen.Add(49*time.Hour + 48*time.Hour))
		_, err = e.svc.VerifyEmail(e.ctx, gita)
		wantErr(t, "link followed 48 hours later", err, warta.EInvalid, "kedaluwarsa")
		e.at(subOpen)
		if ok, err := e.svc.Joined(e.ctx, got, c.ID); err != nil || !ok {
			t.Errorf("joined: %v %v", ok, err)
		}
		must(t, "logout", e.svc.Logout(e.ctx, raw))
		if _, err := e.svc.Session(e.ctx, raw); code(err) != warta.EUnauthorized {
			t.Errorf("session after logout: %v", err)
		}

		// Five failures lock the email for a while, even with the right
		// password.
		for i := 0; i < 5; i++ {
			e.svc.Login(e.ctx, "ayu@peserta.example", "salah-kata-sandi-nya")
		}
		_, _, err = e.svc.Login(e.ctx, "ayu@peserta.example", password)
		wantErr(t, "throttled login", err, warta.ETooMany, "Coba lagi dalam 15 menit")
		e.at(subOpen.Add(16 * time.Minute))
		_, _, err = e.svc.Login(e.ctx, "ayu@peserta.example", password)
		must(t, "login after the window", err)

		// A new link can be asked for, a few times an hour; an unknown
		// address is not told apart.
		_, err = e.svc.Register(e.ctx, contest.Registration{Name: "Bima", Email: "bima@peserta.example", BirthDate: "2001-01-01", Region: "35.15", Password: password})
		must(t, "register by region code", err)
		_, first := e.mail.link(t, "bima@peserta.example")
		for i := 0; i < 3; i++ {
			must(t, "resend", e.svc.ResendVerification(e.ctx, "bima@peserta.example"))
		}
		err = e.svc.ResendVerification(e.ctx, "bima@peserta.example")
		wantErr(t, "fourth resend", err, warta.ETooMany, "satu jam lagi")
		must(t, "resend to a stranger", e.svc.ResendVerification(e.ctx, "orang.asing@peserta.example"))
		_, latest := e.mail.link(t, "bima@peserta.example")
		if latest == first {
			t.Error("resend mailed the same token")
		}
		_, err = e.svc.VerifyEmail(e.ctx, first)
		must(t, "an earlier unexpired link still verifies", err)
	})
}

// TestEligibility checks every registration rule one second either side of
// its boundary, in WIB.
func TestEligibility(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(nil)
		sec := time.Second
		// Registration opens at 1 July 08:00 WIB and closes with the
		// submission deadline.
		early := e.participant("Cahya Early", "2000-01-01", "kota-surabaya")
		e.at(regOpen.Add(-sec))
		err := e.svc.Join(e.ctx, early, c.ID)
		wantErr(t, "join a second early", err, warta.EConflict, "Pendaftaran lomba ini baru dibuka pada 1 Juli 2024 pukul 08.00 WIB.")
		e.at(regOpen.Add(sec))
		must(t, "join a second after opening", e.svc.Join(e.ctx, early, c.ID))

		late := e.participant("Dewi Late", "2000-01-01", "kabupaten-sidoarjo")
		e.at(deadline.Add(sec))
		err = e.svc.Join(e.ctx, late, c.ID)
		wantErr(t, "join a second after the deadline", err, warta.EConflict, "Pendaftaran lomba ini sudah ditutup pada 1 Agustus 2024 pukul 00.00 WIB.")
		e.at(deadline.Add(-sec))
		must(t, "join a second before the deadline", e.svc.Join(e.ctx, late, c.ID))

		// 17 on the day of registration, counted in WIB: born 10 July
		// 2007, 16 until midnight WIB on 10 July 2024.
		young := e.participant("Eka Muda", "2007-07-10", "kota-surabaya")
		e.at(wib(2024, 7, 9, 23, 59, 59))
		err = e.svc.Join(e.ctx, young, c.ID)
		wantErr(t, "join the second before turning 17", err, warta.EForbidden, "Usia minimal 17 tahun pada tanggal pendaftaran.")
		if field(err) != "birth_date" {
			t.Errorf("age refusal on field %q", field(err))
		}
		e.at(wib(2024, 7, 10, 0, 0, 1))
		must(t, "join the second after turning 17", e.svc.Join(e.ctx, young, c.ID))

		// Domicile: Surabaya and Sidoarjo only.
		malang := e.participant("Fajar Malang", "2000-01-01", "kota-malang")
		err = e.svc.Join(e.ctx, malang, c.ID)
		wantErr(t, "join from Malang", err, warta.EForbidden, "Lomba ini hanya untuk warga Kota Surabaya dan Kabupaten Sidoarjo.")
		if field(err) != "region" {
			t.Errorf("domicile refusal on field %q", field(err))
		}
		open := e.newContest(func(c *contest.Contest) { c.Regions, c.MinAge = nil, 0 })
		must(t, "join a contest open to every region", e.svc.Join(e.ctx, malang, open.ID))

		// An unpublished contest cannot be joined.
		hidden := e.newContest(func(c *contest.Contest) { c.Published = false })
		if err := e.svc.Join(e.ctx, malang, hidden.ID); code(err) != warta.ENotFound {
			t.Errorf("join an unpublished contest: %v", err)
		}
		if err := e.svc.Join(e.ctx, nil, c.ID); code(err) != warta.EUnauthorized {
			t.Errorf("join signed out: %v", err)
		}
		if !strings.Contains(c.TieBreak.Statement(), "kriteria berbobot terbesar") {
			t.Errorf("tie-break statement %q", c.TieBreak.Statement())
		}
	})
}

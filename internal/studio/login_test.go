package studio_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestLogin(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("rina@kominfo.example", warta.RoleEditor, nil)
		c := e.client()

		// A staff page sends the anonymous visitor to sign in, and back.
		p := c.get("/studio/artikel?status=submitted")
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/studio/login?") {
			t.Fatalf("anonymous /studio/artikel: %d %q", p.status, p.location())
		}
		login := c.follow(p)
		if login.count(`form[action="/studio/login"] input[name=email]`) != 1 || login.count(`input[name=totp]`) != 1 {
			t.Fatalf("login page has no email and code fields:\n%s", login.body)
		}
		if !strings.Contains(login.text(".notice"), "Silakan masuk") {
			t.Errorf("login page notice %q", login.text(".notice"))
		}

		// Nothing typed: each field says what is missing.
		p = c.post("/studio/login", url.Values{})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#email-err"), "email") ||
			!strings.Contains(p.text("#password-err"), "kata sandi") {
			t.Errorf("empty login: %d %q %q", p.status, p.text("#email-err"), p.text("#password-err"))
		}

		// A wrong password: one message for wrong email or password, the
		// email kept, the password not echoed.
		p = c.post("/studio/login", url.Values{"email": {"rina@kominfo.example"}, "password": {"salah-sekali-kata-sandi"}})
		if p.status != http.StatusUnauthorized || !strings.Contains(p.text(".error-summary"), "Email atau kata sandi salah") {
			t.Errorf("wrong password: %d %q", p.status, p.text(".error-summary"))
		}
		if p.value("email") != "rina@kominfo.example" || strings.Contains(p.body, "salah-sekali-kata-sandi") {
			t.Errorf("wrong password: email %q kept, password echoed %v", p.value("email"), strings.Contains(p.body, "salah-sekali"))
		}

		// The right password goes on to the page first asked for.
		p = c.post("/studio/login", url.Values{"email": {"Rina@Kominfo.example "}, "password": {password},
			"lanjut": {"/studio/artikel?status=submitted"}})
		if p.status != http.StatusSeeOther || p.location() != "/studio/artikel?status=submitted" {
			t.Fatalf("login: %d %q\n%s", p.status, p.location(), p.text("main"))
		}
		dash := c.get("/studio/")
		if dash.status != 200 || !strings.Contains(dash.text("header"), "rina") || dash.text("h1") != "Dasbor" {
			t.Errorf("dashboard after login: %d %q %q", dash.status, dash.text("header"), dash.text("h1"))
		}
		if csp := dash.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("CSP %q", csp)
		}
		if dash.count("script") != dash.count("script[src]") || dash.count("[style]") != 0 || dash.count("style") != 0 {
			t.Error("dashboard has an inline script or style, which the CSP forbids")
		}
		// Static files load under their hashed names.
		for _, sel := range []string{`link[rel=stylesheet]`, `script[src]`} {
			n := query(t, dash.doc, sel)
			src := attr(n, "href") + attr(n, "src")
			if s := c.get(src); s.status != 200 || !strings.Contains(s.header.Get("Cache-Control"), "immutable") {
				t.Errorf("%s %s: %d", sel, src, s.status)
			}
		}

		// Another site cannot be the destination after signing in.
		p = e.client().post("/studio/login", url.Values{"email": {"rina@kominfo.example"}, "password": {password},
			"lanjut": {"https://jahat.example/studio/"}})
		if p.location() != "/studio/" {
			t.Errorf("login with a foreign lanjut: redirected to %q", p.location())
		}

		// Logging out ends the session.
		if p := c.post("/studio/logout", nil); p.status != http.StatusSeeOther {
			t.Errorf("logout: %d", p.status)
		}
		if p := c.get("/studio/"); p.status != http.StatusSeeOther {
			t.Errorf("after logout /studio/: %d, want a redirect to sign in", p.status)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("budi@kpu.example", warta.RoleEditor, nil)
		c := e.client()
		for range 5 {
			c.post("/studio/login", url.Values{"email": {"budi@kpu.example"}, "password": {"tebakan-yang-salah"}})
		}
		// Now even the right password waits, with a time to come back.
		p := c.post("/studio/login", url.Values{"email": {"budi@kpu.example"}, "password": {password}})
		msg := p.text(".error-summary")
		if p.status != http.StatusTooManyRequests || !strings.Contains(msg, "coba lagi setelah pukul") || !strings.Contains(msg, "WIB") {
			t.Errorf("after 5 failures: %d %q", p.status, msg)
		}
		if p.header.Get("Retry-After") == "" {
			t.Error("no Retry-After header")
		}
		if p.value("email") != "budi@kpu.example" {
			t.Errorf("email not kept: %q", p.value("email"))
		}
	})
}

func TestTwoFactor(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("sari@kominfo.example", warta.RoleAdmin, nil)
		c := e.login("sari@kominfo.example")

		p := c.get("/studio/2fa")
		if p.status != 200 || p.count(`form[action="/studio/2fa"] input[name=langkah][value=mulai]`) != 1 {
			t.Fatalf("2fa page: %d\n%s", p.status, p.text("main"))
		}
		p = c.post("/studio/2fa", url.Values{"langkah": {"mulai"}})
		secret := p.text(".secret")
		if p.status != 200 || len(strings.ReplaceAll(secret, " ", "")) != 32 || !strings.Contains(p.text(".uri"), "otpauth://totp/") {
			t.Fatalf("begin 2fa: %d secret %q uri %q", p.status, secret, p.text(".uri"))
		}
		// A wrong code keeps the secret on the page.
		p = c.post("/studio/2fa", url.Values{"langkah": {"aktifkan"}, "secret": {secret}, "uri": {"otpauth://x"}, "totp": {"000000"}})
		if p.status != http.StatusBadRequest || p.text("#totp-err") == "" || p.text(".secret") != secret {
			t.Errorf("wrong code: %d %q secret %q", p.status, p.text("#totp-err"), p.text(".secret"))
		}
		now := time.Now()
		p = c.post("/studio/2fa", url.Values{"langkah": {"aktifkan"}, "totp": {totpCode(secret, now)}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("confirm 2fa: %d %q", p.status, p.text("main"))
		}

		// Signing in now asks for the code, beside its field.
		c2 := e.client()
		p = c2.post("/studio/login", url.Values{"email": {"sari@kominfo.example"}, "password": {password}})
		if p.status != http.StatusUnauthorized || !strings.Contains(p.text("#totp-err"), "kode 6 digit") {
			t.Errorf("login without code: %d %q", p.status, p.text("#totp-err"))
		}
		p = c2.post("/studio/login", url.Values{"email": {"sari@kominfo.example"}, "password": {password}, "totp": {"123 456"}})
		if p.status != http.StatusUnauthorized || !strings.Contains(p.text("#totp-err"), "salah") {
			t.Errorf("login with a wrong code: %d %q", p.status, p.text("#totp-err"))
		}
		p = c2.post("/studio/login", url.Values{"email": {"sari@kominfo.example"}, "password": {password},
			"totp": {totpCode(secret, now.Add(30*time.Second))}})
		if p.status != http.StatusSeeOther {
			t.Errorf("login with code: %d %q", p.status, p.text("main"))
		}

		// Signing out everywhere ends both browsers' sessions.
		if p := c2.post("/studio/logout/semua", nil); p.status != http.StatusSeeOther {
			t.Fatalf("logout everywhere: %d", p.status)
		}
		if p := c.get("/studio/"); p.status != http.StatusSeeOther {
			t.Errorf("first browser after logout everywhere: %d, want a redirect to sign in", p.status)
		}
	})
}

func TestRequiredTwoFactor(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, auth.Config{RequireTOTP: true})
		e.user("rina@kominfo.example", warta.RoleEditor, nil)
		c := e.client()
		p := c.post("/studio/login", url.Values{"email": {"rina@kominfo.example"}, "password": {password}})
		if p.status != http.StatusSeeOther || p.location() != "/studio/2fa" {
			t.Fatalf("login of an editor without 2FA: %d %q", p.status, p.location())
		}
		// Every other page leads back to enrolment; the page's own style
		// still loads, and both steps go through the gate.
		if p := c.get("/studio/artikel"); p.status != http.StatusSeeOther || p.location() != "/studio/2fa" {
			t.Errorf("other page before enrolment: %d %q", p.status, p.location())
		}
		page := c.get("/studio/2fa")
		if !strings.Contains(page.text(".callout"), "wajib") {
			t.Errorf("2fa page does not say it is required: %q", page.text("main"))
		}
		if css := c.get(attr(query(t, page.doc, "link[rel=stylesheet]"), "href")); css.status != 200 {
			t.Errorf("stylesheet on the enrolment page: %d", css.status)
		}
		p = c.post("/studio/2fa", url.Values{"langkah": {"mulai"}})
		secret := p.text(".secret")
		if secret == "" {
			t.Fatalf("no secret: %d %q", p.status, p.text("main"))
		}
		p = c.post("/studio/2fa", url.Values{"langkah": {"aktifkan"}, "totp": {totpCode(secret, time.Now())}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("confirm: %d %q", p.status, p.text("main"))
		}
		if p := c.get("/studio/artikel"); p.status != 200 {
			t.Errorf("after enrolment: %d %q", p.status, p.location())
		}
	})
}

func TestPasswordReset(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("admin@kominfo.example", warta.RoleAdmin, nil)
		e.user("andi@kpu.example", warta.RoleContributor, &e.kpu)
		c := e.client()
		p := c.post("/studio/lupa-sandi", url.Values{"email": {"andi@kpu.example"}})
		if p.status != http.StatusSeeOther || !strings.Contains(c.follow(p).text(".notice"), "Jika email itu terdaftar") {
			t.Fatalf("request reset: %d", p.status)
		}
		// The admin reads the link in the outbox.
		admin := e.login("admin@kominfo.example")
		box := admin.get("/studio/kotak-keluar")
		link := query(t, box.doc, `main a[href^="/studio/kotak-keluar/"]`)
		if !strings.Contains(text(link), "Atur ulang kata sandi") {
			t.Fatalf("outbox: %q", box.text("main"))
		}
		mailPage := admin.get(attr(link, "href"))
		body := mailPage.text(".mail-text")
		i := strings.Index(body, "http://warta.test/studio/reset?token=")
		if i < 0 {
			t.Fatalf("no reset link in %q", body)
		}
		resetURL, _ := url.Parse(strings.Fields(body[i:])[0])
		// A contributor cannot read the outbox.
		if p := e.login("andi@kpu.example").get("/studio/kotak-keluar"); p.status != http.StatusForbidden {
			t.Errorf("contributor outbox: %d", p.status)
		}

		form := c.get(resetURL.RequestURI())
		token := attr(query(t, form.doc, `input[name=token]`), "value")
		p = c.post("/studio/reset", url.Values{"token": {token}, "password": {"sandi-baru-yang-panjang"}, "password2": {"sandi-baru-yang-lain"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#password2-err"), "tidak sama") {
			t.Errorf("mismatch: %d %q", p.status, p.text("#password2-err"))
		}
		p = c.post("/studio/reset", url.Values{"token": {token}, "password": {"sandi-baru-yang-panjang"}, "password2": {"sandi-baru-yang-panjang"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("reset: %d %q", p.status, p.text("main"))
		}
		p = c.post("/studio/reset", url.Values{"token": {token}, "password": {"sandi-ketiga-yang-panjang"}, "password2": {"sandi-ketiga-yang-panjang"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text(".error-summary"), "tautan baru") {
			t.Errorf("reused link: %d %q", p.status, p.text(".error-summary"))
		}
		p = c.post("/studio/login", url.Values{"email": {"andi@kpu.example"}, "password": {"sandi-baru-yang-panjang"}})
		if p.status != http.StatusSeeOther {
			t.Errorf("login with the new password: %d", p.status)
		}
	})
}

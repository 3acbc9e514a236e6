package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const password = "kata-sandi-yang-panjang"

// fixture is a Service on a fake clock with the outbox as its mailer.
type fixture struct {
	db     *store.DB
	svc    *auth.Service
	outbox *mail.Outbox
	now    time.Time
	mu     sync.Mutex
	audit  []string // "action object-id"
}

func (f *fixture) clock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func setup(t *testing.T, db *store.DB, cfg auth.Config) *fixture {
	f := &fixture{db: db, outbox: mail.NewOutbox(db), now: time.Date(2024, 2, 14, 3, 0, 0, 0, time.UTC)}
	cfg.DB, cfg.Now, cfg.Mailer, cfg.BaseURL = db, f.clock, f.outbox, "https://warta.example/"
	cfg.Audit = func(ctx context.Context, actor, action, objectType, objectID, detail, ip string) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.audit = append(f.audit, action)
	}
	f.svc = auth.New(cfg)
	return f
}

func (f *fixture) user(t *testing.T, email string, role warta.Role) *warta.User {
	t.Helper()
	u := &warta.User{Email: email, Name: "Staf " + email, Role: role}
	if role == warta.RoleContributor {
		ag, err := f.db.AgencyBySlug(context.Background(), "kpu-jatim")
		if warta.ErrorCode(err) == warta.ENotFound {
			ag = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
			err = f.db.CreateAgency(context.Background(), &ag)
		}
		if err != nil {
			t.Fatal(err)
		}
		u.AgencyID = ag.ID
	}
	if err := f.db.CreateUser(context.Background(), u, password); err != nil {
		t.Fatal(err)
	}
	return u
}

func (f *fixture) audited(action string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.audit {
		if a == action {
			return true
		}
	}
	return false
}

func TestLogin(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, auth.Config{})
		u := f.user(t, "redaktur@kominfo.example", warta.RoleEditor)

		sess, raw, err := f.svc.Login(ctx, " Redaktur@Kominfo.example ", password, "", "203.0.113.5", "Firefox")
		if err != nil {
			t.Fatal(err)
		}
		if sess.UserID != u.ID || raw == "" || sess.ID == raw || sess.MustEnrolTOTP {
			t.Fatalf("session %+v raw %q", sess, raw)
		}
		got, gu, err := f.svc.Authenticate(ctx, raw)
		if err != nil || got.ID != sess.ID || gu.Email != u.Email || gu.Role != warta.RoleEditor {
			t.Fatalf("Authenticate = %+v %+v %v", got, gu, err)
		}

		_, _, wrong := f.svc.Login(ctx, u.Email, "salah-kata-sandi-panjang", "", "203.0.113.5", "")
		_, _, unknown := f.svc.Login(ctx, "tidak-ada@kominfo.example", password, "", "203.0.113.5", "")
		if warta.ErrorCode(wrong) != warta.EUnauthorized || wrong.Error() != unknown.Error() {
			t.Errorf("wrong password %v and unknown email %v must give the same unauthorized error", wrong, unknown)
		}
		if !f.audited("auth.login") || !f.audited("auth.login_failed") {
			t.Errorf("audit log %v lacks the login and the failure", f.audit)
		}

		if err := f.svc.Logout(ctx, raw); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Authenticate(ctx, raw); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("Authenticate after logout = %v, want unauthorized", err)
		}

		// Idle and absolute timeouts.
		_, raw, _ = f.svc.Login(ctx, u.Email, password, "", "", "")
		f.advance(auth.DefaultLimits.SessionIdle + time.Minute)
		if _, _, err := f.svc.Authenticate(ctx, raw); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("Authenticate after %v idle = %v, want unauthorized", auth.DefaultLimits.SessionIdle, err)
		}
		// Used daily, a session lasts up to SessionMax and no longer.
		_, raw, _ = f.svc.Login(ctx, u.Email, password, "", "", "")
		step := auth.DefaultLimits.SessionIdle - time.Hour
		for used := step; used < auth.DefaultLimits.SessionMax; used += step {
			f.advance(step)
			if _, _, err := f.svc.Authenticate(ctx, raw); err != nil {
				t.Fatalf("session in daily use refused after %v: %v", used, err)
			}
		}
		f.advance(step)
		if _, _, err := f.svc.Authenticate(ctx, raw); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("session still works beyond its %v lifetime: %v", auth.DefaultLimits.SessionMax, err)
		}
	})
}

func TestLoginRateLimitPerAccount(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, auth.Config{})
		u := f.user(t, "admin@kominfo.example", warta.RoleAdmin)
		for i := 0; i < auth.DefaultLimits.AccountFailures; i++ {
			f.advance(time.Minute)
			ip := "198.51.100." + string(rune('1'+i)) // spread over addresses: the account limit is what bites
			if _, _, err := f.svc.Login(ctx, u.Email, "tebakan-yang-salah-"+ip, "", ip, ""); warta.ErrorCode(err) != warta.EUnauthorized {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		// Now even the right password is refused, with when to come back:
		// the first failure was at 03:01 UTC, so 10:16 WIB.
		_, _, err := f.svc.Login(ctx, u.Email, password, "", "192.0.2.77", "")
		if warta.ErrorCode(err) != warta.ETooMany {
			t.Fatalf("login after %d failures = %v, want too many", auth.DefaultLimits.AccountFailures, err)
		}
		msg := warta.ErrorMessage(err)
		if !strings.Contains(msg, "akun ini") || !strings.Contains(msg, "10:16 WIB") || !strings.Contains(msg, "11 menit") {
			t.Errorf("message %q should name the account and say when to try again", msg)
		}
		if at, ok := auth.RetryAt(err); !ok || !at.Equal(time.Date(2024, 2, 14, 3, 16, 0, 0, time.UTC)) {
			t.Errorf("RetryAt = %v %v", at, ok)
		}
		if !f.audited("auth.login_blocked") {
			t.Error("blocked login not audited")
		}
		f.advance(11 * time.Minute)
		if _, _, err := f.svc.Login(ctx, u.Email, password, "", "192.0.2.77", ""); err != nil {
			t.Errorf("login after the window = %v", err)
		}
	})
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, auth.Config{Limits: auth.Limits{AddressFailures: 4}})
		u := f.user(t, "kontributor@kpu.example", warta.RoleContributor)
		// One guess at each of several accounts, from one IPv6 /64.
		for i, email := range []string{"a@kpu.example", "b@kpu.example", "c@kpu.example", "d@kpu.example"} {
			ip := "2001:db8:1:2::" + string(rune('1'+i))
			if _, _, err := f.svc.Login(ctx, email, "apa-saja-yang-panjang", "", ip, ""); warta.ErrorCode(err) != warta.EUnauthorized {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		_, _, err := f.svc.Login(ctx, u.Email, password, "", "2001:db8:1:2::99", "")
		if warta.ErrorCode(err) != warta.ETooMany || !strings.Contains(warta.ErrorMessage(err), "alamat jaringan Anda") {
			t.Fatalf("login from the same /64 = %v, want too many naming the address", err)
		}
		if _, _, err := f.svc.Login(ctx, u.Email, password, "", "192.0.2.10", ""); err != nil {
			t.Errorf("login from another address = %v", err)
		}
	})
}

func TestTOTPRequiredForEditors(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, auth.Config{RequireTOTP: true, SecretKey: "kunci-rahasia-uji-yang-panjang"})
		ed := f.user(t, "redaktur@kominfo.example", warta.RoleEditor)
		co := f.user(t, "kontributor@kpu.example", warta.RoleContributor)

		// Before enrolment an editor gets a session that may only enrol.
		sess, raw, err := f.svc.Login(ctx, ed.Email, password, "", "", "")
		if err != nil || !sess.MustEnrolTOTP {
			t.Fatalf("editor login before enrolment = %+v, %v; want a session that must enrol", sess, err)
		}
		gate := f.svc.Middleware(f.svc.EnrolGate("/studio/2fa", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
		req := httptest.NewRequest("GET", "/studio/", nil)
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: raw})
		rec := httptest.NewRecorder()
		gate.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/studio/2fa" {
			t.Errorf("studio before enrolment: %d %q, want redirect to /studio/2fa", rec.Code, rec.Header().Get("Location"))
		}
		if sess, _, _ := f.svc.Login(ctx, co.Email, password, "", "", ""); sess == nil || sess.MustEnrolTOTP {
			t.Errorf("contributor must not be forced to enrol: %+v", sess)
		}

		secret, uri, err := f.svc.BeginTOTP(ctx, ed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(uri, "otpauth://totp/Warta:redaktur@kominfo.example?") || !strings.Contains(uri, "secret="+secret) {
			t.Errorf("otpauth URI %q", uri)
		}
		var stored string
		db.SQL().QueryRow(db.Rebind("SELECT totp_secret FROM users WHERE id = ?"), ed.ID).Scan(&stored)
		if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, secret) {
			t.Errorf("secret stored as %q, want it encrypted", stored)
		}
		if err := f.svc.ConfirmTOTP(ctx, ed.ID, "000000"); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("ConfirmTOTP with a wrong code = %v", err)
		}
		if err := f.svc.ConfirmTOTP(ctx, ed.ID, auth.TOTPCode(secret, f.clock())); err != nil {
			t.Fatal(err)
		}
		if !f.audited("auth.totp_enabled") {
			t.Error("enrolment not audited")
		}

		f.advance(5 * time.Minute)
		_, _, err = f.svc.Login(ctx, ed.Email, password, "", "", "")
		var we *warta.Error
		if warta.ErrorCode(err) != warta.EUnauthorized || !strings.Contains(warta.ErrorMessage(err), "kode 6 digit") {
			t.Errorf("login without a code = %v, want a request for the code", err)
		} else if we, _ = err.(*warta.Error); we == nil || we.Field != "totp" {
			t.Errorf("missing code error names field %+v, want totp", we)
		}
		old := auth.TOTPCode(secret, f.clock().Add(-60*time.Second))
		if _, _, err := f.svc.Login(ctx, ed.Email, password, old, "", ""); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("login with a code from 2 steps ago = %v, want refused", err)
		}
		code := auth.TOTPCode(secret, f.clock())
		sess, _, err = f.svc.Login(ctx, ed.Email, password, code[:3]+" "+code[3:], "", "")
		if err != nil || sess.MustEnrolTOTP {
			t.Fatalf("login with the current code = %+v, %v", sess, err)
		}
		if _, _, err := f.svc.Login(ctx, ed.Email, password, code, "", ""); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("the same code used twice = %v, want refused", err)
		}
		f.advance(60 * time.Second) // the previous step's code is still accepted, for clock drift
		if _, _, err := f.svc.Login(ctx, ed.Email, password, auth.TOTPCode(secret, f.clock().Add(-30*time.Second)), "", ""); err != nil {
			t.Errorf("login with the previous step's code = %v", err)
		}

		// Without the key the secret cannot be read: no silent downgrade.
		plain := auth.New(auth.Config{DB: db, Now: f.clock})
		f.advance(60 * time.Second)
		if _, _, err := plain.Login(ctx, ed.Email, password, auth.TOTPCode(secret, f.clock()), "", ""); warta.ErrorCode(err) != warta.EInternal {
			t.Errorf("login with the secret key missing = %v, want an internal error", err)
		}
	})
}

func TestLogoutEverywhere(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, auth.Config{})
		u := f.user(t, "pemeriksa@kominfo.example", warta.RoleFactChecker)
		other := f.user(t, "juri@kominfo.example", warta.RoleJudge)
		_, phone, _ := f.svc.Login(ctx, u.Email, password, "", "", "Ponsel")
		_, laptop, _ := f.svc.Login(ctx, u.Email, password, "", "", "Laptop")
		if list, err := f.svc.Sessions(ctx, u.ID); err != nil || len(list) != 2 {
			t.Fatalf("sessions = %d, %v", len(list), err)
		}
		if _, err := f.svc.LogoutEverywhere(auth.WithUser(ctx, other), u.ID); warta.ErrorCode(err) != warta.EForbidden {
			t.Errorf("another staff member ending my sessions = %v, want forbidden", err)
		}
		n, err := f.svc.LogoutEverywhere(auth.WithUser(ctx, u), u.ID)
		if err != nil || n != 2 {
			t.Fatalf("LogoutEverywhere = %d, %v", n, err)
		}
		for _, raw := range []string{phone, laptop} {
			if _, _, err := f.svc.Authenticate(ctx, raw); warta.ErrorCode(err) != warta.EUnauthorized {
				t.Errorf("revoked session still authenticates: %v", err)
			}
		}
		if !f.audited("auth.logout_everywhere") {
			t.Error("logout everywhere not audited")
		}

		// Ended sessions are cleaned up after a month.
		f.advance(32 * 24 * time.Hour)
		if err := f.svc.Cleanup(ctx); err != nil {
			t.Fatal(err)
		}
		var left int
		db.SQL().QueryRow("SELECT COUNT(*) FROM sessions").Scan(&left)
		if left != 0 {
			t.Errorf("%d sessions left after cleanup", left)
		}
	})
}

var linkRE = regexp.MustCompile(`https://warta\.example/studio/reset\?token=([a-z0-9]+)`)

func TestPasswordReset(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, auth.Config{})
		u := f.user(t, "redaktur@kominfo.example", warta.RoleEditor)
		_, before, _ := f.svc.Login(ctx, u.Email, password, "", "", "")

		if err := f.svc.RequestPasswordReset(ctx, "tidak-ada@kominfo.example", "203.0.113.5"); err != nil {
			t.Errorf("reset for an unknown email = %v, want the same answer as for a known one", err)
		}
		if err := f.svc.RequestPasswordReset(ctx, "Redaktur@kominfo.example", "203.0.113.5"); err != nil {
			t.Fatal(err)
		}
		mails, err := f.outbox.List(ctx, 10)
		if err != nil || len(mails) != 1 {
			t.Fatalf("outbox has %d mails (%v), want only the one for the existing account", len(mails), err)
		}
		m := mails[0]
		link := linkRE.FindStringSubmatch(m.Text)
		if m.To != u.Email || link == nil || !strings.Contains(m.Text, "11:00 WIB") {
			t.Fatalf("reset mail to %s:\n%s", m.To, m.Text)
		}
		token := link[1]
		if _, err := url.Parse(link[0]); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.ResetPassword(ctx, token, "pendek"); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("too short a new password = %v", err)
		}
		const fresh = "kata-sandi-baru-yang-panjang"
		if err := f.svc.ResetPassword(ctx, token, fresh); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Authenticate(ctx, before); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("session from before the reset still works: %v", err)
		}
		if _, _, err := f.svc.Login(ctx, u.Email, password, "", "", ""); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("old password still works: %v", err)
		}
		if _, _, err := f.svc.Login(ctx, u.Email, fresh, "", "", ""); err != nil {
			t.Errorf("new password refused: %v", err)
		}
		if err := f.svc.ResetPassword(ctx, token, "lagi-kata-sandi-panjang"); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("reset link used twice = %v, want invalid", err)
		}
		if !f.audited("auth.password_reset") {
			t.Error("reset not audited")
		}

		// A link expires after an hour.
		f.svc.RequestPasswordReset(ctx, u.Email, "")
		mails, _ = f.outbox.List(ctx, 1)
		f.advance(61 * time.Minute)
		if err := f.svc.ResetPassword(ctx, linkRE.FindStringSubmatch(mails[0].Text)[1], "lagi-kata-sandi-panjang"); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("expired reset link = %v, want invalid", err)
		}

		// Asking again and again does not flood the mailbox.
		for i := 0; i < 5; i++ {
			f.svc.RequestPasswordReset(ctx, u.Email, "")
		}
		mails, _ = f.outbox.List(ctx, 100)
		if len(mails) != 2+auth.DefaultLimits.ResetRequests {
			t.Errorf("outbox has %d mails after 5 more requests, want %d", len(mails), 2+auth.DefaultLimits.ResetRequests)
		}
	})
}

package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// whoAmI answers with the email of the user in the request context.
var whoAmI = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if u := auth.UserFrom(r.Context()); u != nil {
		w.Write([]byte(u.Email))
		return
	}
	w.Write([]byte("anonim"))
})

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestTokens(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, auth.Config{})
		u := f.user(t, "sistem@kpu.example", warta.RoleEditor)

		raw, tok, err := f.svc.CreateToken(ctx, u.ID, "Integrasi KPU", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(raw, "warta_") || len(raw) < 40 || !strings.HasPrefix(raw, tok.Prefix) || tok.HasScope("admin") {
			t.Fatalf("raw %q token %+v", raw, tok)
		}
		got, gu, err := f.svc.AuthenticateToken(ctx, raw)
		if err != nil || got.ID != tok.ID || gu.ID != u.ID {
			t.Fatalf("AuthenticateToken = %+v %+v %v", got, gu, err)
		}

		// Only the hash is stored: no column of any token row holds the raw value.
		rows, err := db.SQL().Query("SELECT id, user_id, name, token_hash, prefix, scopes FROM api_tokens")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var cols [6]string
			rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5])
			for _, c := range cols {
				if strings.Contains(c, raw[len("warta_"):]) || strings.Contains(c, raw[10:]) {
					t.Errorf("api_tokens holds the raw token: %q", c)
				}
			}
		}
		rows.Close()

		h := f.svc.Middleware(whoAmI)
		req := httptest.NewRequest("POST", "/api/v1/articles", nil)
		req.Header.Set("Authorization", "Bearer "+raw)
		if rec := serve(h, req); rec.Code != 200 || rec.Body.String() != u.Email {
			t.Errorf("bearer request: %d %q", rec.Code, rec.Body)
		}

		list, err := f.svc.ListTokens(ctx, u.ID)
		if err != nil || len(list) != 1 || list[0].LastUsedAt.IsZero() || list[0].UserEmail != u.Email {
			t.Errorf("ListTokens = %+v, %v", list, err)
		}
		if err := f.svc.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.AuthenticateToken(ctx, raw); warta.ErrorCode(err) != warta.EUnauthorized || !strings.Contains(warta.ErrorMessage(err), "dicabut") {
			t.Errorf("revoked token = %v, want refused as revoked", err)
		}
		if rec := serve(h, req); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "dicabut") {
			t.Errorf("bearer request with a revoked token: %d %q", rec.Code, rec.Body)
		}
		if !f.audited("token.create") || !f.audited("token.revoke") {
			t.Errorf("audit %v lacks token create and revoke", f.audit)
		}

		// Expiry.
		raw, _, err = f.svc.CreateToken(ctx, u.ID, "Sementara", f.clock().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		f.advance(time.Hour)
		if _, _, err := f.svc.AuthenticateToken(ctx, raw); warta.ErrorCode(err) != warta.EUnauthorized || !strings.Contains(warta.ErrorMessage(err), "kedaluwarsa") {
			t.Errorf("expired token = %v, want refused as expired", err)
		}
		if _, _, err := f.svc.CreateToken(ctx, u.ID, "Lampau", f.clock().Add(-time.Hour)); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("token expiring in the past = %v", err)
		}

		// A read-only token may read, not write.
		raw, _, err = f.svc.CreateToken(ctx, u.ID, "Baca saja", time.Time{}, warta.ScopeRead)
		if err != nil {
			t.Fatal(err)
		}
		get := httptest.NewRequest("GET", "/api/v1/articles", nil)
		get.Header.Set("Authorization", "Bearer "+raw)
		if rec := serve(h, get); rec.Code != 200 || rec.Body.String() != u.Email {
			t.Errorf("read-only token GET: %d %q", rec.Code, rec.Body)
		}
		req.Header.Set("Authorization", "Bearer "+raw)
		if rec := serve(h, req); rec.Code != http.StatusForbidden {
			t.Errorf("read-only token POST: %d %q, want 403", rec.Code, rec.Body)
		}
		if _, _, err := f.svc.CreateToken(ctx, u.ID, "Aneh", time.Time{}, "admin"); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("unknown scope = %v", err)
		}

		// Someone else's tokens are off limits to non-admins.
		other := f.user(t, "lain@kominfo.example", warta.RoleContributor)
		if _, _, err := f.svc.CreateToken(auth.WithUser(ctx, other), u.ID, "Curian", time.Time{}); warta.ErrorCode(err) != warta.EForbidden {
			t.Errorf("creating a token for someone else = %v, want forbidden", err)
		}
		if list, _ := f.svc.ListTokens(auth.WithUser(ctx, other), ""); len(list) != 0 {
			t.Errorf("a contributor sees %d tokens of others", len(list))
		}
	})
}

func TestSessionCookie(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, secure := range []bool{true, false} {
			f := setup(t, db, auth.Config{SecureCookies: secure})
			email := "admin@kominfo.example"
			if secure {
				f.user(t, email, warta.RoleAdmin)
			}
			sess, raw, err := f.svc.Login(ctx, email, password, "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			f.svc.SetSessionCookie(rec, raw, sess.ExpiresAt)
			set := rec.Header().Get("Set-Cookie")
			want := []string{"warta_session=" + raw, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=604800"}
			if secure {
				want = append(want, "__Host-warta_session=", "Secure")
			}
			for _, w := range want {
				if !strings.Contains(set, w) {
					t.Errorf("secure=%v: Set-Cookie %q lacks %q", secure, set, w)
				}
			}
			if !secure && (strings.Contains(set, "Secure") || strings.Contains(set, "__Host-")) {
				t.Errorf("insecure Set-Cookie %q", set)
			}
			if strings.Contains(set, "Domain") {
				t.Errorf("Set-Cookie %q must not name a Domain", set)
			}

			h := f.svc.Middleware(whoAmI)
			req := httptest.NewRequest("GET", "/studio/", nil)
			req.AddCookie(&http.Cookie{Name: f.svc.CookieName(), Value: raw})
			if rec := serve(h, req); rec.Body.String() != email {
				t.Errorf("secure=%v: request with the cookie is %q", secure, rec.Body)
			}
			f.svc.Logout(ctx, raw)
			rec = serve(h, req)
			if rec.Body.String() != "anonim" || !strings.Contains(rec.Header().Get("Set-Cookie"), "Max-Age=0") {
				t.Errorf("secure=%v: stale cookie: %q, Set-Cookie %q; want anonymous and cleared", secure, rec.Body, rec.Header().Get("Set-Cookie"))
			}
		}
	})
}

func TestStaffPageHeaders(t *testing.T) {
	svc := auth.New(auth.Config{}) // no storage needed for headers

	h := svc.CrossOrigin(auth.CSP(whoAmI))

	rec := serve(h, httptest.NewRequest("GET", "/studio/", nil))
	if got := rec.Header().Get("Content-Security-Policy"); got != "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'" {
		t.Errorf("CSP %q", got)
	}
	post := httptest.NewRequest("POST", "/studio/articles", nil)
	post.Header.Set("Sec-Fetch-Site", "cross-site")
	if rec := serve(h, post); rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "situs lain") {
		t.Errorf("cross-site POST: %d %q, want 403", rec.Code, rec.Body)
	}
	post.Header.Set("Sec-Fetch-Site", "same-origin")
	if rec := serve(h, post); rec.Code != 200 {
		t.Errorf("same-origin POST: %d", rec.Code)
	}
}

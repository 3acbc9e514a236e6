package auth

import (
	"github.com/kominfo-jatim/warta/internal/httperr"

	"context"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Cookie names. The __Host- prefix makes browsers insist on Secure, Path=/
// and no Domain, so no subdomain can plant or read the cookie.
const (
	CookieName       = "warta_session"
	SecureCookieName = "__Host-warta_session"
)

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
	tokenKey
)

// UserFrom returns the signed-in user of the request context, or nil.
func UserFrom(ctx context.Context) *warta.User {
	u, _ := ctx.Value(userKey).(*warta.User)
	return u
}

// SessionFrom returns the browser session of the request context, or nil
// (anonymous, or signed in with an API token).
func SessionFrom(ctx context.Context) *warta.Session {
	s, _ := ctx.Value(sessionKey).(*warta.Session)
	return s
}

// TokenFrom returns the API token of the request context, or nil.
func TokenFrom(ctx context.Context) *warta.Token {
	t, _ := ctx.Value(tokenKey).(*warta.Token)
	return t
}

// WithUser returns ctx acting as u, for callers outside HTTP and for tests.
func WithUser(ctx context.Context, u *warta.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// CookieName returns the session cookie's name under this configuration.
func (s *Service) CookieName() string {
	if s.secureCookies {
		return SecureCookieName
	}
	return CookieName
}

// SetSessionCookie hands the browser the raw session token until expires
// (the session's ExpiresAt; zero for a cookie that ends with the browser
// session). HttpOnly keeps it from scripts; SameSite=Lax
// keeps it off cross-site form posts.
func (s *Service) SetSessionCookie(w http.ResponseWriter, raw string, expires time.Time) {
	c := &http.Cookie{Name: s.CookieName(), Value: raw, Path: "/", HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode}
	if !expires.IsZero() {
		c.Expires, c.MaxAge = expires, max(1, int(expires.Sub(s.now()).Seconds()))
	}
	http.SetCookie(w, c)
}

// ClearSessionCookie tells the browser to forget the session cookie.
func (s *Service) ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.CookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// Middleware identifies the caller and puts the user in the request
// context (UserFrom), with the session (SessionFrom) or the API token
// (TokenFrom). A request with an "Authorization: Bearer" header is judged by
// its token alone: an invalid token is refused, and a token without the
// write scope may only make safe requests (GET, HEAD, OPTIONS). Otherwise the
// session cookie is read; a stale cookie is cleared and the request goes on
// anonymous. Handlers decide what anonymous callers may see.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, raw, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") {
				s.onError(w, r, warta.Errorf(warta.EUnauthorized, "Gunakan header Authorization: Bearer <token>."))
				return
			}
			t, u, err := s.AuthenticateToken(ctx, strings.TrimSpace(raw))
			if err != nil {
				s.onError(w, r, err)
				return
			}
			if !safeMethod(r.Method) && !t.HasScope(warta.ScopeWrite) {
				s.onError(w, r, warta.Errorf(warta.EForbidden, "Token API ini hanya boleh membaca (cakupan read); permintaan yang mengubah data ditolak."))
				return
			}
			ctx = context.WithValue(WithUser(ctx, u), tokenKey, t)
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		if c, err := r.Cookie(s.CookieName()); err == nil && c.Value != "" {
			sess, u, err := s.Authenticate(ctx, c.Value)
			switch {
			case err == nil:
				ctx = context.WithValue(WithUser(ctx, u), sessionKey, sess)
				r = r.WithContext(ctx)
			case warta.ErrorCode(err) == warta.EUnauthorized:
				s.ClearSessionCookie(w)
			default:
				s.onError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// EnrolGate keeps users who must set up two-factor login (see
// Config.RequireTOTP) on the enrolment page: other pages redirect there, and
// other changes are refused, except paths under alsoAllowed (say, logout).
// Requests with API tokens pass.
func (s *Service) EnrolGate(enrolPath string, next http.Handler, alsoAllowed ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := SessionFrom(r.Context())
		if sess == nil || !sess.MustEnrolTOTP || r.URL.Path == enrolPath {
			next.ServeHTTP(w, r)
			return
		}
		for _, p := range alsoAllowed {
			if strings.HasPrefix(r.URL.Path, p) {
				next.ServeHTTP(w, r)
				return
			}
		}
		if safeMethod(r.Method) {
			http.Redirect(w, r, enrolPath, http.StatusSeeOther)
			return
		}
		s.onError(w, r, warta.Errorf(warta.EForbidden, "Aktifkan verifikasi dua langkah dulu; akun dengan peran Anda wajib memakainya."))
	})
}

// CSPPolicy is the Content-Security-Policy of staff pages: only Warta's own
// scripts, styles, images, forms and no framing.
const CSPPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// CSP adds the staff pages' Content-Security-Policy and related headers.
func CSP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSPPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		// Reset links carry their token in the URL; keep it off other sites.
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// CrossOrigin refuses state-changing requests that a browser reports as
// coming from another site (Sec-Fetch-Site, or Origin against Host), using
// net/http's CrossOriginProtection. Requests from non-browser clients carry
// neither header and pass, so API clients with tokens are unaffected.
func (s *Service) CrossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.onError(w, r, warta.Errorf(warta.EForbidden, "Permintaan dari situs lain ditolak. Muat ulang halaman Warta lalu coba lagi."))
	}))
	return p.Handler(next)
}

// plainError is the default Config.OnError.
func plainError(w http.ResponseWriter, r *http.Request, err error) {
	if warta.ErrorCode(err) == warta.EUnauthorized && r.Header.Get("Authorization") != "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="warta"`)
	}
	http.Error(w, warta.ErrorMessage(err), httperr.Status(err))
}

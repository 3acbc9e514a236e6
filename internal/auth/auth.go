// Package auth decides who is making a request: staff signing in to the
// studio with a password and, where required, a TOTP code; browsers holding
// a session cookie; systems holding an API token. It also resets forgotten
// passwords by email and throttles guessing.
//
// Every secret handed out — session cookie, API token, reset link — is a
// random value of which storage keeps only the SHA-256, so a leaked database
// does not let anyone sign in. Rate limits live in the database, so they hold
// across every node.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Config sets up a Service. DB is required; every other field has a default.
type Config struct {
	DB     *store.DB
	Now    func() time.Time
	Logger *slog.Logger

	// RequireTOTP makes two-factor login mandatory for admins and editors:
	// until they enrol, their sessions may only be used to enrol.
	RequireTOTP bool
	// SecretKey encrypts TOTP secrets at rest (AES-256-GCM under a key
	// derived from it). Use a long random value; changing it disables every
	// enrolled authenticator. Empty stores secrets unencrypted.
	SecretKey string
	// Issuer names the site in authenticator apps; "Warta" when empty.
	Issuer string

	// Mailer sends password reset links; BaseURL is the site's public URL
	// they point to.
	Mailer  mail.Sender
	BaseURL string

	// SecureCookies marks the session cookie Secure and names it with the
	// __Host- prefix. Turn it on whenever the site is served over HTTPS.
	SecureCookies bool

	// Audit, when set, records logins, failed logins, logouts everywhere,
	// password resets, two-factor changes and API token changes. actor is
	// the acting user's ID (or the email tried, for failed logins).
	Audit func(ctx context.Context, actor, action, objectType, objectID, detail, ip string)

	// OnError writes the response when the middleware refuses a request
	// (an invalid API token, a token without the write scope, a cross-origin
	// form post). The default writes the message as plain text with the
	// status for the error's code.
	OnError func(w http.ResponseWriter, r *http.Request, err error)

	// Limits; the defaults are in DefaultLimits.
	Limits Limits
}

// Limits are the login throttles and lifetimes.
type Limits struct {
	AccountFailures int           // failed logins per account per Window
	AddressFailures int           // failed logins per address per Window
	Window          time.Duration // the throttling window
	ResetRequests   int           // reset emails per account per hour
	SessionIdle     time.Duration // a session unused this long ends
	SessionMax      time.Duration // a session ends this long after login, however active
	ResetValid      time.Duration // how long a reset link works
}

// DefaultLimits are the limits used for zero fields of Config.Limits.
var DefaultLimits = Limits{
	AccountFailures: 5,
	AddressFailures: 20,
	Window:          15 * time.Minute,
	ResetRequests:   3,
	SessionIdle:     24 * time.Hour,
	SessionMax:      7 * 24 * time.Hour,
	ResetValid:      time.Hour,
}

// Service authenticates staff and API clients.
type Service struct {
	db            *store.DB
	now           func() time.Time
	log           *slog.Logger
	requireTOTP   bool
	key           []byte // derived from SecretKey; nil when none
	issuer        string
	mailer        mail.Sender
	baseURL       string
	secureCookies bool
	audit         func(ctx context.Context, actor, action, objectType, objectID, detail, ip string)
	onError       func(w http.ResponseWriter, r *http.Request, err error)
	limits        Limits
}

// New returns a Service for cfg.
func New(cfg Config) *Service {
	s := &Service{
		db: cfg.DB, now: cfg.Now, log: cfg.Logger, requireTOTP: cfg.RequireTOTP, issuer: cfg.Issuer,
		mailer: cfg.Mailer, baseURL: strings.TrimRight(cfg.BaseURL, "/"), secureCookies: cfg.SecureCookies,
		audit: cfg.Audit, onError: cfg.OnError, limits: cfg.Limits,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.issuer == "" {
		s.issuer = "Warta"
	}
	if cfg.SecretKey != "" {
		k := sha256.Sum256([]byte("warta totp secret key v1\x00" + cfg.SecretKey))
		s.key = k[:]
	}
	if s.onError == nil {
		s.onError = plainError
	}
	d := DefaultLimits
	for _, f := range []struct{ v, def *int }{{&s.limits.AccountFailures, &d.AccountFailures},
		{&s.limits.AddressFailures, &d.AddressFailures}, {&s.limits.ResetRequests, &d.ResetRequests}} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	for _, f := range []struct{ v, def *time.Duration }{{&s.limits.Window, &d.Window}, {&s.limits.SessionIdle, &d.SessionIdle},
		{&s.limits.SessionMax, &d.SessionMax}, {&s.limits.ResetValid, &d.ResetValid}} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	return s
}

// newSecret returns a random token of 32 bytes in lowercase base32 (52
// characters: safe in URLs, cookies and a double-click selection) and the
// hex SHA-256 under which storage keeps it.
func newSecret() (raw, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	raw = strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return raw, hashSecret(raw)
}

// hashSecret is the storage key of a raw secret.
func hashSecret(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// record calls the audit hook, if any.
func (s *Service) record(ctx context.Context, actor, action, objectType, objectID, detail, ip string) {
	if s.audit != nil {
		s.audit(ctx, actor, action, objectType, objectID, detail, ip)
	}
}

// actingOn checks that the user in ctx, if any, may manage userID's
// sessions, tokens or two-factor login: themselves, or anyone for an admin.
// Without a user in ctx (the command line), everything is allowed. It
// returns the actor's ID for the audit log.
func actingOn(ctx context.Context, userID string) (string, error) {
	u := UserFrom(ctx)
	if u == nil {
		return userID, nil
	}
	if u.ID != userID && u.Role != warta.RoleAdmin {
		return "", warta.Errorf(warta.EForbidden, "Hanya admin yang boleh mengelola akun orang lain.")
	}
	return u.ID, nil
}

// jakartaClock formats t as "10:15 WIB" for messages.
func jakartaClock(t time.Time) string {
	return t.In(warta.Jakarta).Format("15:04") + " WIB"
}

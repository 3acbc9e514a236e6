package warta

import (
	"strings"
	"time"
)

// ETooMany is the error code for requests refused by a rate limit, such as
// too many failed logins. The message says when to try again.
const ETooMany = "too_many_requests"

// Session is a signed-in browser. The cookie holds a random token; storage
// keeps only its SHA-256, which is the session's ID.
type Session struct {
	ID         string // hex SHA-256 of the cookie value
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the latest it can last, however active
	RevokedAt  time.Time // zero while the session is valid
	IP         string
	UserAgent  string

	// TOTPEnabled reports whether the user had two-factor login on when
	// the session was looked up.
	TOTPEnabled bool

	// MustEnrolTOTP is set when two-factor authentication is required for
	// the user's role and the user has not set it up yet: the session may
	// only be used to enrol.
	MustEnrolTOTP bool
}

// Active reports whether the session can still be used at now, given how
// long it may sit idle.
func (s *Session) Active(now time.Time, idle time.Duration) bool {
	return s.RevokedAt.IsZero() && now.Before(s.ExpiresAt) && now.Before(s.LastSeenAt.Add(idle))
}

// Token scopes. A token acts with its user's permissions, narrowed to its
// scopes: read allows safe requests (GET, HEAD), write allows changes.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// Scopes lists every token scope.
var Scopes = []string{ScopeRead, ScopeWrite}

// Token is an API bearer token. The raw value is shown once when it is
// created; storage keeps only its SHA-256.
type Token struct {
	ID         string
	UserID     string
	UserEmail  string // filled in by lists
	Name       string
	Prefix     string // start of the raw token, to tell tokens apart
	Scopes     []string
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: never expires
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero while not revoked
}

// Active reports whether the token can still be used at now.
func (t *Token) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// HasScope reports whether the token grants scope.
func (t *Token) HasScope(scope string) bool {
	for _, s := range t.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// Validate checks a token before it is stored.
func (t *Token) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return &Error{Code: EInvalid, Message: "Nama token wajib diisi (mis. nama sistem yang memakainya).", Field: "name"}
	}
	if len([]rune(t.Name)) > 100 {
		return &Error{Code: EInvalid, Message: "Nama token paling panjang 100 karakter.", Field: "name"}
	}
	if len(t.Scopes) == 0 {
		return &Error{Code: EInvalid, Message: "Token harus punya paling sedikit satu cakupan: read atau write.", Field: "scopes"}
	}
	for _, s := range t.Scopes {
		if s != ScopeRead && s != ScopeWrite {
			return &Error{Code: EInvalid, Message: "Cakupan token harus read atau write.", Field: "scopes"}
		}
	}
	return nil
}

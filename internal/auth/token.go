package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// TokenPrefix starts every raw API token, so secret scanners and people can
// recognise one.
const TokenPrefix = "warta_"

// CreateToken issues an API token for the user and returns its raw value,
// which is shown once and never stored. A zero expires means the token
// does not expire. Without scopes the token may read and write. With a user
// in ctx, only that user or an admin may do this.
func (s *Service) CreateToken(ctx context.Context, userID, name string, expires time.Time, scopes ...string) (string, *warta.Token, error) {
	actor, err := actingOn(ctx, userID)
	if err != nil {
		return "", nil, err
	}
	u, err := s.db.UserByID(ctx, userID)
	if err != nil {
		return "", nil, err
	}
	if u.Disabled {
		return "", nil, warta.Errorf(warta.EInvalid, "Akun %s dinonaktifkan; token tidak bisa dibuat.", u.Email)
	}
	now := s.now()
	if !expires.IsZero() && !expires.After(now) {
		return "", nil, &warta.Error{Code: warta.EInvalid, Message: "Waktu kedaluwarsa token sudah lewat.", Field: "expires"}
	}
	if len(scopes) == 0 {
		scopes = warta.Scopes
	}
	secret, _ := newSecret()
	raw := TokenPrefix + secret
	t := &warta.Token{
		UserID: userID, UserEmail: u.Email, Name: name, Prefix: raw[:len(TokenPrefix)+6],
		Scopes: scopes, CreatedAt: now.UTC().Truncate(time.Second), ExpiresAt: expires,
	}
	if err := s.db.CreateToken(ctx, t, hashSecret(raw)); err != nil {
		return "", nil, err
	}
	s.record(ctx, actor, "token.create", "token", t.ID, fmt.Sprintf("%s (%s) untuk %s", t.Name, strings.Join(t.Scopes, " "), u.Email), "")
	return raw, t, nil
}

// ListTokens lists the user's tokens, or everyone's when userID is empty,
// newest first. With a user in ctx, only admins may list other users'.
func (s *Service) ListTokens(ctx context.Context, userID string) ([]warta.Token, error) {
	if u := UserFrom(ctx); u != nil && userID == "" && u.Role != warta.RoleAdmin {
		userID = u.ID
	}
	if userID != "" {
		if _, err := actingOn(ctx, userID); err != nil {
			return nil, err
		}
	}
	return s.db.Tokens(ctx, userID)
}

// RevokeToken stops the token with the id from working. With a user in ctx,
// only its owner or an admin may do this.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	t, err := s.db.Token(ctx, id)
	if err != nil {
		return err
	}
	actor, err := actingOn(ctx, t.UserID)
	if err != nil {
		return err
	}
	if err := s.db.RevokeToken(ctx, id, s.now()); err != nil {
		return err
	}
	s.record(ctx, actor, "token.revoke", "token", id, fmt.Sprintf("%s untuk %s", t.Name, t.UserEmail), "")
	return nil
}

// AuthenticateToken returns the live token with the raw value and its user.
// An unknown, revoked or expired token, or one whose user is disabled, is
// EUnauthorized with a message saying which.
func (s *Service) AuthenticateToken(ctx context.Context, raw string) (*warta.Token, *warta.User, error) {
	if !strings.HasPrefix(raw, TokenPrefix) {
		return nil, nil, warta.Errorf(warta.EUnauthorized, "Token API tidak dikenal. Token Warta diawali %q.", TokenPrefix)
	}
	t, u, err := s.db.TokenByHash(ctx, hashSecret(raw))
	if warta.ErrorCode(err) == warta.ENotFound {
		return nil, nil, warta.Errorf(warta.EUnauthorized, "Token API tidak dikenal.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("auth: authenticate token: %w", err)
	}
	now := s.now()
	switch {
	case !t.RevokedAt.IsZero():
		return nil, nil, warta.Errorf(warta.EUnauthorized, "Token API %s… sudah dicabut.", t.Prefix)
	case !t.Active(now):
		return nil, nil, warta.Errorf(warta.EUnauthorized, "Token API %s… kedaluwarsa pada %s. Buat token baru.",
			t.Prefix, t.ExpiresAt.In(warta.Jakarta).Format("2006-01-02 15:04")+" WIB")
	case u.Disabled:
		return nil, nil, warta.Errorf(warta.EUnauthorized, "Akun pemilik token API ini dinonaktifkan.")
	}
	if now.Sub(t.LastUsedAt) >= time.Minute {
		if err := s.db.TouchToken(ctx, t.ID, now); err != nil {
			s.log.Warn("auth: touch token", "err", err)
		}
		t.LastUsedAt = now
	}
	return t, u, nil
}

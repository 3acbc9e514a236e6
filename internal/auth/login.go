package auth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Login checks the email, password and, for users who have two-factor login
// on, the current TOTP code, and opens a session. The raw token goes in the
// session cookie (SetSessionCookie); it is not stored anywhere.
//
// A wrong password and an unknown email give the same EUnauthorized error.
// A user with two-factor login on who sends no code gets EUnauthorized with
// Field "totp", asking for it. Too many failures for the account or from the
// address give ETooMany, saying when to try again; RetryAt reports the time.
func (s *Service) Login(ctx context.Context, email, password, totpCode, ip, userAgent string) (*warta.Session, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.now()
	keys := []limitKey{{"email:" + email, s.limits.AccountFailures, "akun ini"}}
	if ip != "" {
		keys = append(keys, limitKey{"ip:" + addressKey(ip), s.limits.AddressFailures, "alamat jaringan Anda"})
	}
	for _, k := range keys {
		if err := s.checkLimit(ctx, k, now); err != nil {
			if warta.ErrorCode(err) == warta.ETooMany {
				s.record(ctx, email, "auth.login_blocked", "user", "", warta.ErrorMessage(err), ip)
			}
			return nil, "", err
		}
	}
	fail := func(reason string, err error) (*warta.Session, string, error) {
		for _, k := range keys {
			if rerr := s.db.RecordAttempt(ctx, k.key, now, s.limits.Window); rerr != nil {
				return nil, "", fmt.Errorf("auth: login: %w", rerr)
			}
		}
		s.record(ctx, email, "auth.login_failed", "user", "", reason, ip)
		return nil, "", err
	}

	u, err := s.db.CheckPassword(ctx, email, password)
	if warta.ErrorCode(err) == warta.EUnauthorized {
		return fail("email atau kata sandi salah", err)
	} else if err != nil {
		return nil, "", fmt.Errorf("auth: login: %w", err)
	}

	sealed, enabled, err := s.db.UserTOTP(ctx, u.ID)
	if err != nil {
		return nil, "", fmt.Errorf("auth: login: %w", err)
	}
	if enabled {
		if strings.TrimSpace(totpCode) == "" {
			return nil, "", &warta.Error{Code: warta.EUnauthorized, Field: "totp",
				Message: "Masukkan kode 6 digit dari aplikasi autentikator Anda untuk masuk."}
		}
		secret, err := s.openSecret(u.ID, sealed)
		if err != nil {
			return nil, "", fmt.Errorf("auth: login %s: %w", u.ID, err)
		}
		step, ok := verifyTOTP(secret, totpCode, now)
		if ok {
			ok, err = s.db.UseTOTPStep(ctx, u.ID, step)
			if err != nil {
				return nil, "", fmt.Errorf("auth: login: %w", err)
			}
		}
		if !ok {
			return fail("kode verifikasi salah", &warta.Error{Code: warta.EUnauthorized, Field: "totp",
				Message: "Kode verifikasi salah, kedaluwarsa atau sudah dipakai. Masukkan kode terbaru dari aplikasi autentikator."})
		}
	}

	raw, hash := newSecret()
	sess := &warta.Session{
		ID: hash, UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.limits.SessionMax),
		IP: ip, UserAgent: userAgent, TOTPEnabled: enabled,
	}
	sess.MustEnrolTOTP = s.mustEnrol(u, enabled)
	if err := s.db.CreateSession(ctx, sess); err != nil {
		return nil, "", fmt.Errorf("auth: login: %w", err)
	}
	// The address count stays: one good password must not reset the
	// budget of someone guessing other accounts from the same place.
	if err := s.db.ClearAttempts(ctx, keys[0].key); err != nil {
		s.log.Warn("auth: clear login attempts", "err", err)
	}
	s.record(ctx, u.ID, "auth.login", "user", u.ID, "", ip)
	return sess, raw, nil
}

// mustEnrol reports whether the user may only enrol in two-factor login.
func (s *Service) mustEnrol(u *warta.User, enabled bool) bool {
	return s.requireTOTP && !enabled && (u.Role == warta.RoleAdmin || u.Role == warta.RoleEditor)
}

// limitKey is one throttle: at most max failures under key per window.
type limitKey struct {
	key  string
	max  int
	what string // "akun ini", for the message
}

// limitError is an ETooMany error that knows when the limit lifts.
type limitError struct {
	err     *warta.Error
	retryAt time.Time
}

func (e *limitError) Error() string { return e.err.Error() }
func (e *limitError) Unwrap() error { return e.err }

// RetryAt returns when a request refused with ETooMany may be tried again,
// for a Retry-After header.
func RetryAt(err error) (time.Time, bool) {
	var le *limitError
	if errors.As(err, &le) {
		return le.retryAt, true
	}
	return time.Time{}, false
}

// checkLimit refuses when k already has max failures in the window. The
// limit lifts when the oldest of the last max failures leaves the window.
func (s *Service) checkLimit(ctx context.Context, k limitKey, now time.Time) error {
	recent, err := s.db.RecentAttempts(ctx, k.key, now.Add(-s.limits.Window), k.max)
	if err != nil {
		return fmt.Errorf("auth: rate limit: %w", err)
	}
	if len(recent) < k.max {
		return nil
	}
	retry := recent[k.max-1].Add(s.limits.Window)
	if !retry.After(now) {
		return nil
	}
	minutes := int(math.Ceil(retry.Sub(now).Minutes()))
	return &limitError{retryAt: retry, err: &warta.Error{Code: warta.ETooMany, Message: fmt.Sprintf(
		"Terlalu banyak percobaan masuk yang gagal dari %s. Demi keamanan, coba lagi setelah pukul %s (sekitar %d menit lagi).",
		k.what, jakartaClock(retry), minutes)}}
}

// addressKey groups IPv6 addresses by their /64, which one household or
// machine usually owns whole; IPv4 addresses stand alone.
func addressKey(ip string) string {
	if host, _, err := net.SplitHostPort(ip); err == nil {
		ip = host
	}
	a := net.ParseIP(ip)
	if a == nil || a.To4() != nil {
		return ip
	}
	return a.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// Authenticate returns the live session for the raw cookie value and its
// user. An unknown, expired, idle, revoked or disabled session is
// EUnauthorized.
func (s *Service) Authenticate(ctx context.Context, raw string) (*warta.Session, *warta.User, error) {
	expired := warta.Errorf(warta.EUnauthorized, "Sesi Anda sudah berakhir. Silakan masuk lagi.")
	if raw == "" {
		return nil, nil, expired
	}
	sess, u, err := s.db.Session(ctx, hashSecret(raw))
	if warta.ErrorCode(err) == warta.ENotFound {
		return nil, nil, expired
	} else if err != nil {
		return nil, nil, fmt.Errorf("auth: authenticate: %w", err)
	}
	now := s.now()
	if !sess.Active(now, s.limits.SessionIdle) || u.Disabled {
		return nil, nil, expired
	}
	// Writing on every request would make reads cost a write; a minute's
	// precision is plenty for an idle timeout of hours.
	if now.Sub(sess.LastSeenAt) >= time.Minute {
		if err := s.db.TouchSession(ctx, sess.ID, now); err != nil {
			s.log.Warn("auth: touch session", "err", err)
		}
		sess.LastSeenAt = now
	}
	sess.MustEnrolTOTP = s.mustEnrol(u, sess.TOTPEnabled)
	return sess, u, nil
}

// Logout ends the session of the raw cookie value. Ending an unknown or
// ended session is not an error.
func (s *Service) Logout(ctx context.Context, raw string) error {
	if raw == "" {
		return nil
	}
	if err := s.db.RevokeSession(ctx, hashSecret(raw), s.now()); err != nil {
		return fmt.Errorf("auth: logout: %w", err)
	}
	return nil
}

// LogoutEverywhere ends every session of the user, on every node, and
// reports how many were open. API tokens are not touched; revoke them with
// RevokeToken. With a user in ctx, only that user or an admin may do this.
func (s *Service) LogoutEverywhere(ctx context.Context, userID string) (int, error) {
	actor, err := actingOn(ctx, userID)
	if err != nil {
		return 0, err
	}
	n, err := s.db.RevokeUserSessions(ctx, userID, s.now())
	if err != nil {
		return 0, fmt.Errorf("auth: logout everywhere: %w", err)
	}
	s.record(ctx, actor, "auth.logout_everywhere", "user", userID, fmt.Sprintf("%d sesi diakhiri", n), "")
	return n, nil
}

// Sessions lists the user's open sessions, most recently used first. With a
// user in ctx, only that user or an admin may see them.
func (s *Service) Sessions(ctx context.Context, userID string) ([]warta.Session, error) {
	if _, err := actingOn(ctx, userID); err != nil {
		return nil, err
	}
	now := s.now()
	all, err := s.db.UserSessions(ctx, userID, now)
	if err != nil {
		return nil, fmt.Errorf("auth: sessions: %w", err)
	}
	out := all[:0]
	for _, sess := range all {
		if sess.Active(now, s.limits.SessionIdle) {
			out = append(out, sess)
		}
	}
	return out, nil
}

// Cleanup deletes sessions that ended more than a month ago and throttling
// records no limit looks at any more. Run it daily from any one node.
func (s *Service) Cleanup(ctx context.Context) error {
	now := s.now()
	if _, err := s.db.DeleteExpiredSessions(ctx, now.AddDate(0, -1, 0)); err != nil {
		return fmt.Errorf("auth: cleanup: %w", err)
	}
	oldest := max(s.limits.Window, s.limits.ResetValid)
	if err := s.db.DeleteOldAttempts(ctx, now.Add(-oldest)); err != nil {
		return fmt.Errorf("auth: cleanup: %w", err)
	}
	return nil
}

package auth

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// ResetPath is where reset links point, under the site's base URL.
const ResetPath = "/studio/reset"

// RequestPasswordReset emails a one-time link for choosing a new password to
// the account with the email. It answers the same — nil — whether or not the
// account exists, is disabled or has asked too often, so it cannot be used
// to find out who has an account. A mail that fails to send is logged.
func (s *Service) RequestPasswordReset(ctx context.Context, email, ip string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.now()
	// Every request counts, so the link cannot be used to flood a mailbox.
	window := s.limits.ResetValid
	key := "reset:" + email
	recent, err := s.db.RecentAttempts(ctx, key, now.Add(-window), s.limits.ResetRequests)
	if err != nil {
		return fmt.Errorf("auth: password reset: %w", err)
	}
	if err := s.db.RecordAttempt(ctx, key, now, window); err != nil {
		return fmt.Errorf("auth: password reset: %w", err)
	}
	if len(recent) >= s.limits.ResetRequests {
		s.log.Info("auth: password reset throttled", "email", email, "ip", ip)
		return nil
	}
	u, err := s.db.UserByEmail(ctx, email)
	if warta.ErrorCode(err) == warta.ENotFound {
		return nil
	} else if err != nil {
		return fmt.Errorf("auth: password reset: %w", err)
	}
	if u.Disabled {
		return nil
	}
	raw, hash := newSecret()
	expires := now.Add(s.limits.ResetValid)
	if err := s.db.CreatePasswordReset(ctx, hash, u.ID, ip, now, expires); err != nil {
		return fmt.Errorf("auth: password reset: %w", err)
	}
	link := s.baseURL + ResetPath + "?" + url.Values{"token": {raw}}.Encode()
	m := mail.Message{
		To:      u.Email,
		Subject: "Atur ulang kata sandi Warta",
		Text: fmt.Sprintf(`Halo %s,

Ada permintaan untuk mengatur ulang kata sandi akun Warta Anda (%s).
Buka tautan ini untuk memilih kata sandi baru:

%s

Tautan hanya bisa dipakai sekali dan berlaku sampai pukul %s, %s.
Setelah kata sandi diganti, semua sesi yang sedang masuk akan diakhiri.

Jika Anda tidak meminta ini, abaikan email ini; kata sandi Anda tidak berubah.
`, u.Name, u.Email, link, jakartaClock(expires), expires.In(warta.Jakarta).Format("2006-01-02")),
		Headers: map[string]string{"X-Warta-Kind": "password-reset"},
	}
	if s.mailer == nil {
		s.log.Error("auth: password reset requested but no mailer is configured", "user", u.ID)
	} else if err := s.mailer.Send(ctx, m); err != nil {
		s.log.Error("auth: send password reset", "user", u.ID, "err", err)
	}
	s.record(ctx, u.ID, "auth.password_reset_requested", "user", u.ID, "", ip)
	return nil
}

// ResetPassword sets a new password with the token from a reset link. The
// link then stops working, and every session of the user ends. An unknown,
// used or expired link is EInvalid with Field "token".
func (s *Service) ResetPassword(ctx context.Context, token, newPassword string) error {
	if token == "" {
		return &warta.Error{Code: warta.EInvalid, Message: "Tautan atur ulang kata sandi tidak lengkap. Buka lagi tautan dari email.", Field: "token"}
	}
	u, err := s.db.ResetPassword(ctx, hashSecret(token), newPassword, s.now())
	if err != nil {
		return err
	}
	if err := s.db.ClearAttempts(ctx, "email:"+u.Email); err != nil {
		s.log.Warn("auth: clear login attempts", "err", err)
	}
	s.record(ctx, u.ID, "auth.password_reset", "user", u.ID, "", "")
	return nil
}

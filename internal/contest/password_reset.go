package contest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"

	wmail "github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// ResetValid is how long a participant's password reset link works.
const ResetValid = time.Hour

// ResetPath is where password reset links point, under BaseURL.
const ResetPath = "/lomba/sandi-baru"

// RequestPasswordReset emails a one-time link for choosing a new password
// (BaseURL/lomba/sandi-baru?token=…, valid for ResetValid) to the
// participant with the email. It answers the same — nil — whether or not
// the address has an account, and a mail that fails to send is only
// logged, so the answer never tells who takes part. Every request counts
// against the address (Limits.VerifyRequests an hour, as verification
// mails) and against the client's network, the /24 or /64 of ip
// (Limits.VotesPerHour an hour, as vote requests); beyond either it is
// ETooMany, whoever the address belongs to.
func (s *Service) RequestPasswordReset(ctx context.Context, email, ip string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return invalid("email", "Masukkan alamat email akun peserta Anda.")
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return invalid("email", "Alamat email tidak valid.")
	}
	now := s.clock()
	netKey, emailKey := "lomba-lupa-sandi-jaringan:"+network(ip), "lomba-lupa-sandi:"+email
	if n, err := s.recentAttempts(ctx, netKey, now, s.limits.VotesPerHour); err != nil {
		return err
	} else if n >= s.limits.VotesPerHour {
		return &warta.Error{Code: warta.ETooMany,
			Message: "Terlalu banyak permintaan atur ulang kata sandi dari jaringan Anda dalam satu jam terakhir. Coba lagi nanti."}
	}
	if n, err := s.recentAttempts(ctx, emailKey, now, s.limits.VerifyRequests); err != nil {
		return err
	} else if n >= s.limits.VerifyRequests {
		return &warta.Error{Code: warta.ETooMany, Field: "email",
			Message: "Tautan atur ulang kata sandi untuk alamat ini sudah beberapa kali diminta. Periksa kotak masuk dan folder spam, atau coba lagi satu jam lagi."}
	}
	for _, key := range []string{netKey, emailKey} {
		if err := s.db.RecordAttempt(ctx, key, now, time.Hour); err != nil {
			return fmt.Errorf("contest: password reset: %w", err)
		}
	}
	p, err := s.participantBy(ctx, "email", email)
	if warta.ErrorCode(err) == warta.ENotFound {
		return nil
	} else if err != nil {
		return fmt.Errorf("contest: password reset: %w", err)
	}
	raw, hash := newToken()
	expires := now.Add(ResetValid)
	if _, err := s.exec(ctx, "INSERT INTO contest_password_resets (id, participant_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		hash, p.ID, now.Unix(), expires.Unix()); err != nil {
		return fmt.Errorf("contest: password reset: %w", err)
	}
	link := s.baseURL + ResetPath + "?" + url.Values{"token": {raw}}.Encode()
	err = s.mailer.Send(ctx, wmail.Message{To: p.Email, Subject: "Atur ulang kata sandi akun lomba konten",
		Text: fmt.Sprintf("Halo %s,\n\nAda permintaan untuk mengatur ulang kata sandi akun peserta lomba konten Anda (%s). "+
			"Buka tautan berikut untuk memilih kata sandi baru:\n\n%s\n\n"+
			"Tautan ini hanya dapat dipakai sekali dan berlaku sampai %s. Setelah kata sandi diganti, semua perangkat yang sedang masuk ke akun Anda akan dikeluarkan.\n\n"+
			"Jika Anda tidak meminta ini, abaikan email ini; kata sandi Anda tidak berubah.\n", p.Name, p.Email, link, FormatWIB(expires)),
		Headers: map[string]string{"X-Warta-Kind": "lomba-password-reset"}})
	if err != nil {
		s.log.Error("contest: send password reset", "participant", p.ID, "err", err)
	}
	return nil
}

// recentAttempts counts the attempts under key in the last hour, up to
// limit.
func (s *Service) recentAttempts(ctx context.Context, key string, now time.Time, limit int) (int, error) {
	recent, err := s.db.RecentAttempts(ctx, key, now.Add(-time.Hour), limit)
	if err != nil {
		return 0, fmt.Errorf("contest: password reset: %w", err)
	}
	return len(recent), nil
}

// CheckPasswordReset returns the participant a reset link is for, without
// using it up, so that the page can say whose password is set before
// anything is typed. An unknown, used or expired link is EInvalid with
// Field "token".
func (s *Service) CheckPasswordReset(ctx context.Context, token string) (*Participant, error) {
	id, err := s.resetLink(ctx, s, token, s.clock())
	if err != nil {
		return nil, err
	}
	return s.participant(ctx, id)
}

// ResetPassword sets a new password with the token from a reset link, by
// the rules of Register. The link and every other open reset link of the
// participant stop working, every session of theirs ends, and their email
// counts as verified: they read the mail. It returns the participant and a
// new session token, as Login does. A password that breaks the rules is
// EInvalid with Field "password" and leaves the link usable; an unknown,
// used or expired link is EInvalid with Field "token".
func (s *Service) ResetPassword(ctx context.Context, token, newPassword string) (*Participant, string, error) {
	if token == "" {
		return nil, "", badResetLink("Tautan atur ulang kata sandi tidak lengkap. Buka lagi tautan lengkap dari email Anda.")
	}
	if len([]rune(newPassword)) < store.MinPasswordLength {
		return nil, "", invalid("password", "Kata sandi minimal %d karakter.", store.MinPasswordLength)
	}
	pwHash, err := argon2id.CreateHash(newPassword, argon2id.DefaultParams)
	if err != nil {
		return nil, "", fmt.Errorf("contest: hash password: %w", err)
	}
	now := s.clock()
	raw, sessionHash := newToken()
	var id string
	err = s.inTx(ctx, func(tx tx) error {
		found, err := s.resetLink(ctx, tx, token, now)
		if err != nil {
			return err
		}
		id = found
		// The guard on used_at lets only one of two simultaneous uses win.
		res, err := tx.exec(ctx, "UPDATE contest_password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL", now.Unix(), hashToken(token))
		if err != nil {
			return fmt.Errorf("contest: reset password: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return badResetLink("Tautan atur ulang kata sandi ini sudah dipakai. Minta tautan baru bila perlu.")
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE contest_password_resets SET used_at = ? WHERE participant_id = ? AND used_at IS NULL", []any{now.Unix(), id}},
			{"UPDATE contest_participants SET password_hash = ?, verified_at = COALESCE(verified_at, ?) WHERE id = ?", []any{pwHash, now.Unix(), id}},
			{"UPDATE contest_sessions SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL", []any{now.Unix(), id}},
			{"INSERT INTO contest_sessions (id, participant_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
				[]any{sessionHash, id, now.Unix(), now.Add(s.limits.SessionMax).Unix()}},
		} {
			if _, err := tx.exec(ctx, q.sql, q.args...); err != nil {
				return fmt.Errorf("contest: reset password: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	p, err := s.participant(ctx, id)
	if err != nil {
		return nil, "", err
	}
	// Failed sign-ins with the forgotten password no longer count.
	if err := s.db.ClearAttempts(ctx, "lomba-masuk:"+p.Email); err != nil {
		s.log.Warn("contest: clear login attempts", "participant", p.ID, "err", err)
	}
	return p, raw, nil
}

// resetLink returns the participant whose open reset link the token is,
// saying why when it is not.
func (s *Service) resetLink(ctx context.Context, q querier, token string, now time.Time) (string, error) {
	var id string
	var expires int64
	var used sql.NullInt64
	err := q.queryRow(ctx, "SELECT participant_id, expires_at, used_at FROM contest_password_resets WHERE id = ?",
		hashToken(token)).Scan(&id, &expires, &used)
	switch {
	case token == "":
		return "", badResetLink("Tautan atur ulang kata sandi tidak lengkap. Buka lagi tautan lengkap dari email Anda.")
	case errors.Is(err, sql.ErrNoRows):
		return "", badResetLink("Tautan atur ulang kata sandi tidak dikenal. Salin tautan lengkap dari email Anda, atau minta tautan baru.")
	case err != nil:
		return "", fmt.Errorf("contest: reset link: %w", err)
	case used.Valid:
		return "", badResetLink("Tautan atur ulang kata sandi ini sudah dipakai. Minta tautan baru bila perlu.")
	case expires <= now.Unix():
		return "", badResetLink(fmt.Sprintf("Tautan atur ulang kata sandi ini sudah kedaluwarsa; tautan hanya berlaku %d jam. Minta tautan baru.",
			int(ResetValid/time.Hour)))
	}
	return id, nil
}

func badResetLink(msg string) error {
	return &warta.Error{Code: warta.EInvalid, Field: "token", Message: msg}
}

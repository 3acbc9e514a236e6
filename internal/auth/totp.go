package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// TOTP is RFC 6238 with the parameters every authenticator app supports:
// HMAC-SHA1, 30-second steps, 6 digits. It is written here rather than taken
// from a module because it is thirty lines of crypto/hmac, and a dependency
// would bring QR-code and image packages Warta does not need.
const (
	totpPeriod = 30
	totpDigits = 6
	totpSkew   = 1 // steps accepted either side of now, for clock drift
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// totpCode is the code for the time step.
func totpCode(key []byte, step int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", totpDigits, bin%1_000_000)
}

// verifyTOTP checks code against the base32 secret at now, allowing one
// step of drift either way, and returns the step it matched.
func verifyTOTP(secret, code string, now time.Time) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	key, err := b32.DecodeString(strings.ToUpper(secret))
	if err != nil || len(code) != totpDigits {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		if subtle.ConstantTimeCompare([]byte(totpCode(key, cur+d)), []byte(code)) == 1 {
			return cur + d, true
		}
	}
	return 0, false
}

// BeginTOTP starts two-factor enrolment: it stores a new secret, not yet in
// force, and returns it in base32 (for typing in) and as an otpauth:// URI
// (for a QR code). ConfirmTOTP turns it on. With a user in ctx, only that
// user or an admin may do this.
func (s *Service) BeginTOTP(ctx context.Context, userID string) (secret, uri string, err error) {
	if _, err := actingOn(ctx, userID); err != nil {
		return "", "", err
	}
	u, err := s.db.UserByID(ctx, userID)
	if err != nil {
		return "", "", err
	}
	if _, on, err := s.db.UserTOTP(ctx, userID); err != nil {
		return "", "", err
	} else if on {
		return "", "", warta.Errorf(warta.EConflict, "Verifikasi dua langkah sudah aktif. Matikan dulu untuk memakai perangkat baru.")
	}
	b := make([]byte, 20) // 160 bits, as RFC 4226 recommends
	rand.Read(b)
	secret = b32.EncodeToString(b)
	sealed, err := s.sealSecret(userID, secret)
	if err != nil {
		return "", "", err
	}
	if err := s.db.SetTOTP(ctx, userID, sealed, false); err != nil {
		return "", "", err
	}
	label := url.PathEscape(s.issuer + ":" + u.Email)
	q := url.Values{"secret": {secret}, "issuer": {s.issuer}, "algorithm": {"SHA1"},
		"digits": {fmt.Sprint(totpDigits)}, "period": {fmt.Sprint(totpPeriod)}}
	return secret, "otpauth://totp/" + label + "?" + q.Encode(), nil
}

// ConfirmTOTP turns two-factor login on once the user proves, with a code,
// that the authenticator holds the secret from BeginTOTP.
func (s *Service) ConfirmTOTP(ctx context.Context, userID, code string) error {
	actor, err := actingOn(ctx, userID)
	if err != nil {
		return err
	}
	sealed, on, err := s.db.UserTOTP(ctx, userID)
	if err != nil {
		return err
	}
	if on {
		return warta.Errorf(warta.EConflict, "Verifikasi dua langkah sudah aktif.")
	}
	if sealed == "" {
		return &warta.Error{Code: warta.EInvalid, Message: "Mulai pendaftaran verifikasi dua langkah dulu.", Field: "totp"}
	}
	secret, err := s.openSecret(userID, sealed)
	if err != nil {
		return fmt.Errorf("auth: confirm totp: %w", err)
	}
	step, ok := verifyTOTP(secret, code, s.now())
	if !ok {
		return &warta.Error{Code: warta.EInvalid, Field: "totp",
			Message: "Kode tidak cocok. Pastikan jam ponsel tepat, lalu masukkan kode yang sedang tampil."}
	}
	if err := s.db.SetTOTP(ctx, userID, sealed, true); err != nil {
		return err
	}
	if _, err := s.db.UseTOTPStep(ctx, userID, step); err != nil {
		return err
	}
	s.record(ctx, actor, "auth.totp_enabled", "user", userID, "", "")
	return nil
}

// DisableTOTP turns two-factor login off and forgets the secret, e.g. when a
// phone is lost. With a user in ctx, only that user or an admin may do this.
func (s *Service) DisableTOTP(ctx context.Context, userID string) error {
	actor, err := actingOn(ctx, userID)
	if err != nil {
		return err
	}
	if err := s.db.SetTOTP(ctx, userID, "", false); err != nil {
		return err
	}
	s.record(ctx, actor, "auth.totp_disabled", "user", userID, "", "")
	return nil
}

// Secrets at rest: "v1:" + base64(nonce ‖ AES-256-GCM ciphertext), with
// the user ID as additional data so a secret copied to another row does
// not open; or "plain:" + the secret when no key is configured.
const (
	sealedPrefix = "v1:"
	plainPrefix  = "plain:"
)

var errNoKey = errors.New("auth: TOTP secret is encrypted but no secret key is configured")

func (s *Service) sealSecret(userID, secret string) (string, error) {
	if s.key == nil {
		return plainPrefix + secret, nil
	}
	gcm, err := s.gcm()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(secret), []byte(userID))), nil
}

func (s *Service) openSecret(userID, sealed string) (string, error) {
	if p, ok := strings.CutPrefix(sealed, plainPrefix); ok {
		return p, nil
	}
	body, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", errors.New("auth: TOTP secret in an unknown format")
	}
	if s.key == nil {
		return "", errNoKey
	}
	gcm, err := s.gcm()
	if err != nil {
		return "", err
	}
	b, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(b) < gcm.NonceSize() {
		return "", errors.New("auth: TOTP secret is damaged")
	}
	plain, err := gcm.Open(nil, b[:gcm.NonceSize()], b[gcm.NonceSize():], []byte(userID))
	if err != nil {
		return "", errors.New("auth: TOTP secret does not open with the configured secret key")
	}
	return string(plain), nil
}

func (s *Service) gcm() (cipher.AEAD, error) {
	block, err := aes.NewCipher(s.key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

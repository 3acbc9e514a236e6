package clinic

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Idempotency keys let an API client resend a report after a lost answer
// without filing it twice (the Idempotency-Key header). A key is scoped to
// its client and lives IdempotencyWindow: within it the same key with the
// same report returns the first receipt and stores nothing; with another
// report it is ErrIdempotencyKeyReused. Only keyed hashes are stored, of
// the client and key (scope) and of the report (fingerprint).

// IdempotencyWindow is how long a key is remembered.
const IdempotencyWindow = 24 * time.Hour

// maxIdempotencyKey bounds a key's length.
const maxIdempotencyKey = 255

// ErrIdempotencyKeyReused is the error of a key sent again, within its
// window, with a different report. The API answers it with 422.
var ErrIdempotencyKeyReused = &warta.Error{Code: warta.EConflict, Field: "Idempotency-Key",
	Message: "Idempotency-Key ini sudah dipakai untuk laporan dengan isi yang berbeda dalam 24 jam terakhir. " +
		"Buat kunci baru untuk setiap laporan baru, dan pakai kunci yang sama hanya untuk mengirim ulang laporan yang persis sama."}

// idemKey is one client's key for one submission.
type idemKey struct {
	scope       string // keyed hash of the client and the key
	fingerprint string // keyed hash of the submission
}

// store records the key with the report it filed, in intake's transaction.
func (k *idemKey) store(ctx context.Context, t tx, reportID string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO clinic_idempotency_keys (scope, fingerprint, report_id, created_at)
		VALUES (?, ?, ?, ?)`, k.scope, k.fingerprint, reportID, at.Unix())
	if err != nil {
		return fmt.Errorf("clinic: store idempotency key: %w", err)
	}
	return nil
}

// SubmitIdempotent is Submit with the client's Idempotency-Key: client
// identifies who sends (an API user's id, or the network address of an
// anonymous caller), key is the header as sent. Within IdempotencyWindow
// the same client, key and submission return the first receipt (Repeat
// true) and store nothing, without counting against the rate limit; the
// same key with another submission is ErrIdempotencyKeyReused. An empty
// key is Submit.
func (s *Service) SubmitIdempotent(ctx context.Context, client, key string, in Submission) (*Receipt, error) {
	if key == "" {
		return s.Submit(ctx, in)
	}
	if len(key) > maxIdempotencyKey {
		return nil, invalid("Idempotency-Key", "Idempotency-Key paling panjang %d karakter.", maxIdempotencyKey)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return nil, invalid("Idempotency-Key", "Idempotency-Key hanya boleh berisi huruf, angka dan tanda baca ASCII, misalnya sebuah UUID.")
		}
	}
	k := &idemKey{scope: s.idemHash("scope", []byte(client), []byte(key)), fingerprint: s.fingerprint(in)}
	if r, err := s.idemReplay(ctx, k); r != nil || err != nil {
		return r, err
	}
	return s.submit(ctx, in, k)
}

// idemReplay returns the first receipt of a key still within its window,
// ErrIdempotencyKeyReused when it filed another submission, or nil, nil
// when the key is new. A key past its window is forgotten here.
func (s *Service) idemReplay(ctx context.Context, k *idemKey) (*Receipt, error) {
	var fingerprint, reportID string
	var created int64
	err := s.queryRow(ctx, `SELECT fingerprint, report_id, created_at FROM clinic_idempotency_keys WHERE scope = ?`, k.scope).
		Scan(&fingerprint, &reportID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("clinic: read idempotency key: %w", err)
	}
	expired := s.clock().Add(-IdempotencyWindow).Unix()
	if created <= expired {
		if _, err := s.exec(ctx, `DELETE FROM clinic_idempotency_keys WHERE scope = ? AND created_at <= ?`, k.scope, expired); err != nil {
			return nil, fmt.Errorf("clinic: forget idempotency key: %w", err)
		}
		return nil, nil
	}
	if !hmac.Equal([]byte(fingerprint), []byte(k.fingerprint)) {
		return nil, ErrIdempotencyKeyReused
	}
	var ticket, decision, verdictID string
	var score float64
	err = s.queryRow(ctx, `SELECT ticket, decision, match_score, answer_verdict_id FROM clinic_reports WHERE id = ?`, reportID).
		Scan(&ticket, &decision, &score, &verdictID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Laporan yang dikirim dengan Idempotency-Key ini sudah tidak ada. Kirim dengan kunci baru.")
	} else if err != nil {
		return nil, fmt.Errorf("clinic: read report of idempotency key: %w", err)
	}
	return s.replayReceipt(ctx, ticket, decision, score, verdictID)
}

// fingerprint is a keyed hash of what the client sent, so that a key
// reused for another report is told from a resend without storing it.
func (s *Service) fingerprint(in Submission) string {
	var contact []string
	if c := in.Contact; c != nil {
		contact = []string{c.Kind, c.Address, c.Name, c.HomeAddress}
	}
	image := sha256.Sum256(in.Image)
	parts := [][]byte{[]byte(in.Channel), []byte(in.ExternalID), []byte(in.Text), []byte(in.URL), image[:],
		{byte(boolInt(in.Contact != nil)), byte(boolInt(in.Consent)), byte(boolInt(in.ReferralConsent))}, []byte(in.ConsentText)}
	for _, c := range contact {
		parts = append(parts, []byte(c))
	}
	return s.idemHash("fingerprint", parts...)
}

// idemHash is the hex HMAC-SHA256, under the service's address key, of
// the length-prefixed parts.
func (s *Service) idemHash(what string, parts ...[]byte) string {
	m := hmac.New(sha256.New, s.ipKey)
	m.Write([]byte("clinic idempotency " + what))
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		m.Write(n[:])
		m.Write(p)
	}
	return hex.EncodeToString(m.Sum(nil))
}

// purgeIdempotencyKeys deletes the keys past their window; the daily
// purge job calls it.
func (s *Service) purgeIdempotencyKeys(ctx context.Context) (int, error) {
	res, err := s.exec(ctx, `DELETE FROM clinic_idempotency_keys WHERE created_at <= ?`,
		s.clock().Add(-IdempotencyWindow).Unix())
	if err != nil {
		return 0, fmt.Errorf("clinic: purge idempotency keys: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// CreateUser stores a staff account with its password hashed by argon2id.
func (db *DB) CreateUser(ctx context.Context, u *warta.User, password string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	u.ID = warta.NewID()
	u.CreatedAt = time.Now().UTC().Truncate(time.Second)
	var agency any
	if u.AgencyID != "" {
		agency = u.AgencyID
	}
	_, err = db.exec(ctx, `INSERT INTO users (id, email, name, role, agency_id, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Email, u.Name, string(u.Role), agency, hash, u.CreatedAt.Unix())
	if isUniqueViolation(err) {
		return &warta.Error{Code: warta.EConflict, Message: "Email sudah terdaftar.", Field: "email"}
	} else if err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return nil
}

// Users lists staff accounts by email.
func (db *DB) Users(ctx context.Context) ([]warta.User, error) {
	rows, err := db.query(ctx, "SELECT id, email, name, role, COALESCE(agency_id, ''), disabled, created_at FROM users ORDER BY email")
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []warta.User
	for rows.Next() {
		var u warta.User
		var role string
		var disabled int
		var created int64
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &role, &u.AgencyID, &disabled, &created); err != nil {
			return nil, err
		}
		u.Role, u.Disabled, u.CreatedAt = warta.Role(role), disabled != 0, time.Unix(created, 0).UTC()
		out = append(out, u)
	}
	return out, rows.Err()
}

// CheckPassword returns the user with the email when the password matches,
// and an EUnauthorized error otherwise (the same for an unknown email).
func (db *DB) CheckPassword(ctx context.Context, email, password string) (*warta.User, error) {
	var u warta.User
	var role, hash string
	var disabled int
	err := db.queryRow(ctx, "SELECT id, email, name, role, COALESCE(agency_id, ''), disabled, password_hash FROM users WHERE email = ?",
		email).Scan(&u.ID, &u.Email, &u.Name, &role, &u.AgencyID, &disabled, &hash)
	bad := warta.Errorf(warta.EUnauthorized, "Email atau kata sandi salah.")
	if err == sql.ErrNoRows {
		argon2id.ComparePasswordAndHash(password, dummyHash) // same time as a real check
		return nil, bad
	} else if err != nil {
		return nil, fmt.Errorf("store: check password: %w", err)
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil || !ok || disabled != 0 {
		return nil, bad
	}
	u.Role = warta.Role(role)
	return &u, nil
}

var dummyHash, _ = argon2id.CreateHash("warta-dummy-password", argon2id.DefaultParams)

const userColumns = "id, email, name, role, COALESCE(agency_id, ''), disabled, created_at"

func scanUser(row interface{ Scan(...any) error }) (*warta.User, error) {
	var u warta.User
	var role string
	var disabled int
	var created int64
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.AgencyID, &disabled, &created); err != nil {
		return nil, err
	}
	u.Role, u.Disabled, u.CreatedAt = warta.Role(role), disabled != 0, time.Unix(created, 0).UTC()
	return &u, nil
}

// UserByID returns the account with the id, or ENotFound.
func (db *DB) UserByID(ctx context.Context, id string) (*warta.User, error) {
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if err == sql.ErrNoRows {
		return nil, warta.Errorf(warta.ENotFound, "Akun tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("store: user %s: %w", id, err)
	}
	return u, nil
}

// UserByEmail returns the account with the email (compared in lower case),
// or ENotFound.
func (db *DB) UserByEmail(ctx context.Context, email string) (*warta.User, error) {
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", strings.ToLower(strings.TrimSpace(email))))
	if err == sql.ErrNoRows {
		return nil, warta.Errorf(warta.ENotFound, "Tidak ada akun dengan email %s.", email)
	} else if err != nil {
		return nil, fmt.Errorf("store: user by email: %w", err)
	}
	return u, nil
}

// hashPassword checks the length rule and hashes with argon2id.
func hashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLength {
		return "", &warta.Error{Code: warta.EInvalid, Message: fmt.Sprintf("Kata sandi minimal %d karakter.", MinPasswordLength), Field: "password"}
	}
	hash, err := argon2id.CreateHash(password, argon2id.DefaultParams)
	if err != nil {
		return "", fmt.Errorf("store: hash password: %w", err)
	}
	return hash, nil
}

// SetPassword replaces the user's password and revokes every session, so a
// changed password locks out whoever knew the old one.
func (db *DB) SetPassword(ctx context.Context, userID, password string, now time.Time) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *Tx) error {
		return setPassword(ctx, tx, userID, hash, now)
	})
}

func setPassword(ctx context.Context, tx *Tx, userID, hash string, now time.Time) error {
	res, err := tx.exec(ctx, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", hash, now.Unix(), userID)
	if err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENotFound, "Akun tidak ditemukan.")
	}
	if _, err := tx.exec(ctx, "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now.Unix(), userID); err != nil {
		return fmt.Errorf("store: set password: revoke sessions: %w", err)
	}
	return nil
}

// UserTOTP returns the user's stored two-factor secret (as internal/auth
// wrote it, normally encrypted) and whether two-factor login is on.
func (db *DB) UserTOTP(ctx context.Context, userID string) (secret string, enabled bool, err error) {
	var on int
	err = db.queryRow(ctx, "SELECT totp_secret, totp_enabled FROM users WHERE id = ?", userID).Scan(&secret, &on)
	if err == sql.ErrNoRows {
		return "", false, warta.Errorf(warta.ENotFound, "Akun tidak ditemukan.")
	} else if err != nil {
		return "", false, fmt.Errorf("store: user totp: %w", err)
	}
	return secret, on != 0, nil
}

// SetTOTP stores the user's two-factor secret and whether it is in force.
// An empty secret with enabled false turns two-factor login off.
func (db *DB) SetTOTP(ctx context.Context, userID, secret string, enabled bool) error {
	on := 0
	if enabled {
		on = 1
	}
	res, err := db.exec(ctx, "UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_step = 0 WHERE id = ?", secret, on, userID)
	if err != nil {
		return fmt.Errorf("store: set totp: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENotFound, "Akun tidak ditemukan.")
	}
	return nil
}

// UseTOTPStep records that the code of the 30-second step was accepted, and
// reports false when that step or a later one was already used: each code
// signs in once, even on several nodes at the same moment.
func (db *DB) UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	res, err := db.exec(ctx, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, userID, step)
	if err != nil {
		return false, fmt.Errorf("store: use totp step: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

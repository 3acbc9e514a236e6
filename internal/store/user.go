package store

import (
	"context"
	"database/sql"
	"fmt"
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
	if len([]rune(password)) < MinPasswordLength {
		return &warta.Error{Code: warta.EInvalid, Message: fmt.Sprintf("Kata sandi minimal %d karakter.", MinPasswordLength), Field: "password"}
	}
	hash, err := argon2id.CreateHash(password, argon2id.DefaultParams)
	if err != nil {
		return fmt.Errorf("store: hash password: %w", err)
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

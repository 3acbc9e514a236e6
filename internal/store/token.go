package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// CreateToken stores an API token under the SHA-256 of its raw value. It
// fills in t.ID.
func (db *DB) CreateToken(ctx context.Context, t *warta.Token, hash string) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.ID = warta.NewID()
	_, err := db.exec(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, scopes, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.UserID, t.Name, hash, t.Prefix, strings.Join(t.Scopes, " "),
		t.CreatedAt.Unix(), nullTime(t.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	return nil
}

const tokenColumns = `t.id, t.user_id, u.email, t.name, t.prefix, t.scopes, t.created_at, t.expires_at, t.last_used_at, t.revoked_at`

func scanToken(row interface{ Scan(...any) error }) (*warta.Token, error) {
	var t warta.Token
	var scopes string
	var created int64
	var expires, used, revoked sql.NullInt64
	if err := row.Scan(&t.ID, &t.UserID, &t.UserEmail, &t.Name, &t.Prefix, &scopes, &created, &expires, &used, &revoked); err != nil {
		return nil, err
	}
	t.Scopes = strings.Fields(scopes)
	t.CreatedAt = time.Unix(created, 0).UTC()
	t.ExpiresAt, t.LastUsedAt, t.RevokedAt = fromNullUnix(expires), fromNullUnix(used), fromNullUnix(revoked)
	return &t, nil
}

// TokenByHash returns the token stored under hash and its user, or
// ENotFound. Revoked and expired tokens are returned too; the caller decides.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*warta.Token, *warta.User, error) {
	t, err := scanToken(db.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ?`, hash))
	if err == sql.ErrNoRows {
		return nil, nil, warta.Errorf(warta.ENotFound, "Token tidak dikenal.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("store: token by hash: %w", err)
	}
	u, err := db.UserByID(ctx, t.UserID)
	if err != nil {
		return nil, nil, err
	}
	return t, u, nil
}

// Token returns the token with the id, or ENotFound.
func (db *DB) Token(ctx context.Context, id string) (*warta.Token, error) {
	t, err := scanToken(db.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, warta.Errorf(warta.ENotFound, "Token %s tidak ditemukan.", id)
	} else if err != nil {
		return nil, fmt.Errorf("store: token %s: %w", id, err)
	}
	return t, nil
}

// Tokens lists API tokens, newest first: the user's, or everyone's when
// userID is empty. Revoked tokens are included so lists show what happened.
func (db *DB) Tokens(ctx context.Context, userID string) ([]warta.Token, error) {
	q := `SELECT ` + tokenColumns + ` FROM api_tokens t JOIN users u ON u.id = t.user_id`
	var args []any
	if userID != "" {
		q += " WHERE t.user_id = ?"
		args = append(args, userID)
	}
	rows, err := db.query(ctx, q+" ORDER BY t.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	var out []warta.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// TouchToken records when a token was last used. Callers limit how often.
func (db *DB) TouchToken(ctx context.Context, id string, at time.Time) error {
	if _, err := db.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", at.Unix(), id); err != nil {
		return fmt.Errorf("store: touch token: %w", err)
	}
	return nil
}

// RevokeToken stops a token from working. It returns ENotFound for an
// unknown id; revoking twice is not an error.
func (db *DB) RevokeToken(ctx context.Context, id string, at time.Time) error {
	res, err := db.exec(ctx, "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", at.Unix(), id)
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENotFound, "Token %s tidak ditemukan.", id)
	}
	return nil
}

// CreatePasswordReset stores a one-time reset link under the SHA-256 of its
// token.
func (db *DB) CreatePasswordReset(ctx context.Context, hash, userID, ip string, created, expires time.Time) error {
	_, err := db.exec(ctx, "INSERT INTO password_resets (id, user_id, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?)",
		hash, userID, created.Unix(), expires.Unix(), ip)
	if err != nil {
		return fmt.Errorf("store: create password reset: %w", err)
	}
	return nil
}

// ResetPassword uses the reset link stored under hash, once: it sets the new
// password, marks this and every other open link of the user used, and
// revokes the user's sessions, all in one transaction. An unknown, used or
// expired link is EInvalid.
func (db *DB) ResetPassword(ctx context.Context, hash, password string, now time.Time) (*warta.User, error) {
	pwHash, err := hashPassword(password)
	if err != nil {
		return nil, err
	}
	var userID string
	err = db.tx(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT user_id FROM password_resets WHERE id = ? AND used_at IS NULL AND expires_at > ?",
			hash, now.Unix()).Scan(&userID)
		if err == sql.ErrNoRows {
			return &warta.Error{Code: warta.EInvalid, Message: "Tautan atur ulang kata sandi tidak berlaku lagi (sudah dipakai atau kedaluwarsa). Minta tautan baru.", Field: "token"}
		} else if err != nil {
			return fmt.Errorf("store: reset password: %w", err)
		}
		// The guard on used_at makes two simultaneous uses fail but one.
		res, err := tx.exec(ctx, "UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL", now.Unix(), hash)
		if err != nil {
			return fmt.Errorf("store: reset password: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &warta.Error{Code: warta.EInvalid, Message: "Tautan atur ulang kata sandi sudah dipakai. Minta tautan baru.", Field: "token"}
		}
		if _, err := tx.exec(ctx, "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL", now.Unix(), userID); err != nil {
			return fmt.Errorf("store: reset password: %w", err)
		}
		return setPassword(ctx, tx, userID, pwHash, now)
	})
	if err != nil {
		return nil, err
	}
	return db.UserByID(ctx, userID)
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// fromNullUnix reads a nullable unix time.
func fromNullUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}

// CreateSession stores a new session. s.ID must already be the hash of the
// cookie value.
func (db *DB) CreateSession(ctx context.Context, s *warta.Session) error {
	_, err := db.exec(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, s.ID, s.UserID, s.CreatedAt.Unix(), s.LastSeenAt.Unix(), s.ExpiresAt.Unix(), s.IP, truncateUTF8(s.UserAgent, 300))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session returns the session with the id and its user, or ENotFound. It
// returns revoked and expired sessions too; the caller decides.
func (db *DB) Session(ctx context.Context, id string) (*warta.Session, *warta.User, error) {
	var s warta.Session
	var created, seen, expires int64
	var revoked sql.NullInt64
	var uCreated int64
	var u warta.User
	var role string
	var disabled, totp int
	err := db.queryRow(ctx, `SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, s.ip, s.user_agent,
			u.email, u.name, u.role, COALESCE(u.agency_id, ''), u.disabled, u.created_at, u.totp_enabled
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, id).Scan(
		&s.ID, &s.UserID, &created, &seen, &expires, &revoked, &s.IP, &s.UserAgent,
		&u.Email, &u.Name, &role, &u.AgencyID, &disabled, &uCreated, &totp)
	if err == sql.ErrNoRows {
		return nil, nil, warta.Errorf(warta.ENotFound, "Sesi tidak ditemukan.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("store: session: %w", err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(seen, 0).UTC(), time.Unix(expires, 0).UTC()
	s.RevokedAt, s.TOTPEnabled = fromNullUnix(revoked), totp != 0
	u.ID, u.Role, u.Disabled, u.CreatedAt = s.UserID, warta.Role(role), disabled != 0, time.Unix(uCreated, 0).UTC()
	return &s, &u, nil
}

// TouchSession records activity on a live session, which keeps it from
// timing out while idle.
func (db *DB) TouchSession(ctx context.Context, id string, seen time.Time) error {
	_, err := db.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND revoked_at IS NULL", seen.Unix(), id)
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// RevokeSession ends one session. Revoking twice is not an error.
func (db *DB) RevokeSession(ctx context.Context, id string, at time.Time) error {
	_, err := db.exec(ctx, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at.Unix(), id)
	if err != nil {
		return fmt.Errorf("store: revoke session: %w", err)
	}
	return nil
}

// RevokeUserSessions ends every session of the user and reports how many
// were still open.
func (db *DB) RevokeUserSessions(ctx context.Context, userID string, at time.Time) (int, error) {
	res, err := db.exec(ctx, "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", at.Unix(), userID)
	if err != nil {
		return 0, fmt.Errorf("store: revoke sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// UserSessions lists the user's sessions still valid at now, newest first,
// for a "where you are signed in" page.
func (db *DB) UserSessions(ctx context.Context, userID string, now time.Time) ([]warta.Session, error) {
	rows, err := db.query(ctx, `SELECT id, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions
		WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY last_seen_at DESC`, userID, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: user sessions: %w", err)
	}
	defer rows.Close()
	var out []warta.Session
	for rows.Next() {
		var s warta.Session
		var created, seen, expires int64
		if err := rows.Scan(&s.ID, &s.UserID, &created, &seen, &expires, &s.IP, &s.UserAgent); err != nil {
			return nil, err
		}
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(seen, 0).UTC(), time.Unix(expires, 0).UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// DeleteExpiredSessions removes sessions that ended before cutoff, so the
// table does not grow forever.
func (db *DB) DeleteExpiredSessions(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := db.exec(ctx, "DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?", cutoff.Unix(), cutoff.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// truncateUTF8 cuts s to at most n bytes on a rune boundary.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

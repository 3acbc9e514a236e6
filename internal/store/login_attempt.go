package store

import (
	"context"
	"fmt"
	"time"
)

// RecordAttempt counts one failed attempt under key ("email:x@y",
// "ip:1.2.3.4") at the time. Rows older than forget are dropped for the key
// on the way, so the table holds only what rate limits still look at. The
// table is shared, so limits hold across every node.
func (db *DB) RecordAttempt(ctx context.Context, key string, at time.Time, forget time.Duration) error {
	return db.tx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM login_attempts WHERE attempt_key = ? AND at < ?", key, at.Add(-forget).Unix()); err != nil {
			return fmt.Errorf("store: record attempt: %w", err)
		}
		if _, err := tx.exec(ctx, "INSERT INTO login_attempts (attempt_key, at) VALUES (?, ?)", key, at.Unix()); err != nil {
			return fmt.Errorf("store: record attempt: %w", err)
		}
		return nil
	})
}

// RecentAttempts returns the times of the newest failed attempts under key
// at or after since, newest first, at most limit of them.
func (db *DB) RecentAttempts(ctx context.Context, key string, since time.Time, limit int) ([]time.Time, error) {
	rows, err := db.query(ctx, "SELECT at FROM login_attempts WHERE attempt_key = ? AND at >= ? ORDER BY at DESC LIMIT ?",
		key, since.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent attempts: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, time.Unix(at, 0).UTC())
	}
	return out, rows.Err()
}

// ClearAttempts forgets the failed attempts under key, after a success.
func (db *DB) ClearAttempts(ctx context.Context, key string) error {
	if _, err := db.exec(ctx, "DELETE FROM login_attempts WHERE attempt_key = ?", key); err != nil {
		return fmt.Errorf("store: clear attempts: %w", err)
	}
	return nil
}

// DeleteOldAttempts removes attempts before cutoff under every key, for a
// periodic clean-up of keys that were never seen again.
func (db *DB) DeleteOldAttempts(ctx context.Context, cutoff time.Time) error {
	if _, err := db.exec(ctx, "DELETE FROM login_attempts WHERE at < ?", cutoff.Unix()); err != nil {
		return fmt.Errorf("store: delete old attempts: %w", err)
	}
	return nil
}

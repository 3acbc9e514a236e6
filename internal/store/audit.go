package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// RecordAudit appends an entry to the audit log, filling in its ID and time
// when empty.
func (db *DB) RecordAudit(ctx context.Context, e *warta.AuditEntry) error {
	return db.tx(ctx, func(tx *Tx) error { return tx.insertAudit(ctx, e) })
}

// insertAudit writes an audit entry inside a transaction, so that a change
// and its record commit together or not at all.
func (tx *Tx) insertAudit(ctx context.Context, e *warta.AuditEntry) error {
	if e.Actor == "" || e.Action == "" {
		return fmt.Errorf("store: audit entry needs an actor and an action")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Second)
	if e.ID == "" {
		e.ID = sequentialID()
	}
	if _, err := tx.exec(ctx, `INSERT INTO audit_log (id, at, actor, action, object_type, object_id, detail, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, e.At.Unix(), e.Actor, e.Action, e.ObjectType, e.ObjectID,
		e.Detail, e.IP); err != nil {
		return fmt.Errorf("store: record audit: %w", err)
	}
	return nil
}

// ListAudit returns audit entries newest first, filtered, one keyset page
// at a time.
func (db *DB) ListAudit(ctx context.Context, f warta.AuditFilter) (warta.AuditPage, error) {
	var page warta.AuditPage
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 1000 {
		limit = 1000
	}
	if f.After != "" && !warta.ValidAuditCursor(f.After) {
		return page, &warta.Error{Code: warta.EInvalid, Message: "Penanda halaman tidak valid. Kembali ke halaman pertama.", Field: "after"}
	}
	var where []string
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.Unix())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.Unix())
	}
	if f.After != "" {
		add("id < ?", f.After)
	}
	q := "SELECT id, at, actor, action, object_type, object_id, detail, ip FROM audit_log"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit+1)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return page, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e warta.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail, &e.IP); err != nil {
			return page, fmt.Errorf("store: list audit: %w", err)
		}
		if len(page.Entries) == limit {
			page.Next = page.Entries[limit-1].ID
			break
		}
		e.At = time.Unix(at, 0).UTC()
		page.Entries = append(page.Entries, e)
	}
	return page, rows.Err()
}

// ids makes ULIDs that increase strictly within this process, so that log
// entries written in the same millisecond keep the order they were written
// in.
var ids = struct {
	sync.Mutex
	entropy *ulid.MonotonicEntropy
}{entropy: ulid.Monotonic(rand.Reader, 0)}

// sequentialID returns a new ULID greater than any this process made before
// (within the same millisecond, and across milliseconds while the clock
// runs forward).
func sequentialID() string {
	ids.Lock()
	defer ids.Unlock()
	return ulid.MustNew(ulid.Timestamp(time.Now()), ids.entropy).String()
}

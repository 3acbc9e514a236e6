// Package store keeps Warta's data in SQLite or PostgreSQL. Both run the same
// schema and the same queries; where the dialects differ (placeholders,
// full-text search), the difference is confined to small helpers here.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // SQLite driver "sqlite", pure Go
)

// Dialect names the database engine behind a DB.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options tune a DB.
type Options struct {
	// Analyze turns text into search terms. Warta passes its Indonesian
	// analyser; the default lowercases and splits on spaces.
	Analyze func(text string) []string
	// Logger receives progress of long migrations; nil discards it.
	Logger *slog.Logger
}

// DB is Warta's storage.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	analyze func(string) []string
	log     *slog.Logger

	mu       sync.Mutex
	ref      *reference // cached regions, stages, agencies; nil when stale
	watchers []func()
}

// Open connects to the database named by url: a postgres:// or postgresql://
// URL selects PostgreSQL; anything else is a SQLite file path (its directory
// is created). It does not migrate; call Migrate.
func Open(ctx context.Context, url string, opts Options) (*DB, error) {
	db := &DB{analyze: opts.Analyze, log: opts.Logger}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	if db.analyze == nil {
		db.analyze = func(s string) []string { return strings.Fields(strings.ToLower(s)) }
	}
	var err error
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		db.dialect = Postgres
		db.sql, err = sql.Open("pgx", url)
		if err == nil {
			db.sql.SetMaxOpenConns(20)
			db.sql.SetMaxIdleConns(20)
		}
	} else {
		db.dialect = SQLite
		if dir := filepath.Dir(url); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create data directory: %w", err)
			}
		}
		dsn := "file:" + url + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		db.sql, err = sql.Open("sqlite", dsn)
		if err == nil {
			db.sql.SetMaxOpenConns(8)
			db.sql.SetMaxIdleConns(8)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", db.dialect, err)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", db.dialect, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Dialect reports which database engine is in use.
func (db *DB) Dialect() Dialect { return db.dialect }

// SQL exposes the underlying handle for packages that own their own tables.
func (db *DB) SQL() *sql.DB { return db.sql }

// Ping checks that the database answers, for /readyz.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// OnChange registers fn to run after any change visible to readers
// (publishing, editing, unpublishing). Page caches use it to invalidate.
func (db *DB) OnChange(fn func()) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.watchers = append(db.watchers, fn)
}

// Changed tells this node's watchers and every other node that public
// content changed outside the article store: a package that writes its own
// public tables (imported verdicts) calls it after committing, so page
// caches everywhere drop what they held.
func (db *DB) Changed() { db.changed() }

// changed tells the watchers that public content changed.
func (db *DB) changed() {
	db.mu.Lock()
	ws := append([]func(){}, db.watchers...)
	db.mu.Unlock()
	for _, fn := range ws {
		fn()
	}
	db.notifyNodes()
}

// Rebind rewrites ? placeholders to PostgreSQL's $1, $2… Queries are written
// once with ?, never with a literal question mark inside a string.
func (db *DB) Rebind(q string) string {
	if db.dialect != Postgres {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (db *DB) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.sql.ExecContext(ctx, db.Rebind(q), args...)
}

func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.sql.QueryContext(ctx, db.Rebind(q), args...)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.sql.QueryRowContext(ctx, db.Rebind(q), args...)
}

// tx runs fn in a transaction, committing when it returns nil.
func (db *DB) tx(ctx context.Context, fn func(*Tx) error) error {
	t, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(&Tx{t, db}); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Tx is a transaction with the DB's placeholder rewriting.
type Tx struct {
	*sql.Tx
	db *DB
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.ExecContext(ctx, t.db.Rebind(q), args...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.QueryContext(ctx, t.db.Rebind(q), args...)
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.QueryRowContext(ctx, t.db.Rebind(q), args...)
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

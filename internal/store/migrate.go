package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one schema version: a file shared by both dialects
// (0001_init.sql) or a file per dialect (0002_search.sqlite.sql).
type migration struct {
	version string
	file    string
}

// migrationSteps finish a migration file's SQL with Go, in the same
// transaction: work SQL cannot do, such as re-analysing article text.
var migrationSteps = map[string]func(*Tx, context.Context) error{
	"0014_search_window.sqlite.sql": (*Tx).reindexSearch,
}

// migrations lists the versions that apply to this dialect, in order.
func (db *DB) migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	byVersion := map[string]string{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sql")
		version, dialect, hasDialect := strings.Cut(name, ".")
		if hasDialect && Dialect(dialect) != db.dialect {
			continue
		}
		byVersion[version] = e.Name()
	}
	var out []migration
	for v, f := range byVersion {
		out = append(out, migration{v, f})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate applies every embedded migration not yet recorded in
// schema_migrations, each in its own transaction. It is safe to run on every
// start and from several nodes: PostgreSQL takes an advisory lock.
func (db *DB) Migrate(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if db.dialect == Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(3535)"); err != nil {
			return fmt.Errorf("store: migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(3535)")
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	applied := map[string]bool{}
	rows, err := conn.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	ms, err := db.migrations()
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + m.file)
		if err != nil {
			return err
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migrate %s: %w", m.file, err)
		}
		for _, stmt := range splitStatements(string(body)) {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				return fmt.Errorf("store: migrate %s: %w\n%s", m.file, err, stmt)
			}
		}
		if step := migrationSteps[m.file]; step != nil {
			if err := step(&Tx{tx, db}, ctx); err != nil {
				tx.Rollback()
				return fmt.Errorf("store: migrate %s: %w", m.file, err)
			}
		}
		if _, err := tx.ExecContext(ctx, db.Rebind("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
			m.version, time.Now().Unix()); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migrate %s: record: %w", m.file, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migrate %s: commit: %w", m.file, err)
		}
	}
	db.invalidateReference()
	return nil
}

// AppliedMigrations lists the recorded schema versions, oldest first.
func (db *DB) AppliedMigrations(ctx context.Context) ([]string, error) {
	rows, err := db.query(ctx, "SELECT version FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, fmt.Errorf("store: applied migrations: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// splitStatements splits a migration on semicolons that end a line, after
// dropping comment lines. Migrations keep one statement per such line.
func splitStatements(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || trimmed == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

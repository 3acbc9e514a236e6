// Package storetest opens throwaway Warta databases for tests: a SQLite file
// in the test's temporary directory, and a fresh schema in the PostgreSQL
// server named by WARTA_TEST_POSTGRES_URL. Tests written with Each run on
// both, as every storage behaviour must be the same on both.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/kominfo-jatim/warta/internal/store"
)

// PostgresURL returns the server for tests, or "" when there is none. With
// WARTA_TEST_REQUIRE_POSTGRES=1 (set by scripts/test) a missing server fails
// the test instead of skipping PostgreSQL.
func PostgresURL(t testing.TB) string {
	u := os.Getenv("WARTA_TEST_POSTGRES_URL")
	if u == "" && os.Getenv("WARTA_TEST_REQUIRE_POSTGRES") == "1" {
		t.Fatal("WARTA_TEST_POSTGRES_URL is not set; run ./scripts/test")
	}
	return u
}

// Dialects lists the databases available to this test run.
func Dialects(t testing.TB) []store.Dialect {
	if PostgresURL(t) != "" {
		return []store.Dialect{store.SQLite, store.Postgres}
	}
	return []store.Dialect{store.SQLite}
}

// URL returns a database URL for a new, empty database of the dialect that
// is removed when the test ends.
func URL(t testing.TB, d store.Dialect) string {
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "warta.db")
	}
	base := PostgresURL(t)
	if base == "" {
		t.Skip("no PostgreSQL: set WARTA_TEST_POSTGRES_URL")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated database of the dialect, closed when the test ends.
func Open(t testing.TB, d store.Dialect, opts store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), URL(t, d), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// Each runs fn as a subtest on every available database.
func Each(t *testing.T, opts store.Options, fn func(t *testing.T, db *store.DB)) {
	for _, d := range Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d, opts))
		})
	}
}

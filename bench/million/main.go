// Command million measures the portal at the brief's scale target: one
// million published articles, with the index, section and search pages
// answering at p95 ≤ 50 ms on SQLite and on PostgreSQL.
//
//	go run ./bench/million [-n 1000000] [-data DIR] [-database-url postgres://…] [-requests 200]
//
// It first fills the database with synthetic published articles until it
// holds n (a second run finds them there and only measures). Articles are
// written in bulk, many rows per INSERT and thousands per transaction, into
// exactly the tables the newsroom writes on publication: articles,
// article_terms (region, stage, source and tag sections, with live_at),
// tags, and the full-text index (article_search with FTS5 article_fts on
// SQLite, a weighted tsvector on PostgreSQL) holding the Indonesian
// analyser's terms. Titles and bodies (about 150 words) come from a small
// election vocabulary drawn with a Zipf skew, plus village and person names,
// so that searches range from terms in most articles to terms in a few
// hundred.
//
// It then builds a node with internal/app, turns its page cache off for
// every request (each page is rendered from the database), and times
// sequential GET requests over loopback per page kind: the home page, the
// Indeks first page and pages reached through its "next" links, section
// pages (wilayah, tahapan, sumber, tag) first and deep, and /cari with
// common, medium, rare and two-word queries. It prints p50/p95/p99/max per
// kind and the process's memory. Latency is client-side: routing,
// middleware, queries, templates and the loopback round trip.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
)

func main() {
	n := flag.Int("n", 1000000, "published articles the database should hold")
	data := flag.String("data", filepath.Join(os.TempDir(), "warta-million"), "data directory (the SQLite database lives here)")
	dbURL := flag.String("database-url", "", "PostgreSQL URL (postgres://…); empty means SQLite in the data directory")
	batch := flag.Int("batch", 5000, "articles per transaction while generating")
	reqs := flag.Int("requests", 200, "measured requests per page kind (0: only generate)")
	deep := flag.Int("deep", 20, "pages to follow through \"next\" links for deep pages")
	kindBudget := flag.Duration("kind-budget", time.Minute, "stop measuring a page kind after this long")
	seed := flag.Uint64("seed", 1, "random seed")
	explain := flag.Bool("explain", false, "print the query plans of the listing and search queries")
	flag.Parse()
	ctx := context.Background()
	if err := run(ctx, *n, *data, *dbURL, *batch, *reqs, *deep, *kindBudget, *seed, *explain); err != nil {
		fmt.Fprintln(os.Stderr, "bench/million:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n int, data, dbURL string, batch, reqs, deep int, budget time.Duration, seed uint64, explain bool) error {
	cfg := config.Default()
	cfg.DataDir = data
	cfg.DatabaseURL = dbURL
	cfg.Addr = "127.0.0.1:0"
	cfg.SecretKey = strings.Repeat("b3nchm1llion", 4)
	cfg.LogLevel = "error"

	db, err := app.OpenDB(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		return err
	}
	have, err := db.CountArticles(ctx)
	if err != nil {
		db.Close()
		return err
	}
	fmt.Printf("database %s (%s): %d articles\n", db.Dialect(), redact(cfg.DatabaseTarget()), have)
	if have < n {
		if err := fill(ctx, db, n, have, batch, seed); err != nil {
			db.Close()
			return fmt.Errorf("generate: %w", err)
		}
	}
	live, err := db.CountLive(ctx)
	if err != nil {
		db.Close()
		return err
	}
	fmt.Printf("live articles: %d\n", live)
	if explain {
		if err := explainPlans(ctx, db); err != nil {
			fmt.Println("explain:", err)
		}
	}
	db.Close()
	if reqs <= 0 {
		return nil
	}
	runtime.GC()
	debug.FreeOSMemory()

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	t0 := time.Now()
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	// Every request is rendered: the page cache lets nothing through.
	a.Cache.Skip = func(*http.Request) bool { return true }
	if err := a.Start(ctx); err != nil {
		return err
	}
	fmt.Printf("node started in %s at %s\n", time.Since(t0).Round(time.Millisecond), a.URL())
	return measure(ctx, a.URL(), a.DB, reqs, deep, budget)
}

// redact hides a password in a database URL.
func redact(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.Index(u[i+3:], "@"); j >= 0 {
			cred := u[i+3 : i+3+j]
			if k := strings.Index(cred, ":"); k >= 0 {
				return u[:i+3] + cred[:k] + ":***" + u[i+3+j:]
			}
		}
	}
	return u
}

// rss reads the resident set size and its peak from /proc.
func rss() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	var cur, peak string
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			cur = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			peak = strings.TrimSpace(v)
		}
	}
	return cur + " (peak " + peak + ")"
}

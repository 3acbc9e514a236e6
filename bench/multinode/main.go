// Command multinode measures the brief's "publish → visible on every node
// ≤ 1 s" on PostgreSQL: two Warta nodes share one database, a reader keeps
// node B's cached pages warm, and node A publishes articles one after
// another. For each publication it times how long until node B serves the
// new article on its index page (a cached page that must be purged through
// LISTEN/NOTIFY) and at its own address.
//
//	go run ./bench/multinode -database-url 'postgres://…/postgres?sslmode=disable' [-n 40]
//
// It creates a throwaway database next to the one named in the URL (the
// role must be allowed to CREATE DATABASE) and drops it at the end. Both
// nodes run in this process, each with its own connection pool, listener,
// page cache and job workers, as two processes would; the notification
// travels through the PostgreSQL server either way. Node B is polled every
// 5 ms, so the numbers are within 5 ms of the moment the page changed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func main() {
	dbURL := flag.String("database-url", os.Getenv("WARTA_DATABASE_URL"), "PostgreSQL URL of a database the role can connect to (postgres://…)")
	n := flag.Int("n", 40, "articles to publish")
	gap := flag.Duration("gap", 300*time.Millisecond, "pause between publications")
	timeout := flag.Duration("timeout", 10*time.Second, "give up on one publication after this long")
	flag.Parse()
	if !strings.HasPrefix(*dbURL, "postgres") {
		fmt.Fprintln(os.Stderr, "bench/multinode: -database-url postgres://… is required (several nodes need PostgreSQL)")
		os.Exit(2)
	}
	if err := run(context.Background(), *dbURL, *n, *gap, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "bench/multinode:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, adminURL string, n int, gap, timeout time.Duration) error {
	dbURL, drop, err := scratchDatabase(ctx, adminURL)
	if err != nil {
		return err
	}
	defer drop()

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	var dirs []string
	defer func() {
		for _, d := range dirs {
			os.RemoveAll(d)
		}
	}()
	node := func(name string, demo bool) (*app.App, error) {
		cfg := config.Default()
		cfg.DatabaseURL = dbURL
		cfg.DataDir, err = os.MkdirTemp("", "warta-multinode-"+name+"-")
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, cfg.DataDir)
		cfg.Addr = "127.0.0.1:0"
		cfg.SecretKey = strings.Repeat("mult1n0de", 4)
		cfg.Demo = demo
		cfg.LogLevel = "error"
		a, err := app.New(ctx, cfg, log)
		if err != nil {
			return nil, fmt.Errorf("node %s: %w", name, err)
		}
		if err := a.Start(ctx); err != nil {
			a.Close()
			return nil, fmt.Errorf("node %s: %w", name, err)
		}
		return a, nil
	}
	// Node A loads the demo (an agency and the staff accounts) before B
	// starts, as a second node joins an existing database.
	a, err := node("a", true)
	if err != nil {
		return err
	}
	defer a.Close()
	b, err := node("b", false)
	if err != nil {
		return err
	}
	defer b.Close()
	fmt.Printf("node A %s, node B %s, one PostgreSQL database\n", a.URL(), b.URL())

	editor, err := a.DB.UserByEmail(ctx, "redaktur@warta.example")
	if err != nil {
		return fmt.Errorf("demo editor: %w", err)
	}
	agencies, err := a.DB.Agencies(ctx)
	if err != nil || len(agencies) == 0 {
		return fmt.Errorf("demo agency: %v", err)
	}

	client := &http.Client{Timeout: 5 * time.Second}
	get := func(u string) (int, string) {
		res, err := client.Get(u)
		if err != nil {
			return 0, ""
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	// Warm node B's cache: the index page is served from memory until a
	// purge arrives.
	for range 3 {
		get(b.URL() + "/indeks")
	}

	var index, page []time.Duration
	missed := 0
	for i := range n {
		art := &warta.Article{
			Title:    fmt.Sprintf("Uji Simpul Ganda %d: KPU Jatim Umumkan Jadwal Rapat Pleno %d", time.Now().UnixNano()%1e6, i+1),
			Body:     "Rapat pleno terbuka digelar di Surabaya. Berita ini dibuat oleh bench/multinode.",
			AgencyID: agencies[0].ID,
		}
		if err := a.Newsroom.Create(ctx, editor, art); err != nil {
			return fmt.Errorf("create: %w", err)
		}
		sa, err := a.Newsroom.Publish(ctx, editor, art.ID)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		t0 := time.Now()
		path := sa.Article.Path()
		var seenIndex, seenPage time.Duration
		for time.Since(t0) < timeout && (seenIndex == 0 || seenPage == 0) {
			if seenIndex == 0 {
				if _, body := get(b.URL() + "/indeks"); strings.Contains(body, path) {
					seenIndex = time.Since(t0)
				}
			}
			if seenPage == 0 {
				if code, _ := get(b.URL() + path); code == http.StatusOK {
					seenPage = time.Since(t0)
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
		if seenIndex == 0 || seenPage == 0 {
			missed++
		} else {
			index = append(index, seenIndex)
			page = append(page, seenPage)
		}
		time.Sleep(gap)
	}
	fmt.Printf("%d publications on node A, %d not visible on node B within %s\n", n, missed, timeout)
	report("node B /indeks (cached) shows it", index)
	report("node B article page answers 200", page)
	return nil
}

// report prints the distribution of ds.
func report(what string, ds []time.Duration) {
	if len(ds) == 0 {
		fmt.Printf("%-36s no samples\n", what)
		return
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	pct := func(p float64) time.Duration { return ds[int(p*float64(len(ds)-1))].Round(100 * time.Microsecond) }
	fmt.Printf("%-36s p50 %-8s p95 %-8s max %s\n", what, pct(0.5), pct(0.95), ds[len(ds)-1].Round(100*time.Microsecond))
}

// scratchDatabase creates an empty database beside the one adminURL names
// and returns its URL and a function that drops it.
func scratchDatabase(ctx context.Context, adminURL string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "", nil, fmt.Errorf("connect: %w", err)
	}
	name := fmt.Sprintf("warta_multinode_%d", os.Getpid())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close(ctx)
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		conn.Close(ctx)
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		c := context.Background()
		conn.Exec(c, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		conn.Close(c)
	}
	return u.String(), drop, nil
}

package clinic

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// BenchmarkAccessLogDeepPage reads one page of 100 entries deep in a log
// of 100,000 (half-way), on each database: a keyset page costs the same
// wherever it is.
func BenchmarkAccessLogDeepPage(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d, store.Options{})
			ctx := context.Background()
			svc, err := New(Config{DB: db, SecretKey: pdpKey, Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			admin := &warta.User{Email: "admin@warta.example", Name: "Admin", Role: warta.RoleAdmin}
			if err := db.CreateUser(ctx, admin, "kata-sandi-staf-uji"); err != nil {
				b.Fatal(err)
			}
			const n = 100_000
			tx, err := db.SQL().BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			t0 := pdpStart
			for i := range n {
				at := t0.Add(time.Duration(i/4) * time.Second) // four to a second
				if err := svc.pdpLog(ctx, tx, at, admin.ID, AccessView, "kontak", "uji"); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			// The cursor of the entry half-way down.
			var mid AccessEntry
			var at int64
			if err := db.SQL().QueryRowContext(ctx, `SELECT id, at FROM clinic_access_log ORDER BY at DESC, id DESC
				LIMIT 1 OFFSET 50000`).Scan(&mid.ID, &at); err != nil {
				b.Fatal(err)
			}
			mid.At = time.Unix(at, 0)
			q := AccessLogQuery{Before: logCursor(mid), Limit: 100}
			b.ResetTimer()
			for b.Loop() {
				p, err := svc.AccessLogPage(ctx, admin, q)
				if err != nil || len(p.Entries) != 100 {
					b.Fatal(err)
				}
			}
		})
	}
}

package clinic

import (
	"context"
	"fmt"
	"log/slog"
	"testing"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// BenchmarkRelatedArticles matches a question against a matcher holding
// the default 20,000 newest articles and reads the matching ones back,
// on each database: the cost intake adds to a report no verdict answers.
func BenchmarkRelatedArticles(b *testing.B) {
	words := []string{"Pemprov", "Jatim", "Salurkan", "Bantuan", "Beras", "Banjir", "Gubernur", "Resmikan", "Jembatan",
		"Sekolah", "Vaksinasi", "Posyandu", "Festival", "Batik", "Pelabuhan", "Tanjung", "Perak", "Irigasi", "Petani", "Jagung"}
	for _, d := range storetest.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d, store.Options{})
			ctx := context.Background()
			agency := warta.Agency{Slug: "diskominfo-jatim", Name: "Diskominfo Jatim", ShortName: "Diskominfo"}
			if err := db.CreateAgency(ctx, &agency); err != nil {
				b.Fatal(err)
			}
			tx, err := db.SQL().BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			const n = 20_000
			at := start.Unix()
			for i := range n {
				title := fmt.Sprintf("%s %s %s %s di Kabupaten %d", words[i%20], words[(i/20)%20], words[(i/400)%20], words[(i*7)%20], i)
				if i == n/2 {
					title = tpsTitle
				}
				_, err := tx.ExecContext(ctx, db.Rebind(`INSERT INTO articles (id, slug, title, dek, agency_id, status,
					published_at, updated_at, created_at) VALUES (?, ?, ?, ?, ?, 'published', ?, ?, ?)`),
					warta.NewID(), fmt.Sprintf("artikel-%d", i), title, "Keterangan singkat artikel.", agency.ID, at+int64(i), at+int64(i), at)
				if err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			svc, err := New(Config{DB: db, BaseURL: "https://warta.example", Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				rel, err := svc.RelatedArticles(ctx, []string{tpsQuestion}, maxRelatedReceipt)
				if err != nil || len(rel) == 0 || rel[0].Title != tpsTitle {
					b.Fatalf("related %+v, %v", rel, err)
				}
			}
		})
	}
}

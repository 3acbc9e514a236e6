package opendata

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The statistics and dataset queries over many rows, on each database:
//
//	WARTA_BENCH_ROWS=1000000 go test -run '^$' -bench . -benchtime 3x ./internal/opendata/
//
// prints how long each count and each page takes with that many live
// articles (three sections each) and deliveries. Rows are written straight
// to the tables, as the newsroom and the engine would have left them.
func BenchmarkQueries(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("WARTA_BENCH_ROWS")); err == nil && v > 0 {
		n = v
	}
	for _, d := range storetest.Dialects(b) {
		b.Run(fmt.Sprintf("%s/%d", d, n), func(b *testing.B) {
			db := storetest.Open(b, d, store.Options{})
			seedBench(b, db, n)
			frame := func(http.ResponseWriter, *http.Request, int, string, template.HTML) {}
			s, err := New(Config{DB: db, BaseURL: "https://warta.example.id", PublicPage: frame, StudioPage: frame})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			for _, st := range s.Stats() {
				if st.Compute == nil {
					continue
				}
				b.Run("stat/"+st.ID, func(b *testing.B) {
					for b.Loop() {
						if _, err := st.Compute(ctx); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			for _, c := range []struct {
				slug   string
				filter map[string]string
			}{
				{"artikel", nil},
				{"artikel", map[string]string{"wilayah": "35.78"}},
				{"artikel", map[string]string{"wilayah": "35.78", "dari": "2024-02-01", "sampai": "2024-02-29"}},
				{"distribusi", nil},
			} {
				ds := s.registered(c.slug)
				name := c.slug
				for k, v := range c.filter {
					name += "/" + k + "=" + v
				}
				b.Run("page/"+name, func(b *testing.B) {
					for b.Loop() {
						rows, next, err := ds.Source.Rows(ctx, Query{Filter: c.filter, Limit: 1000})
						if err != nil || len(rows) == 0 {
							b.Fatal(err, len(rows))
						}
						// The tenth page, as a CSV download reaches it.
						for range 9 {
							if next == "" {
								break
							}
							if _, next, err = ds.Source.Rows(ctx, Query{Filter: c.filter, Limit: 1000, Cursor: next}); err != nil {
								b.Fatal(err)
							}
						}
					}
				})
			}
		})
	}
}

// seedBench writes n live articles, one a minute back from voting day,
// each in one region, one stage and one tag, and n deliveries over three
// channels.
func seedBench(b *testing.B, db *store.DB, n int) {
	ctx := context.Background()
	agency := &warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur"}
	if err := db.CreateAgency(ctx, agency); err != nil {
		b.Fatal(err)
	}
	regions, _ := db.Regions(ctx)
	elections, _ := db.Elections(ctx)
	stages := elections[0].Stages
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		if _, err := tx.ExecContext(ctx, db.Rebind(q), args...); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		exec("INSERT INTO channels (id, kind, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0)",
			fmt.Sprintf("CH%d", i), []string{"telegram", "x", "mastodon"}[i], fmt.Sprintf("kanal %d", i))
	}
	end := time.Date(2024, 2, 14, 0, 0, 0, 0, warta.Jakarta)
	const per = 100
	for start := 0; start < n; start += per {
		var arts, terms, dels strings.Builder
		var aArgs, tArgs, dArgs []any
		for i := start; i < min(start+per, n); i++ {
			at := end.Add(-time.Duration(i) * time.Minute)
			id := warta.NewIDAt(at)
			if arts.Len() > 0 {
				arts.WriteString(", ")
				terms.WriteString(", ")
				dels.WriteString(", ")
			}
			arts.WriteString("(?, ?, ?, ?, 'published', ?, ?, ?)")
			aArgs = append(aArgs, id, "berita-"+id, "Berita "+strconv.Itoa(i), agency.ID, at.Unix(), at.Unix(), at.Unix())
			terms.WriteString("(?, 'wilayah', ?, 0, ?), (?, 'tahapan', ?, 1, ?), (?, 'tag', 'pemilu', 2, ?)")
			tArgs = append(tArgs, id, regions[i%len(regions)].Slug, at.Unix(), id, stages[i%len(stages)].Slug, at.Unix(), id, at.Unix())
			dels.WriteString("(?, ?, ?, 'v1', 'publish', ?, 0, ?, ?)")
			dArgs = append(dArgs, warta.NewIDAt(at), id, fmt.Sprintf("CH%d", i%3), []string{"delivered", "delivered", "failed", "dry_run"}[i%4],
				at.UnixMilli(), at.UnixMilli())
		}
		exec("INSERT INTO articles (id, slug, title, agency_id, status, published_at, updated_at, created_at) VALUES "+arts.String(), aArgs...)
		exec("INSERT INTO article_terms (article_id, kind, term, position, live_at) VALUES "+terms.String(), tArgs...)
		exec("INSERT INTO deliveries (id, article_id, channel_id, version, op, status, next_attempt_at, created_at, updated_at) VALUES "+dels.String(), dArgs...)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if db.Dialect() == store.Postgres {
		db.SQL().ExecContext(ctx, "ANALYZE")
	}
}

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

// The clinic's statistics and dataset pages over many reports, on each
// database:
//
//	WARTA_BENCH_ROWS=1000000 go test -run '^$' -bench Clinic -benchtime 3x ./internal/opendata/
//
// writes that many reports over the last 400 days, three per claim, half
// the claims with a verdict, and times each statistic and the first and
// tenth pages of the clinic's datasets.
func BenchmarkClinicQueries(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("WARTA_BENCH_ROWS")); err == nil && v > 0 {
		n = v
	}
	for _, d := range storetest.Dialects(b) {
		b.Run(fmt.Sprintf("%s/%d", d, n), func(b *testing.B) {
			db := storetest.Open(b, d, store.Options{})
			seedClinicBench(b, db, n)
			frame := func(http.ResponseWriter, *http.Request, int, string, template.HTML) {}
			s, err := New(Config{DB: db, BaseURL: "https://warta.example.id", PublicPage: frame, StudioPage: frame})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			for _, st := range s.Stats() {
				if st.Group != "Klinik hoaks" {
					continue
				}
				b.Run("stat/"+st.ID, func(b *testing.B) {
					for b.Loop() {
						if p, err := st.Compute(ctx); err != nil || len(p) == 0 {
							b.Fatal(err, len(p))
						}
					}
				})
			}
			for _, c := range []struct {
				slug   string
				filter map[string]string
			}{
				{"laporan-klinik-hoaks", nil},
				{"laporan-klinik-hoaks", map[string]string{"wilayah": "35.78", "label": "HOAKS"}},
				{"waktu-putusan-klinik-hoaks", nil},
				{"putusan-cek-fakta", nil},
				{"putusan-cek-fakta", map[string]string{"label": "FAKTA"}},
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
						for range 9 { // the tenth page, as a CSV download reaches it
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

// seedClinicBench writes n reports back from now, three per claim; every
// other claim was answered with a verdict of its own, of one of four
// labels and eight topics, within 48 hours.
func seedClinicBench(b *testing.B, db *store.DB, n int) {
	ctx := context.Background()
	regions, _ := db.Regions(ctx)
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		if _, err := tx.ExecContext(ctx, db.Rebind(q), args...); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Now()
	step := 400 * 24 * time.Hour / time.Duration(n)
	labels := []string{"HOAKS", "DISINFORMASI", "MISINFORMASI", "FAKTA"}
	const per = 90 // reports per statement, a multiple of three
	for start := 0; start < n; start += per {
		var claims, reports, verdicts strings.Builder
		var cArgs, rArgs, vArgs []any
		for i := start; i < min(start+per, n); i++ {
			at := now.Add(-time.Duration(i) * step).Unix()
			k := i / 3
			claim := fmt.Sprintf("C%09d", k)
			if i%3 == 2 || i == n-1 { // the claim's first (oldest) report
				verdict, status, closed := "", "baru", any(nil)
				if k%2 == 0 {
					verdict, status = fmt.Sprintf("V%09d", k), "selesai"
					published := min(at+int64(k%48+1)*3600, now.Unix())
					closed = published
					if verdicts.Len() > 0 {
						verdicts.WriteString(", ")
					}
					verdicts.WriteString("(?, ?, 'clinic', ?, ?, ?, ?, ?)")
					vArgs = append(vArgs, verdict, claim, "Putusan "+claim, labels[(k/2)%4], fmt.Sprintf("Topik %d", k%8),
						regions[k%len(regions)].Code, published)
				}
				if claims.Len() > 0 {
					claims.WriteString(", ")
				}
				claims.WriteString("(?, 'Klaim', ?, 3, ?, ?, ?, ?, ?, ?)")
				cArgs = append(cArgs, claim, status, at, at+86400, regions[k%len(regions)].Code, verdict, closed, at)
			}
			if reports.Len() > 0 {
				reports.WriteString(", ")
			}
			reports.WriteString("(?, ?, ?, 'web', 'new', ?)")
			rArgs = append(rArgs, warta.NewID(), fmt.Sprintf("KH-%09d", i), claim, at)
		}
		if claims.Len() > 0 {
			exec("INSERT INTO clinic_claims (id, title, status, report_count, first_report_at, due_at, region_code, verdict_id, closed_at, updated_at) VALUES "+claims.String(), cArgs...)
		}
		if verdicts.Len() > 0 {
			exec("INSERT INTO clinic_verdicts (id, claim_id, source, title, label, category, region_code, published_at) VALUES "+verdicts.String(), vArgs...)
		}
		exec("INSERT INTO clinic_reports (id, ticket, claim_id, channel, decision, received_at) VALUES "+reports.String(), rArgs...)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if db.Dialect() == store.Postgres {
		db.SQL().ExecContext(ctx, "ANALYZE")
	}
}

package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/store"
)

// explainPlans prints the plans of the portal's listing and search queries
// as store builds them, and how many articles each search term matches.
func explainPlans(ctx context.Context, db *store.DB) error {
	pg := db.Dialect() == store.Postgres
	g := newGen(1, nil, nil, nil)
	an := indonesian.New()
	term := func(s string) string { return strings.Join(cleanTerms(an.Terms(s)), " ") }
	var qs []struct{ name, sql string }
	add := func(name, q string) { qs = append(qs, struct{ name, sql string }{name, q}) }
	add("indeks p1", `SELECT a.id, a.published_at FROM articles a WHERE a.status = 'published' AND a.published_at IS NOT NULL ORDER BY a.published_at DESC, a.id DESC LIMIT 21`)
	add("wilayah p1", `SELECT t.article_id, t.live_at FROM article_terms t WHERE t.kind = 'wilayah' AND t.term = 'kota-surabaya' AND t.live_at IS NOT NULL ORDER BY t.live_at DESC, t.article_id DESC LIMIT 21`)
	for _, w := range []string{words[0], words[120], g.villages[17]} {
		t := term(w)
		if pg {
			add("cari "+w, `SELECT s.article_id, ts_rank_cd(s.doc, query) AS rank FROM article_search s JOIN articles a ON a.id = s.article_id, to_tsquery('simple', '''`+t+`''') query WHERE s.doc @@ query ORDER BY rank DESC, a.published_at DESC LIMIT 21 OFFSET 0`)
		} else {
			add("cari "+w, `SELECT s.article_id, -bm25(article_fts, 4.0, 1.0) AS rank FROM article_fts JOIN article_search s ON s.rowid = article_fts.rowid JOIN articles a ON a.id = s.article_id WHERE article_fts MATCH '"`+t+`"' ORDER BY rank DESC, a.published_at DESC LIMIT 21 OFFSET 0`)
		}
	}
	for _, q := range qs {
		prefix := "EXPLAIN QUERY PLAN "
		if pg {
			prefix = "EXPLAIN (ANALYZE, BUFFERS) "
		}
		t := time.Now()
		rows, err := db.SQL().QueryContext(ctx, prefix+q.sql)
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		cols, _ := rows.Columns()
		fmt.Printf("\n-- %s\n", q.name)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			fmt.Printf("   %v\n", vals[len(vals)-1])
		}
		rows.Close()
		if !pg { // time the query itself
			t = time.Now()
			r2, err := db.SQL().QueryContext(ctx, q.sql)
			if err != nil {
				return err
			}
			for r2.Next() {
			}
			r2.Close()
		}
		fmt.Printf("   (%s)\n", time.Since(t).Round(time.Microsecond))
	}
	for _, w := range []string{words[0], words[1], words[120], words[200], words[len(words)-30], words[len(words)-1], g.villages[17], g.people[42]} {
		t := strings.Fields(term(w))
		q := `SELECT COUNT(*) FROM article_fts WHERE article_fts MATCH '"` + strings.Join(t, `" "`) + `"'`
		if pg {
			q = `SELECT COUNT(*) FROM article_search WHERE doc @@ to_tsquery('simple', '''` + strings.Join(t, `'' & ''`) + `''')`
		}
		var n int
		if err := db.SQL().QueryRowContext(ctx, q).Scan(&n); err != nil {
			return err
		}
		fmt.Printf("term %-22q (%s) matches %d articles\n", w, t, n)
	}
	return nil
}

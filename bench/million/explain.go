package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
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
	// The search queries as store builds them: the newest 2,000 matches
	// (store's searchWindow), ranked on PostgreSQL. A section filter is a
	// token in the full-text index (store.SectionTokens).
	search := func(name string, terms []string, kind, slug string) {
		var sec warta.Article
		switch kind {
		case "wilayah":
			sec.Regions = []warta.Region{{Slug: slug}}
		case "tag":
			sec.Tags = []warta.Tag{{Slug: slug}}
		}
		tok := store.SectionTokens(&sec)
		if pg {
			tsq := "'''" + strings.Join(terms, "'' & ''") + "'''"
			from, order, match := "article_search s", "s.published_at DESC, s.article_id DESC", tsq
			if tok != "" {
				// The section's newest entries, or the GIN index on
				// the section token and the terms, as the planner judges.
				match = "'''" + tok + "'' & ''" + strings.Join(terms, "'' & ''") + "'''"
				from = "article_terms u JOIN article_search s ON s.article_id = u.article_id AND u.kind = '" + kind +
					"' AND u.term = '" + slug + "' AND u.live_at IS NOT NULL"
				order = "u.live_at DESC, u.article_id DESC"
			}
			add(name, `SELECT w.article_id, w.rank FROM (
				SELECT s.article_id, s.published_at, ts_rank_cd(s.doc, to_tsquery('simple', `+tsq+`)) AS rank
				FROM `+from+` WHERE s.doc @@ to_tsquery('simple', `+match+`)
				ORDER BY `+order+` LIMIT 2000) w
				ORDER BY w.rank DESC, w.published_at DESC, w.article_id DESC LIMIT 21 OFFSET 0`)
			return
		}
		match := `{title body} : ("` + strings.Join(terms, `" "`) + `")`
		if tok != "" {
			match = `sections : "` + tok + `" AND ` + match
		}
		// The window; store then marks title matches within it with a
		// second statement bounded by the window's oldest rowid.
		add(name, `SELECT rowid, 0 FROM article_fts WHERE article_fts MATCH '`+match+`'
			ORDER BY rowid DESC LIMIT 2000`)
	}
	for _, w := range []string{words[0], words[120], g.villages[17]} {
		search("cari "+w, strings.Fields(term(w)), "", "")
	}
	search("cari "+words[0]+" "+words[1], strings.Fields(term(words[0]+" "+words[1])), "", "")
	search("cari "+words[0]+" wilayah kota-batu", strings.Fields(term(words[0])), "wilayah", "kota-batu")
	search("cari "+words[120]+" wilayah kabupaten-pacitan", strings.Fields(term(words[120])), "wilayah", "kabupaten-pacitan")
	search("cari "+g.villages[17]+" wilayah jawa-timur", strings.Fields(term(g.villages[17])), "wilayah", "jawa-timur")
	search("cari "+words[120]+" tag "+g.tags[nTags-1].Slug, strings.Fields(term(words[120])), "tag", g.tags[nTags-1].Slug)
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if pg { // as store runs search
		if _, err := conn.ExecContext(ctx, "SET jit = off"); err != nil {
			return err
		}
	}
	for _, q := range qs {
		prefix := "EXPLAIN QUERY PLAN "
		if pg {
			prefix = "EXPLAIN (ANALYZE, BUFFERS) "
		}
		t := time.Now()
		rows, err := conn.QueryContext(ctx, prefix+q.sql)
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
			r2, err := conn.QueryContext(ctx, q.sql)
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
		if err := conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return err
		}
		fmt.Printf("term %-22q (%s) matches %d articles\n", w, t, n)
	}
	return nil
}

package main

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// benchAgencies are created when the database has fewer than three.
var benchAgencies = []warta.Agency{
	{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"},
	{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"},
	{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"},
	{Slug: "bakesbangpol-jatim", Name: "Badan Kesatuan Bangsa dan Politik Provinsi Jawa Timur", ShortName: "Bakesbangpol Jatim"},
	{Slug: "polda-jatim", Name: "Kepolisian Daerah Jawa Timur", ShortName: "Polda Jatim"},
	{Slug: "kpu-surabaya", Name: "KPU Kota Surabaya", ShortName: "KPU Surabaya"},
}

// row is one generated article with its analysed search text.
type row struct {
	a           *warta.Article
	title, body string // analysed terms, space-separated
	seq         int64  // the article's number, which keeps SQLite search rowids unique
}

// docText mirrors store's docText: the analysed title, and the analysed
// dek, dateline, agency, body, regions and tags, letters and digits only.
func docText(an *indonesian.Analyzer, a *warta.Article) (title, body string) {
	var extra strings.Builder
	extra.WriteString(a.Dek + "\n" + a.Dateline + "\n" + a.Agency.Name + "\n" + a.Body)
	for _, r := range a.Regions {
		extra.WriteString("\n" + r.Name)
	}
	for _, t := range a.Tags {
		extra.WriteString("\n" + t.Name)
	}
	return strings.Join(cleanTerms(an.Terms(a.Title)), " "), strings.Join(cleanTerms(an.Terms(extra.String())), " ")
}

func cleanTerms(terms []string) []string {
	out := terms[:0]
	for _, t := range terms {
		t = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, t)
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// fill adds articles until the database holds n, newest published now and
// the oldest about ten years ago, printing the rate as it goes.
func fill(ctx context.Context, db *store.DB, n, have, batch int, seed uint64) error {
	for len(mustAgencies(ctx, db)) < 3 {
		for _, ag := range benchAgencies {
			ag := ag
			if err := db.CreateAgency(ctx, &ag); err != nil && warta.ErrorCode(err) != warta.EConflict {
				return fmt.Errorf("create agency: %w", err)
			}
		}
	}
	agencies := mustAgencies(ctx, db)
	regions, err := db.Regions(ctx)
	if err != nil {
		return err
	}
	els, err := db.Elections(ctx)
	if err != nil {
		return err
	}
	var stages []warta.Stage
	for _, e := range els {
		stages = append(stages, e.Stages...)
	}
	g := newGen(seed+uint64(have), regions, stages, agencies)
	an := indonesian.New()

	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	pg := db.Dialect() == store.Postgres
	if !pg {
		for _, p := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -500000", "PRAGMA temp_store = MEMORY"} {
			if _, err := conn.ExecContext(ctx, p); err != nil {
				return err
			}
		}
	} else if _, err := conn.ExecContext(ctx, "SET synchronous_commit = off"); err != nil {
		return err
	}
	// Tags first: the tag pages and the article terms name them.
	var tagArgs []any
	var tagRows []string
	for _, t := range g.tags {
		tagRows = append(tagRows, "(?, ?)")
		tagArgs = append(tagArgs, t.Slug, t.Name)
	}
	if _, err := conn.ExecContext(ctx, db.Rebind("INSERT INTO tags (slug, name) VALUES "+strings.Join(tagRows, ",")+
		" ON CONFLICT (slug) DO NOTHING"), tagArgs...); err != nil {
		return fmt.Errorf("insert tags: %w", err)
	}

	// Articles are produced on one goroutine per spare core and written on
	// this one, a transaction per batch.
	now := time.Now().Truncate(time.Second)
	span := 10 * 365 * 24 * time.Hour
	step := span / time.Duration(n)
	todo := n - have
	workers := max(1, runtime.NumCPU()-1)
	jobs := make(chan [2]int)
	out := make(chan []row, workers)
	go func() {
		for lo := have; lo < n; lo += batch {
			jobs <- [2]int{lo, min(n, lo+batch)}
		}
		close(jobs)
	}()
	for w := range workers {
		go func(w int) {
			g := newGen(seed+uint64(w)*1e9+uint64(have), regions, stages, agencies)
			for j := range jobs {
				rows := make([]row, 0, j[1]-j[0])
				for i := j[0]; i < j[1]; i++ {
					// Older articles first, so that row i is published at
					// the i-th step of the span: a second run appends
					// newer ones.
					at := now.Add(-span + time.Duration(i)*step + time.Duration(g.r.Int64N(int64(step)+1)))
					if at.After(now) {
						at = now
					}
					a := g.article(i, at.Truncate(time.Second))
					t, b := docText(an, a)
					rows = append(rows, row{a: a, title: t, body: b, seq: int64(i)})
				}
				out <- rows
			}
		}(w)
	}
	start := time.Now()
	last := start
	done := 0
	var wait time.Duration // the writer waiting for the generators
	for done < todo {
		tw := time.Now()
		rows := <-out
		wait += time.Since(tw)
		if err := writeBatch(ctx, conn, db, pg, rows); err != nil {
			return err
		}
		done += len(rows)
		if time.Since(last) > 5*time.Second || done == todo {
			last = time.Now()
			el := time.Since(start)
			fmt.Printf("  %9d / %d articles  %6.0f articles/s  %s (writer idle %s)\n", have+done, n,
				float64(done)/el.Seconds(), el.Round(time.Second), wait.Round(time.Second))
		}
	}
	// A few headlines for the home page.
	if _, err := conn.ExecContext(ctx, `UPDATE articles SET headline = 1, headline_order = 0
		WHERE id IN (SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC LIMIT 5)`); err != nil {
		return fmt.Errorf("headlines: %w", err)
	}
	el := time.Since(start)
	fmt.Printf("generated %d articles in %s (%.0f articles/s)\n", todo, el.Round(time.Second), float64(todo)/el.Seconds())
	if pg {
		_, err = conn.ExecContext(ctx, "ANALYZE")
	} else {
		_, err = conn.ExecContext(ctx, "ANALYZE")
		if err == nil {
			_, err = conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		}
	}
	return err
}

func mustAgencies(ctx context.Context, db *store.DB) []warta.Agency {
	ags, _ := db.Agencies(ctx)
	return ags
}

// writeBatch inserts rows in one transaction with multi-row INSERTs.
func writeBatch(ctx context.Context, conn *sql.Conn, db *store.DB, pg bool, rows []row) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins := func(head, tuple string, per int, n int, args func(i int) []any) error {
		chunk := max(1, chunkVars/per)
		for lo := 0; lo < n; lo += chunk {
			hi := min(n, lo+chunk)
			var sb strings.Builder
			sb.WriteString(head)
			var all []any
			for i := lo; i < hi; i++ {
				if i > lo {
					sb.WriteByte(',')
				}
				sb.WriteString(tuple)
				all = append(all, args(i)...)
			}
			if _, err := tx.ExecContext(ctx, db.Rebind(sb.String()), all...); err != nil {
				return fmt.Errorf("%s…: %w", head[:min(40, len(head))], err)
			}
		}
		return nil
	}
	err = ins(`INSERT INTO articles (id, slug, title, dek, body, body_html, lead_image_id, dateline, byline, byline_code,
		agency_id, headline, headline_order, status, published_at, updated_at, created_at) VALUES `,
		"(?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 0, 0, 'published', ?, ?, ?)", 13, len(rows), func(i int) []any {
			a := rows[i].a
			return []any{a.ID, a.Slug, a.Title, a.Dek, a.Body, a.BodyHTML, a.Dateline, a.Byline, a.BylineCode,
				a.AgencyID, a.PublishedAt.Unix(), a.UpdatedAt.Unix(), a.CreatedAt.Unix()}
		})
	if err != nil {
		return err
	}
	// Section memberships, positioned as store.saveTerms numbers them.
	var terms [][]any
	for _, r := range rows {
		a := r.a
		live := a.PublishedAt.Unix()
		pos := 0
		add := func(kind, term string) {
			terms = append(terms, []any{a.ID, kind, term, pos, live})
			pos++
		}
		for _, rg := range a.Regions {
			add("wilayah", rg.Slug)
		}
		for _, s := range a.Stages {
			add("tahapan", s.Slug)
		}
		add("sumber", a.Agency.Slug)
		for _, t := range a.Tags {
			add("tag", t.Slug)
		}
	}
	err = ins("INSERT INTO article_terms (article_id, kind, term, position, live_at) VALUES ", "(?, ?, ?, ?, ?)", 5,
		len(terms), func(i int) []any { return terms[i] })
	if err != nil {
		return err
	}
	if pg {
		err = ins("INSERT INTO article_search (article_id, published_at, doc) VALUES ",
			"(?, ?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'D') || array_to_tsvector(string_to_array(?, ' ')))", 5, len(rows),
			func(i int) []any {
				return []any{rows[i].a.ID, rows[i].a.PublishedAt.Unix(), rows[i].title, rows[i].body, store.SectionTokens(rows[i].a)}
			})
	} else {
		// The search rowid is the publication time shifted as store's
		// searchKey does, plus the article's number to keep it unique.
		rowid := func(i int) int64 { return rows[i].a.PublishedAt.Unix()<<20 | rows[i].seq&(1<<20-1) }
		err = ins("INSERT INTO article_search (rowid, article_id) VALUES ", "(?, ?)", 2, len(rows),
			func(i int) []any { return []any{rowid(i), rows[i].a.ID} })
		if err == nil {
			err = ins("INSERT INTO article_fts (rowid, title, body, sections) VALUES ", "(?, ?, ?, ?)", 4, len(rows),
				func(i int) []any { return []any{rowid(i), rows[i].title, rows[i].body, store.SectionTokens(rows[i].a)} })
		}
	}
	if err != nil {
		return err
	}
	return tx.Commit()
}

// chunkVars bounds the bound values of one INSERT statement; a few
// thousand was fastest on SQLite, and both databases accept it.
const chunkVars = 5000

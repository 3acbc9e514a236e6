package store

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
)

// searchSQLite takes the newest matches from FTS5 in rowid order, which is
// publication order, so the scan stops after the window. It does not use
// bm25: for its IDF, FTS5 counts every match of every term, which took
// 90–250 ms for a term in nearly all of a million articles. Instead one more
// statement, bounded by the window too, finds which window rows hold each
// term in the title (and, for any-term searches, at all), and sqliteScore
// ranks them.
func (db *DB) searchSQLite(ctx context.Context, q SearchQuery, terms []string, window int) ([]string, map[string]float64, error) {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + t + `"`
	}
	op := " "
	if q.Any {
		op = " OR "
	}
	// Terms match in the title and body only; a section is a token in the
	// sections column, so FTS5 intersects it with the terms itself and the
	// rows still come newest first.
	expr := "{title body} : (" + strings.Join(quoted, op) + ")"
	var secs strings.Builder
	for _, s := range sectionFilters(q.Filter) {
		secs.WriteString(`sections : "` + sectionToken(s[0], s[1]) + `" AND `)
	}
	sections := secs.String()
	var fb strings.Builder
	var fargs []any
	if f := q.Filter; !f.From.IsZero() {
		fb.WriteString(" AND rowid >= ?")
		fargs = append(fargs, searchKey(f.From))
	}
	if f := q.Filter; !f.To.IsZero() {
		fb.WriteString(" AND rowid < ?")
		fargs = append(fargs, searchKey(f.To))
	}
	filter := fb.String()

	newest, err := db.rowids(ctx, fmt.Sprintf("SELECT rowid, 0 FROM article_fts WHERE article_fts MATCH ?%s ORDER BY rowid DESC LIMIT %d",
		filter, window), append([]any{sections + expr}, fargs...))
	if err != nil || len(newest) == 0 {
		return nil, nil, err
	}
	// Signals: n is the term's title match, len(terms)+n any match.
	var parts []string
	var args []any
	signal := func(match string, n int) {
		parts = append(parts, fmt.Sprintf("SELECT rowid, %d FROM article_fts WHERE article_fts MATCH ? AND rowid >= ?%s", n, filter))
		args = append(args, match, newest[len(newest)-1].rowid)
		args = append(args, fargs...)
	}
	for i, t := range quoted {
		if q.Any {
			// Every row of the range holding the term matches the query.
			signal(sections+"title : "+t, i)
			if len(terms) > 1 {
				signal(sections+"{title body} : "+t, len(terms)+i)
			}
			continue
		}
		signal(sections+expr+" AND title : "+t, i)
	}
	signals, err := db.rowids(ctx, strings.Join(parts, " UNION ALL "), args)
	if err != nil {
		return nil, nil, err
	}
	ranked := sqliteScore(newest, signals, len(terms), q.Any && len(terms) > 1)
	if q.Offset >= len(ranked) {
		return nil, nil, nil
	}
	ranked = ranked[q.Offset:min(len(ranked), q.Offset+q.Limit)]
	keys := make([]any, len(ranked))
	for i, r := range ranked {
		keys[i] = r.rowid
	}
	rows, err := db.query(ctx, "SELECT rowid, article_id FROM article_search WHERE rowid IN ("+placeholders(len(keys))+")", keys...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	idOf := map[int64]string{}
	for rows.Next() {
		var k int64
		var id string
		if err := rows.Scan(&k, &id); err != nil {
			return nil, nil, err
		}
		idOf[k] = id
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	ids := make([]string, 0, len(ranked))
	ranks := map[string]float64{}
	for _, r := range ranked {
		if id, ok := idOf[r.rowid]; ok {
			ids = append(ids, id)
			ranks[id] = r.score
		}
	}
	return ids, ranks, nil
}

// hit is a search rowid with a number: a signal while collecting, a score
// once ranked.
type hit struct {
	rowid int64
	n     int
	score float64
}

// rowids runs a query returning (rowid, number) rows.
func (db *DB) rowids(ctx context.Context, q string, args []any) ([]hit, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.rowid, &h.n); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// sqliteScore ranks the window: each term found counts its weight, four
// times over when in the title (the weight bm25 gave the title). Terms
// weigh alike when every row holds them all; in an any-term search a term
// weighs more the fewer window rows hold it. Equal scores keep the newer
// (higher rowid) first.
func sqliteScore(window, signals []hit, nTerms int, anyTerm bool) []hit {
	type marks struct{ title, has []bool }
	byRow := make(map[int64]*marks, len(window))
	for _, w := range window {
		byRow[w.rowid] = &marks{make([]bool, nTerms), make([]bool, nTerms)}
	}
	holding := make([]int, nTerms)
	for _, s := range signals {
		m := byRow[s.rowid]
		if m == nil {
			continue
		}
		if s.n < nTerms {
			m.title[s.n] = true
		} else if !m.has[s.n-nTerms] {
			m.has[s.n-nTerms] = true
			holding[s.n-nTerms]++
		}
	}
	weight := make([]float64, nTerms)
	for i := range weight {
		weight[i] = 1
		if anyTerm && holding[i] > 0 {
			weight[i] = 1 + math.Log(float64(len(window))/float64(holding[i]))
		}
	}
	out := make([]hit, len(window))
	for i, w := range window {
		m := byRow[w.rowid]
		var score float64
		for t := range nTerms {
			switch {
			case m.title[t]:
				score += 4 * weight[t]
			case m.has[t] || !anyTerm:
				score += weight[t]
			}
		}
		out[i] = hit{rowid: w.rowid, score: score}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

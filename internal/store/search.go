package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// index writes the article's analysed terms to the full-text index when it
// is live, and removes it otherwise. Only live articles are searchable.
func (tx *Tx) index(ctx context.Context, a *warta.Article) error {
	if tx.db.dialect == Postgres {
		if _, err := tx.exec(ctx, "DELETE FROM article_search WHERE article_id = ?", a.ID); err != nil {
			return fmt.Errorf("store: unindex: %w", err)
		}
		if !a.Live() {
			return nil
		}
		title, body := tx.db.docText(a)
		_, err := tx.exec(ctx, `INSERT INTO article_search (article_id, doc) VALUES (?,
			setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'D'))`, a.ID, title, body)
		if err != nil {
			return fmt.Errorf("store: index: %w", err)
		}
		return nil
	}
	var rowid int64
	err := tx.queryRow(ctx, "SELECT rowid FROM article_search WHERE article_id = ?", a.ID).Scan(&rowid)
	if err == nil {
		if _, err := tx.exec(ctx, "DELETE FROM article_fts WHERE rowid = ?", rowid); err != nil {
			return fmt.Errorf("store: unindex: %w", err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM article_search WHERE rowid = ?", rowid); err != nil {
			return fmt.Errorf("store: unindex: %w", err)
		}
	}
	if !a.Live() {
		return nil
	}
	res, err := tx.exec(ctx, "INSERT INTO article_search (article_id) VALUES (?)", a.ID)
	if err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	rowid, err = res.LastInsertId()
	if err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	title, body := tx.db.docText(a)
	if _, err := tx.exec(ctx, "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)", rowid, title, body); err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	return nil
}

// docText returns the analysed title and body (with dek, dateline, regions
// and tags) as space-separated terms.
func (db *DB) docText(a *warta.Article) (title, body string) {
	var extra strings.Builder
	extra.WriteString(a.Dek + "\n" + a.Dateline + "\n" + a.Agency.Name + "\n" + a.Body)
	for _, r := range a.Regions {
		extra.WriteString("\n" + r.Name)
	}
	for _, t := range a.Tags {
		extra.WriteString("\n" + t.Name)
	}
	return strings.Join(cleanTerms(db.analyze(a.Title)), " "), strings.Join(cleanTerms(db.analyze(extra.String())), " ")
}

// cleanTerms keeps letters and digits only, so that terms can never be read
// as query syntax by FTS5 or to_tsquery.
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

// SearchQuery is a full-text search over live articles.
type SearchQuery struct {
	Text   string
	Filter warta.ArticleFilter // sections and dates; After and Limit are ignored
	Offset int
	Limit  int
	// Any matches articles with any of the terms instead of all of them.
	Any bool
}

// SearchArticles ranks live articles against the query text. When no
// article has all the terms, it falls back to any of them. It returns the
// analysed terms too, for highlighting.
func (db *DB) SearchArticles(ctx context.Context, q SearchQuery) ([]warta.SearchResult, []string, error) {
	terms := cleanTerms(db.analyze(q.Text))
	if len(terms) > 32 {
		terms = terms[:32]
	}
	if len(terms) == 0 {
		return nil, nil, nil
	}
	res, err := db.search(ctx, q, terms)
	if err == nil && len(res) == 0 && !q.Any && len(terms) > 1 && q.Offset == 0 {
		q.Any = true
		res, err = db.search(ctx, q, terms)
	}
	return res, terms, err
}

func (db *DB) search(ctx context.Context, q SearchQuery, terms []string) ([]warta.SearchResult, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	var sb strings.Builder
	var args []any
	quoted := make([]string, len(terms))
	if db.dialect == Postgres {
		op := " & "
		if q.Any {
			op = " | "
		}
		for i, t := range terms {
			quoted[i] = "'" + t + "'"
		}
		sb.WriteString(`SELECT s.article_id, ts_rank_cd(s.doc, query) AS rank
			FROM article_search s JOIN articles a ON a.id = s.article_id, to_tsquery('simple', ?) query
			WHERE s.doc @@ query`)
		args = append(args, strings.Join(quoted, op))
	} else {
		op := " "
		if q.Any {
			op = " OR "
		}
		for i, t := range terms {
			quoted[i] = `"` + t + `"`
		}
		sb.WriteString(`SELECT s.article_id, -bm25(article_fts, 4.0, 1.0) AS rank
			FROM article_fts JOIN article_search s ON s.rowid = article_fts.rowid JOIN articles a ON a.id = s.article_id
			WHERE article_fts MATCH ?`)
		args = append(args, strings.Join(quoted, op))
	}
	f := q.Filter
	for _, s := range [][2]string{{kindRegion, f.Region}, {kindStage, f.Stage}, {kindAgency, f.Agency}, {kindTag, f.Tag}} {
		if s[1] != "" {
			sb.WriteString(" AND EXISTS (SELECT 1 FROM article_terms u WHERE u.article_id = a.id AND u.kind = ? AND u.term = ?)")
			args = append(args, s[0], s[1])
		}
	}
	if !f.From.IsZero() {
		sb.WriteString(" AND a.published_at >= ?")
		args = append(args, f.From.Unix())
	}
	if !f.To.IsZero() {
		sb.WriteString(" AND a.published_at < ?")
		args = append(args, f.To.Unix())
	}
	sb.WriteString(fmt.Sprintf(" ORDER BY rank DESC, a.published_at DESC LIMIT %d OFFSET %d", q.Limit, q.Offset))
	rows, err := db.query(ctx, sb.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	var ids []string
	ranks := map[string]float64{}
	for rows.Next() {
		var id string
		var rank float64
		if err := rows.Scan(&id, &rank); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: search: %w", err)
		}
		ids = append(ids, id)
		ranks[id] = rank
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	articles, err := db.articlesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]warta.SearchResult, len(articles))
	for i, a := range articles {
		out[i] = warta.SearchResult{Article: a, Rank: ranks[a.ID]}
	}
	return out, nil
}

// RelatedArticles returns up to limit live articles that share the most
// with a: its regions (the province counts least), stages, tags and title
// words. a itself is never among them.
func (db *DB) RelatedArticles(ctx context.Context, a *warta.Article, limit int) ([]*warta.Article, error) {
	type term struct {
		kind, slug string
		weight     float64
	}
	var terms []term
	for _, r := range a.Regions {
		w := 3.0
		if r.Kind == warta.RegionProvinsi {
			w = 1
		}
		terms = append(terms, term{kindRegion, r.Slug, w})
	}
	for _, s := range a.Stages {
		terms = append(terms, term{kindStage, s.Slug, 2})
	}
	for _, t := range a.Tags {
		terms = append(terms, term{kindTag, t.Slug, 2})
	}
	score := map[string]float64{}
	// Each section contributes its 200 newest articles at most, so the
	// query stays cheap however large a section grows.
	if len(terms) > 0 {
		var parts []string
		var args []any
		for i, t := range terms {
			parts = append(parts, fmt.Sprintf(`SELECT * FROM (SELECT article_id, %d AS n FROM article_terms
				WHERE kind = ? AND term = ? AND live_at IS NOT NULL ORDER BY live_at DESC LIMIT 200) AS t%d`, i, i))
			args = append(args, t.kind, t.slug)
		}
		rows, err := db.query(ctx, strings.Join(parts, " UNION ALL "), args...)
		if err != nil {
			return nil, fmt.Errorf("store: related: %w", err)
		}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: related: %w", err)
			}
			score[id] += terms[n].weight
		}
		rows.Close()
	}
	// Text similarity: the title's words, any of them, ranked.
	text, _, err := db.SearchArticles(ctx, SearchQuery{Text: a.Title, Any: true, Limit: 30})
	if err != nil {
		return nil, err
	}
	for i, r := range text {
		score[r.Article.ID] += 4.0 * float64(len(text)-i) / float64(len(text))
	}
	delete(score, a.ID)
	ids := make([]string, 0, len(score))
	for id := range score {
		ids = append(ids, id)
	}
	// ULIDs sort by creation time, so the newer article wins a tie.
	sort.Slice(ids, func(i, j int) bool {
		if score[ids[i]] != score[ids[j]] {
			return score[ids[i]] > score[ids[j]]
		}
		return ids[i] > ids[j]
	})
	if len(ids) > limit {
		ids = ids[:limit]
	}
	return db.articlesByIDs(ctx, ids)
}

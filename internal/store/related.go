package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

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
	var text []warta.SearchResult
	if terms := cleanTerms(db.analyze(a.Title)); len(terms) > 0 {
		var err error
		text, err = db.search(ctx, SearchQuery{Any: true, Limit: 30}, terms[:min(len(terms), 32)], relatedWindow)
		if err != nil {
			return nil, err
		}
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

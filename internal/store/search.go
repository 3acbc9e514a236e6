package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// searchWindow is how many of the newest matches a search ranks. Ranking
// every match made a common term cost seconds at a million articles; ranking
// only the newest searchWindow keeps every search bounded, at the price that
// an old article which matches better than all of them is not found unless a
// rarer term, a date range or a section narrows the search to it. It exceeds
// the deepest search page the portal serves (50 pages of 20).
const searchWindow = 2000

// relatedWindow is the window of the title search behind related articles:
// it runs on every article page and needs only a few dozen candidates, so
// it ranks the newest few hundred that share title words.
const relatedWindow = 300

// searchSeqBits is how many low bits of a SQLite search rowid tell apart
// articles published in the same second: the rowid is published_at shifted
// left by these bits, plus a sequence number. FTS5 then returns matches in
// publication order, and "newest matches first" stops early.
const searchSeqBits = 20

// searchKey is the smallest SQLite search rowid for a publication time.
func searchKey(t time.Time) int64 { return t.Unix() << searchSeqBits }

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
		// The section tokens carry no position, so no weight: the rank
		// query holds only the searched terms and never counts them.
		_, err := tx.exec(ctx, `INSERT INTO article_search (article_id, published_at, doc) VALUES (?, ?,
			setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'D')
			|| array_to_tsvector(string_to_array(?, ' ')))`,
			a.ID, a.PublishedAt.Unix(), title, body, SectionTokens(a))
		if err != nil {
			return fmt.Errorf("store: index: %w", err)
		}
		return nil
	}
	var rowid int64
	err := tx.queryRow(ctx, "SELECT rowid FROM article_search WHERE article_id = ?", a.ID).Scan(&rowid)
	switch {
	case err == nil:
		if _, err := tx.exec(ctx, "DELETE FROM article_fts WHERE rowid = ?", rowid); err != nil {
			return fmt.Errorf("store: unindex: %w", err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM article_search WHERE rowid = ?", rowid); err != nil {
			return fmt.Errorf("store: unindex: %w", err)
		}
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: unindex: %w", err)
	}
	if !a.Live() {
		return nil
	}
	// The next free rowid in the article's publication second.
	base := searchKey(a.PublishedAt)
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(rowid) + 1, ?) FROM article_search WHERE rowid >= ? AND rowid < ?",
		base, base, base+1<<searchSeqBits).Scan(&rowid); err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	if rowid >= base+1<<searchSeqBits {
		return fmt.Errorf("store: index: more than %d articles published in one second", 1<<searchSeqBits)
	}
	if _, err := tx.exec(ctx, "INSERT INTO article_search (rowid, article_id) VALUES (?, ?)", rowid, a.ID); err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	title, body := tx.db.docText(a)
	if _, err := tx.exec(ctx, "INSERT INTO article_fts (rowid, title, body, sections) VALUES (?, ?, ?, ?)",
		rowid, title, body, SectionTokens(a)); err != nil {
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
	res, err := db.search(ctx, q, terms, searchWindow)
	if err == nil && len(res) == 0 && !q.Any && len(terms) > 1 && q.Offset == 0 {
		q.Any = true
		res, err = db.search(ctx, q, terms, searchWindow)
	}
	return res, terms, err
}

// search ranks the newest window matches that pass the filters by
// relevance, newer first among equals, and returns the page asked for.
func (db *DB) search(ctx context.Context, q SearchQuery, terms []string, window int) ([]warta.SearchResult, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	if q.Offset >= window {
		return nil, nil
	}
	var ids []string
	var ranks map[string]float64
	var err error
	if db.dialect == Postgres {
		ids, ranks, err = db.searchPostgres(ctx, q, terms, window)
	} else {
		ids, ranks, err = db.searchSQLite(ctx, q, terms, window)
	}
	if err != nil {
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

// sectionKinds maps a section kind to the letter of its full-text token.
var sectionKinds = map[string]string{kindRegion: "w", kindStage: "t", kindAgency: "s", kindTag: "g"}

// sectionToken is the full-text token that marks an article as in a
// section: "s", the kind's letter and the slug's bytes in hex. It is
// letters and digits only, so neither FTS5 nor to_tsquery reads it as
// syntax, and no two sections share one. Migration 0014 builds the same
// tokens in SQL on PostgreSQL.
func sectionToken(kind, slug string) string {
	return "s" + sectionKinds[kind] + hex.EncodeToString([]byte(slug))
}

// SectionTokens returns the full-text tokens of every section the article
// is in (its regions, stages, agency and tags, as saveTerms records them),
// separated by spaces. Bulk loaders such as bench/million write them as
// the index does.
func SectionTokens(a *warta.Article) string {
	var toks []string
	seen := map[string]bool{}
	add := func(kind, slug string) {
		if t := sectionToken(kind, slug); slug != "" && !seen[t] {
			seen[t] = true
			toks = append(toks, t)
		}
	}
	for _, r := range a.Regions {
		add(kindRegion, r.Slug)
	}
	for _, s := range a.Stages {
		add(kindStage, s.Slug)
	}
	add(kindAgency, a.Agency.Slug)
	for _, t := range a.Tags {
		add(kindTag, t.Slug)
	}
	return strings.Join(toks, " ")
}

// sectionFilters returns the filter's sections as (kind, slug) pairs.
func sectionFilters(f warta.ArticleFilter) [][2]string {
	var out [][2]string
	for _, s := range [][2]string{{kindRegion, f.Region}, {kindStage, f.Stage}, {kindAgency, f.Agency}, {kindTag, f.Tag}} {
		if s[1] != "" {
			out = append(out, s)
		}
	}
	return out
}

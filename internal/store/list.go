package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// MaxPageSize bounds any list query; it stays under SQLite's limit of
// bound variables, since a page's articles are loaded with one IN list.
const MaxPageSize = 5000

// ListArticles returns live articles newest first, filtered, one keyset page
// at a time. A section filter is served by the article_terms index; further
// filters narrow it.
func (db *DB) ListArticles(ctx context.Context, f warta.ArticleFilter) (warta.ArticlePage, error) {
	var page warta.ArticlePage
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	if limit > MaxPageSize {
		limit = MaxPageSize
	}
	type section struct{ kind, term string }
	var sections []section
	for _, s := range []section{{kindRegion, f.Region}, {kindStage, f.Stage}, {kindAgency, f.Agency}, {kindTag, f.Tag}} {
		if s.term != "" {
			sections = append(sections, s)
		}
	}
	var q strings.Builder
	var args []any
	var idCol, timeCol string
	if len(sections) > 0 {
		idCol, timeCol = "t.article_id", "t.live_at"
		q.WriteString("SELECT t.article_id, t.live_at FROM article_terms t WHERE t.kind = ? AND t.term = ? AND t.live_at IS NOT NULL")
		args = append(args, sections[0].kind, sections[0].term)
		for _, s := range sections[1:] {
			q.WriteString(" AND EXISTS (SELECT 1 FROM article_terms u WHERE u.article_id = t.article_id AND u.kind = ? AND u.term = ?)")
			args = append(args, s.kind, s.term)
		}
	} else {
		idCol, timeCol = "a.id", "a.published_at"
		q.WriteString("SELECT a.id, a.published_at FROM articles a WHERE a.status = 'published' AND a.published_at IS NOT NULL")
	}
	if !f.From.IsZero() {
		q.WriteString(" AND " + timeCol + " >= ?")
		args = append(args, f.From.Unix())
	}
	if !f.To.IsZero() {
		q.WriteString(" AND " + timeCol + " < ?")
		args = append(args, f.To.Unix())
	}
	if f.After != nil {
		q.WriteString(fmt.Sprintf(" AND (%s < ? OR (%s = ? AND %s < ?))", timeCol, timeCol, idCol))
		at := f.After.PublishedAt.Unix()
		args = append(args, at, at, f.After.ID)
	}
	q.WriteString(fmt.Sprintf(" ORDER BY %s DESC, %s DESC LIMIT %d", timeCol, idCol, limit+1))
	rows, err := db.query(ctx, q.String(), args...)
	if err != nil {
		return page, fmt.Errorf("store: list articles: %w", err)
	}
	var ids []string
	var last warta.Cursor
	for rows.Next() {
		var id string
		var at int64
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return page, fmt.Errorf("store: list articles: %w", err)
		}
		if len(ids) == limit {
			page.Next = &warta.Cursor{PublishedAt: last.PublishedAt, ID: last.ID}
			break
		}
		ids = append(ids, id)
		last = warta.Cursor{PublishedAt: time.Unix(at, 0).UTC(), ID: id}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("store: list articles: %w", err)
	}
	page.Articles, err = db.articlesByIDs(ctx, ids)
	return page, err
}

// Headlines returns live headline articles in the editors' order.
func (db *DB) Headlines(ctx context.Context, limit int) ([]*warta.Article, error) {
	rows, err := db.query(ctx, fmt.Sprintf(`SELECT id FROM articles WHERE headline = 1 AND status = 'published'
		AND published_at IS NOT NULL ORDER BY headline_order, published_at DESC, id DESC LIMIT %d`, limit))
	if err != nil {
		return nil, fmt.Errorf("store: headlines: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("store: headlines: %w", err)
	}
	return db.articlesByIDs(ctx, ids)
}

// Month is a calendar month in WIB that has live articles.
type Month struct {
	Year, Month int
	Count       int
	LastMod     time.Time
}

// ArticleMonths lists the months (WIB) with live articles, newest first, for
// the sitemap index.
func (db *DB) ArticleMonths(ctx context.Context) ([]Month, error) {
	expr := "strftime('%Y-%m', published_at + 25200, 'unixepoch')"
	if db.dialect == Postgres {
		expr = "to_char(to_timestamp(published_at + 25200) AT TIME ZONE 'UTC', 'YYYY-MM')"
	}
	rows, err := db.query(ctx, "SELECT "+expr+" AS m, COUNT(*), MAX(updated_at) FROM articles "+
		"WHERE status = 'published' AND published_at IS NOT NULL GROUP BY m ORDER BY m DESC")
	if err != nil {
		return nil, fmt.Errorf("store: article months: %w", err)
	}
	defer rows.Close()
	var out []Month
	for rows.Next() {
		var ym string
		var m Month
		var lastmod int64
		if err := rows.Scan(&ym, &m.Count, &lastmod); err != nil {
			return nil, err
		}
		if _, err := fmt.Sscanf(ym, "%d-%d", &m.Year, &m.Month); err != nil {
			return nil, fmt.Errorf("store: article months: parse %q: %w", ym, err)
		}
		m.LastMod = time.Unix(lastmod, 0).UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// CountLive returns the number of live articles.
func (db *DB) CountLive(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, "SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at IS NOT NULL").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count articles: %w", err)
	}
	return n, nil
}

// CountArticles returns the number of stored articles in any status.
func (db *DB) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM articles").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count articles: %w", err)
	}
	return n, nil
}

func scanIDs(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]string, error) {
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

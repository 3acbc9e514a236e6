package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleSelect reads an article row with its lead image.
const articleSelect = `SELECT a.id, a.slug, a.title, a.dek, a.body, a.body_html, a.dateline, a.byline,
	a.byline_code, a.agency_id, a.headline, a.headline_order, a.status, a.published_at, a.updated_at,
	a.created_at, m.id, m.storage_key, m.mime, m.width, m.height, m.alt, m.caption, m.credit, m.variants
	FROM articles a LEFT JOIN media m ON m.id = a.lead_image_id `

type scanner interface{ Scan(...any) error }

func scanArticle(row scanner) (*warta.Article, error) {
	var a warta.Article
	var status string
	var headline int
	var pub sql.NullInt64
	var updated, created int64
	var mid, mkey, mmime, malt, mcap, mcredit, mvar sql.NullString
	var mw, mh sql.NullInt64
	if err := row.Scan(&a.ID, &a.Slug, &a.Title, &a.Dek, &a.Body, &a.BodyHTML, &a.Dateline, &a.Byline,
		&a.BylineCode, &a.AgencyID, &headline, &a.HeadlineOrder, &status, &pub, &updated, &created,
		&mid, &mkey, &mmime, &mw, &mh, &malt, &mcap, &mcredit, &mvar); err != nil {
		return nil, err
	}
	a.Status = warta.ArticleStatus(status)
	a.Headline = headline != 0
	if pub.Valid {
		a.PublishedAt = time.Unix(pub.Int64, 0).UTC()
	}
	a.UpdatedAt = time.Unix(updated, 0).UTC()
	a.CreatedAt = time.Unix(created, 0).UTC()
	if mid.Valid {
		a.LeadImage = &warta.Media{ID: mid.String, Key: mkey.String, MIME: mmime.String,
			Width: int(mw.Int64), Height: int(mh.Int64), Alt: malt.String, Caption: mcap.String,
			Credit: mcredit.String, Variants: parseVariants(mvar.String)}
	}
	return &a, nil
}

func parseVariants(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// ArticleByID returns any article, live or not, with its sections and
// corrections.
func (db *DB) ArticleByID(ctx context.Context, id string) (*warta.Article, error) {
	return db.articleWhere(ctx, "a.id = ?", id)
}

// ArticleBySlug returns any article by slug.
func (db *DB) ArticleBySlug(ctx context.Context, slug string) (*warta.Article, error) {
	return db.articleWhere(ctx, "a.slug = ?", slug)
}

func (db *DB) articleWhere(ctx context.Context, where string, arg any) (*warta.Article, error) {
	a, err := scanArticle(db.queryRow(ctx, articleSelect+"WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Artikel tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("store: get article: %w", err)
	}
	if err := db.attach(ctx, []*warta.Article{a}, true); err != nil {
		return nil, err
	}
	return a, nil
}

// articlesByIDs loads articles in the order of ids, skipping missing ones.
func (db *DB) articlesByIDs(ctx context.Context, ids []string) ([]*warta.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.query(ctx, articleSelect+"WHERE a.id IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("store: load articles: %w", err)
	}
	defer rows.Close()
	byID := map[string]*warta.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: load articles: %w", err)
		}
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*warta.Article, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
		}
	}
	return out, db.attach(ctx, out, true)
}

// attach fills in agency, regions, stages, tags (and corrections when
// asked) for the articles with two batched queries.
func (db *DB) attach(ctx context.Context, articles []*warta.Article, corrections bool) error {
	if len(articles) == 0 {
		return nil
	}
	ref, err := db.reference(ctx)
	if err != nil {
		return err
	}
	byID := make(map[string]*warta.Article, len(articles))
	args := make([]any, 0, len(articles))
	for _, a := range articles {
		byID[a.ID] = a
		args = append(args, a.ID)
		a.Agency = ref.agencyByID[a.AgencyID]
		a.Regions, a.Stages, a.Tags = nil, nil, nil
	}
	rows, err := db.query(ctx, `SELECT t.article_id, t.kind, t.term, COALESCE(g.name, t.term)
		FROM article_terms t LEFT JOIN tags g ON t.kind = 'tag' AND g.slug = t.term
		WHERE t.article_id IN (`+placeholders(len(args))+`) ORDER BY t.article_id, t.position`, args...)
	if err != nil {
		return fmt.Errorf("store: load sections: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, term, name string
		if err := rows.Scan(&id, &kind, &term, &name); err != nil {
			return err
		}
		a := byID[id]
		switch kind {
		case kindRegion:
			if r, ok := ref.regionBySlug[term]; ok {
				a.Regions = append(a.Regions, r)
			}
		case kindStage:
			if s, ok := ref.stageBySlug[term]; ok {
				a.Stages = append(a.Stages, s)
			}
		case kindTag:
			a.Tags = append(a.Tags, warta.Tag{Slug: term, Name: name})
		}
	}
	if err := rows.Err(); err != nil || !corrections {
		return err
	}
	crows, err := db.query(ctx, `SELECT id, article_id, note, created_at FROM corrections
		WHERE article_id IN (`+placeholders(len(args))+`) ORDER BY created_at`, args...)
	if err != nil {
		return fmt.Errorf("store: load corrections: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var c warta.Correction
		var at int64
		if err := crows.Scan(&c.ID, &c.ArticleID, &c.Note, &at); err != nil {
			return err
		}
		c.CreatedAt = time.Unix(at, 0).UTC()
		byID[c.ArticleID].Corrections = append(byID[c.ArticleID].Corrections, c)
	}
	return crows.Err()
}

// Tags lists every tag that a live article carries, by slug, for the
// section sitemap.
func (db *DB) Tags(ctx context.Context) ([]warta.Tag, error) {
	rows, err := db.query(ctx, `SELECT g.slug, g.name FROM tags g WHERE EXISTS (SELECT 1 FROM article_terms t
		WHERE t.kind = 'tag' AND t.term = g.slug AND t.live_at IS NOT NULL) ORDER BY g.slug`)
	if err != nil {
		return nil, fmt.Errorf("store: list tags: %w", err)
	}
	defer rows.Close()
	var out []warta.Tag
	for rows.Next() {
		var t warta.Tag
		if err := rows.Scan(&t.Slug, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TagBySlug returns the tag, or an ENotFound error.
func (db *DB) TagBySlug(ctx context.Context, slug string) (warta.Tag, error) {
	t := warta.Tag{Slug: slug}
	err := db.queryRow(ctx, "SELECT name FROM tags WHERE slug = ?", slug).Scan(&t.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return t, warta.Errorf(warta.ENotFound, "Tag %q tidak ditemukan.", slug)
	} else if err != nil {
		return t, fmt.Errorf("store: get tag: %w", err)
	}
	return t, nil
}

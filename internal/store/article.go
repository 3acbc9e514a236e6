package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Term kinds in article_terms: the four kinds of portal section.
const (
	kindRegion = "wilayah"
	kindStage  = "tahapan"
	kindAgency = "sumber"
	kindTag    = "tag"
)

// CreateArticle stores a new article with its regions, stages and tags,
// assigning ID, a unique slug and timestamps. A live article is indexed for
// search at once.
func (db *DB) CreateArticle(ctx context.Context, a *warta.Article) error {
	if a.Slug == "" {
		a.Slug = warta.Slugify(a.Title)
	}
	if err := a.Validate(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	if a.ID == "" {
		a.ID = warta.NewID()
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	if a.Status == "" {
		a.Status = warta.StatusDraft
	}
	err := db.tx(ctx, func(tx *Tx) error { return tx.insertArticle(ctx, a) })
	if err != nil {
		return wrapArticleErr("create", err)
	}
	if a.Live() {
		db.changed()
	}
	return nil
}

// insertArticle writes a new, validated article with its sections. The
// newsroom calls it inside the transaction that also records the creation.
func (tx *Tx) insertArticle(ctx context.Context, a *warta.Article) error {
	slug, err := tx.uniqueSlug(ctx, a.Slug, a.ID)
	if err != nil {
		return err
	}
	a.Slug = slug
	if _, err := tx.exec(ctx, `INSERT INTO articles (id, slug, title, dek, body, body_html, lead_image_id,
		dateline, byline, byline_code, agency_id, headline, headline_order, status, published_at, updated_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Slug, a.Title, a.Dek, a.Body, a.BodyHTML, mediaID(a.LeadImage),
		a.Dateline, a.Byline, a.BylineCode, a.AgencyID, boolInt(a.Headline), a.HeadlineOrder,
		string(a.Status), nullTime(a.PublishedAt), a.UpdatedAt.Unix(), a.CreatedAt.Unix()); err != nil {
		return fmt.Errorf("store: insert article: %w", err)
	}
	return tx.saveTerms(ctx, a)
}

// UpdateArticle saves every field of an existing article, its sections and
// its search entry. Readers see the change at once when it is live.
func (db *DB) UpdateArticle(ctx context.Context, a *warta.Article) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	}
	wasLive := false
	err := db.tx(ctx, func(tx *Tx) (err error) {
		wasLive, err = tx.updateArticle(ctx, a)
		return err
	})
	if err != nil {
		return wrapArticleErr("update", err)
	}
	if wasLive || a.Live() {
		db.changed()
	}
	return nil
}

// updateArticle saves every field of an existing, validated article and its
// sections, reporting whether it was live before. The newsroom calls it
// inside the transaction that also records the change.
func (tx *Tx) updateArticle(ctx context.Context, a *warta.Article) (wasLive bool, err error) {
	var status string
	var pub sql.NullInt64
	if err := tx.queryRow(ctx, "SELECT status, published_at FROM articles WHERE id = ?", a.ID).Scan(&status, &pub); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, warta.Errorf(warta.ENotFound, "Artikel tidak ditemukan.")
		}
		return false, err
	}
	wasLive = warta.ArticleStatus(status) == warta.StatusPublished && pub.Valid
	slug, err := tx.uniqueSlug(ctx, a.Slug, a.ID)
	if err != nil {
		return wasLive, err
	}
	a.Slug = slug
	if _, err := tx.exec(ctx, `UPDATE articles SET slug = ?, title = ?, dek = ?, body = ?, body_html = ?,
		lead_image_id = ?, dateline = ?, byline = ?, byline_code = ?, agency_id = ?, headline = ?,
		headline_order = ?, status = ?, published_at = ?, updated_at = ? WHERE id = ?`,
		a.Slug, a.Title, a.Dek, a.Body, a.BodyHTML, mediaID(a.LeadImage), a.Dateline, a.Byline,
		a.BylineCode, a.AgencyID, boolInt(a.Headline), a.HeadlineOrder, string(a.Status),
		nullTime(a.PublishedAt), a.UpdatedAt.Unix(), a.ID); err != nil {
		return wasLive, fmt.Errorf("store: update article: %w", err)
	}
	if _, err := tx.exec(ctx, "DELETE FROM article_terms WHERE article_id = ?", a.ID); err != nil {
		return wasLive, err
	}
	return wasLive, tx.saveTerms(ctx, a)
}

// AddCorrection appends a public correction note to an article and marks it
// updated.
func (db *DB) AddCorrection(ctx context.Context, c *warta.Correction) error {
	if strings.TrimSpace(c.Note) == "" {
		return &warta.Error{Code: warta.EInvalid, Message: "Catatan koreksi wajib diisi.", Field: "note"}
	}
	c.ID = warta.NewID()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC().Truncate(time.Second)
	}
	err := db.tx(ctx, func(tx *Tx) error { return tx.insertCorrection(ctx, c) })
	if err != nil {
		return wrapArticleErr("add correction", err)
	}
	db.changed()
	return nil
}

// insertCorrection writes a correction note with its ID and time set, and
// marks the article updated.
func (tx *Tx) insertCorrection(ctx context.Context, c *warta.Correction) error {
	res, err := tx.exec(ctx, "UPDATE articles SET updated_at = ? WHERE id = ?", c.CreatedAt.Unix(), c.ArticleID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENotFound, "Artikel tidak ditemukan.")
	}
	_, err = tx.exec(ctx, "INSERT INTO corrections (id, article_id, note, created_at) VALUES (?, ?, ?, ?)",
		c.ID, c.ArticleID, c.Note, c.CreatedAt.Unix())
	return err
}

// saveTerms writes the article's section memberships and search entry.
func (tx *Tx) saveTerms(ctx context.Context, a *warta.Article) error {
	var live any
	if a.Live() {
		live = a.PublishedAt.Unix()
	}
	ref, err := tx.db.reference(ctx)
	if err != nil {
		return err
	}
	type term struct{ kind, slug string }
	var terms []term
	for i, r := range a.Regions {
		full, ok := ref.regionBySlug[r.Slug]
		if !ok {
			return &warta.Error{Code: warta.EInvalid, Message: fmt.Sprintf("Wilayah %q tidak dikenal.", r.Slug), Field: "regions"}
		}
		a.Regions[i] = full
		terms = append(terms, term{kindRegion, r.Slug})
	}
	for i, s := range a.Stages {
		full, ok := ref.stageBySlug[s.Slug]
		if !ok {
			return &warta.Error{Code: warta.EInvalid, Message: fmt.Sprintf("Tahapan %q tidak dikenal.", s.Slug), Field: "stages"}
		}
		a.Stages[i] = full
		terms = append(terms, term{kindStage, s.Slug})
	}
	agency, ok := ref.agencyByID[a.AgencyID]
	if !ok {
		return &warta.Error{Code: warta.EInvalid, Message: "Sumber resmi (instansi) tidak dikenal.", Field: "agency"}
	}
	a.Agency = agency
	terms = append(terms, term{kindAgency, agency.Slug})
	seenTag := map[string]bool{}
	tags := a.Tags[:0]
	for _, t := range a.Tags {
		if t.Slug == "" {
			t.Slug = warta.Slugify(t.Name)
		}
		if t.Name == "" {
			t.Name = t.Slug
		}
		if t.Slug == "" || seenTag[t.Slug] {
			continue
		}
		seenTag[t.Slug] = true
		tags = append(tags, t)
		if _, err := tx.exec(ctx, "INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING", t.Slug, t.Name); err != nil {
			return fmt.Errorf("store: save tag: %w", err)
		}
		terms = append(terms, term{kindTag, t.Slug})
	}
	a.Tags = tags
	seen := map[term]bool{}
	for i, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		if _, err := tx.exec(ctx, "INSERT INTO article_terms (article_id, kind, term, position, live_at) VALUES (?, ?, ?, ?, ?)",
			a.ID, t.kind, t.slug, i, live); err != nil {
			return fmt.Errorf("store: save section: %w", err)
		}
	}
	return tx.index(ctx, a)
}

// uniqueSlug returns slug, or slug-2, slug-3 … when another article has it.
func (tx *Tx) uniqueSlug(ctx context.Context, slug, id string) (string, error) {
	if slug == "" {
		slug = "berita"
	}
	candidate := slug
	for n := 2; n < 1000; n++ {
		var other string
		err := tx.queryRow(ctx, "SELECT id FROM articles WHERE slug = ?", candidate).Scan(&other)
		if errors.Is(err, sql.ErrNoRows) || other == id {
			return candidate, nil
		} else if err != nil {
			return "", fmt.Errorf("store: check slug: %w", err)
		}
		candidate = fmt.Sprintf("%s-%d", slug, n)
	}
	return "", &warta.Error{Code: warta.EConflict, Message: "Slug sudah dipakai.", Field: "slug"}
}

func wrapArticleErr(op string, err error) error {
	var we *warta.Error
	if errors.As(err, &we) {
		return err
	}
	return fmt.Errorf("store: %s article: %w", op, err)
}

func mediaID(m *warta.Media) any {
	if m == nil || m.ID == "" {
		return nil
	}
	return m.ID
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

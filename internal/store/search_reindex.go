package store

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// reindexSearch rebuilds SQLite's full-text index from the live articles,
// in publication order, into the empty article_search and article_fts that
// migration 0014 creates: their rowids follow publication time, which
// existing rows could not be renumbered to without their text. A million
// articles take minutes: the text is analysed on every core, and the page
// cache is raised meanwhile so the one large transaction does not spill.
func (tx *Tx) reindexSearch(ctx context.Context) error {
	var cache int64
	if err := tx.queryRow(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	if _, err := tx.exec(ctx, "PRAGMA cache_size = -262144"); err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	defer tx.exec(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", cache))
	agencies := map[string]string{}
	rows, err := tx.query(ctx, "SELECT id, name FROM agencies")
	if err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return fmt.Errorf("store: reindex: %w", err)
		}
		agencies[id] = name
	}
	rows.Close()
	var total int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at IS NOT NULL").Scan(&total); err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	// A large site waits minutes here before it serves: say so.
	start, lastLog, done := time.Now(), time.Now(), 0
	if total > 0 {
		tx.db.log.Info("store: membangun ulang indeks pencarian sekali untuk versi ini; situs besar butuh beberapa menit", "artikel", total)
	}
	var lastAt int64
	var lastID string
	first, seq := true, int64(0)
	for {
		batch, err := tx.reindexBatch(ctx, first, lastAt, lastID, agencies)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			if total > 0 {
				tx.db.log.Info("store: indeks pencarian selesai dibangun ulang", "artikel", done, "durasi", time.Since(start).Round(time.Second))
			}
			return nil
		}
		if done += len(batch); time.Since(lastLog) >= 10*time.Second {
			lastLog = time.Now()
			tx.db.log.Info("store: membangun ulang indeks pencarian", "selesai", done, "dari", total)
		}
		docs := tx.db.docTexts(batch)
		searchArgs := make([]any, 0, 2*len(batch))
		ftsArgs := make([]any, 0, 4*len(batch))
		for i, a := range batch {
			at := a.PublishedAt.Unix()
			if !first && at == lastAt {
				seq++
			} else {
				seq = 0
			}
			first, lastAt, lastID = false, at, a.ID
			rowid := searchKey(a.PublishedAt) + seq
			searchArgs = append(searchArgs, rowid, a.ID)
			ftsArgs = append(ftsArgs, rowid, docs[i][0], docs[i][1], SectionTokens(a))
		}
		if _, err := tx.exec(ctx, "INSERT INTO article_search (rowid, article_id) VALUES "+
			strings.TrimSuffix(strings.Repeat("(?, ?), ", len(batch)), ", "), searchArgs...); err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		if _, err := tx.exec(ctx, "INSERT INTO article_fts (rowid, title, body, sections) VALUES "+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(batch)), ", "), ftsArgs...); err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
	}
}

// docTexts runs docText over the articles on every core.
func (db *DB) docTexts(as []*warta.Article) [][2]string {
	out := make([][2]string, len(as))
	var wg sync.WaitGroup
	workers := runtime.NumCPU()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(as); i += workers {
				out[i][0], out[i][1] = db.docText(as[i])
			}
		}()
	}
	wg.Wait()
	return out
}

// reindexBatch loads the next live articles after (at, id) in publication
// order, with what docText and SectionTokens read: agency name, region
// and tag names, and the slug of every section.
func (tx *Tx) reindexBatch(ctx context.Context, first bool, at int64, id string, agencies map[string]string) ([]*warta.Article, error) {
	q := `SELECT id, title, dek, dateline, body, agency_id, published_at FROM articles
		WHERE status = 'published' AND published_at IS NOT NULL`
	var args []any
	if !first {
		q += " AND (published_at > ? OR (published_at = ? AND id > ?))"
		args = append(args, at, at, id)
	}
	rows, err := tx.query(ctx, q+" ORDER BY published_at, id LIMIT 500", args...)
	if err != nil {
		return nil, fmt.Errorf("store: reindex: %w", err)
	}
	var out []*warta.Article
	byID := map[string]*warta.Article{}
	for rows.Next() {
		a := &warta.Article{Status: warta.StatusPublished}
		var pub int64
		if err := rows.Scan(&a.ID, &a.Title, &a.Dek, &a.Dateline, &a.Body, &a.AgencyID, &pub); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: reindex: %w", err)
		}
		a.PublishedAt = time.Unix(pub, 0).UTC()
		a.Agency.Name = agencies[a.AgencyID]
		out = append(out, a)
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return nil, err
	}
	args = args[:0]
	for _, a := range out {
		args = append(args, a.ID)
	}
	rows, err = tx.query(ctx, `SELECT t.article_id, t.kind, t.term, COALESCE(g.name, r.name, t.term) FROM article_terms t
		LEFT JOIN tags g ON t.kind = 'tag' AND g.slug = t.term
		LEFT JOIN regions r ON t.kind = 'wilayah' AND r.slug = t.term
		WHERE t.article_id IN (`+placeholders(len(args))+`)
		ORDER BY t.article_id, t.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: reindex: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var aid, kind, slug, name string
		if err := rows.Scan(&aid, &kind, &slug, &name); err != nil {
			return nil, fmt.Errorf("store: reindex: %w", err)
		}
		a := byID[aid]
		switch kind {
		case kindRegion:
			a.Regions = append(a.Regions, warta.Region{Slug: slug, Name: name})
		case kindStage:
			a.Stages = append(a.Stages, warta.Stage{Slug: slug})
		case kindAgency:
			a.Agency.Slug = slug
		case kindTag:
			a.Tags = append(a.Tags, warta.Tag{Slug: slug, Name: name})
		}
	}
	return out, rows.Err()
}

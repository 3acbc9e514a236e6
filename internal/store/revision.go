package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Revisions lists an article's saved versions, oldest first.
func (db *DB) Revisions(ctx context.Context, articleID string) ([]warta.Revision, error) {
	rows, err := db.query(ctx, `SELECT id, article_id, number, title, dek, body, editor_id, note, created_at
		FROM revisions WHERE article_id = ? ORDER BY number`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: list revisions: %w", err)
	}
	defer rows.Close()
	var out []warta.Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list revisions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Revision returns one saved version of an article, or an ENotFound error.
func (db *DB) Revision(ctx context.Context, articleID string, number int) (warta.Revision, error) {
	r, err := scanRevision(db.queryRow(ctx, `SELECT id, article_id, number, title, dek, body, editor_id, note, created_at
		FROM revisions WHERE article_id = ? AND number = ?`, articleID, number))
	if errors.Is(err, sql.ErrNoRows) {
		return r, warta.Errorf(warta.ENotFound, "Revisi %d tidak ditemukan.", number)
	} else if err != nil {
		return r, fmt.Errorf("store: get revision: %w", err)
	}
	return r, nil
}

func scanRevision(row scanner) (warta.Revision, error) {
	var r warta.Revision
	var at int64
	err := row.Scan(&r.ID, &r.ArticleID, &r.Number, &r.Title, &r.Dek, &r.Body, &r.EditorID, &r.Note, &at)
	r.CreatedAt = time.Unix(at, 0).UTC()
	return r, err
}

// insertRevision saves r as the article's next version, setting its ID,
// number and time. An article that has no revision yet (one imported or
// created outside the newsroom) first gets its stored text as revision 1,
// so that the first edit has something to be compared with.
func (tx *Tx) insertRevision(ctx context.Context, r *warta.Revision) error {
	var last int
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(number), 0) FROM revisions WHERE article_id = ?", r.ArticleID).Scan(&last); err != nil {
		return fmt.Errorf("store: next revision: %w", err)
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now()
	}
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Second)
	if last == 0 && r.Number != 1 {
		// r.Number is 1 only for a new article's own first version.
		base := warta.Revision{ArticleID: r.ArticleID, Number: 1, Note: "Versi sebelum diubah di ruang redaksi", CreatedAt: r.CreatedAt}
		var created int64
		err := tx.queryRow(ctx, "SELECT title, dek, body, COALESCE(author_id, ''), created_at FROM articles WHERE id = ?", r.ArticleID).
			Scan(&base.Title, &base.Dek, &base.Body, &base.EditorID, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return warta.Errorf(warta.ENotFound, "Artikel tidak ditemukan.")
		} else if err != nil {
			return fmt.Errorf("store: base revision: %w", err)
		}
		base.CreatedAt = time.Unix(created, 0).UTC()
		if err := tx.writeRevision(ctx, &base); err != nil {
			return err
		}
		last = 1
	}
	r.Number = last + 1
	return tx.writeRevision(ctx, r)
}

func (tx *Tx) writeRevision(ctx context.Context, r *warta.Revision) error {
	r.ID = warta.NewIDAt(r.CreatedAt)
	if _, err := tx.exec(ctx, `INSERT INTO revisions (id, article_id, number, title, dek, body, editor_id, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.ArticleID, r.Number, r.Title, r.Dek, r.Body, r.EditorID,
		r.Note, r.CreatedAt.Unix()); err != nil {
		if isUniqueViolation(err) {
			return warta.Errorf(warta.EConflict, "Artikel baru saja disunting orang lain. Muat ulang lalu coba lagi.")
		}
		return fmt.Errorf("store: write revision: %w", err)
	}
	return nil
}

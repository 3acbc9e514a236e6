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

// CreateMedia records a stored image, assigning its ID when empty.
func (db *DB) CreateMedia(ctx context.Context, m *warta.Media) error {
	if m.ID == "" {
		m.ID = warta.NewID()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now().UTC().Truncate(time.Second)
	}
	vs := make([]string, len(m.Variants))
	for i, v := range m.Variants {
		vs[i] = strconv.Itoa(v)
	}
	_, err := db.exec(ctx, `INSERT INTO media (id, storage_key, mime, width, height, alt, caption, credit, variants, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.Key, m.MIME, m.Width, m.Height, m.Alt, m.Caption,
		m.Credit, strings.Join(vs, ","), m.CreatedAt.Unix())
	if err != nil {
		return fmt.Errorf("store: create media: %w", err)
	}
	return nil
}

// MediaByID returns a stored image, or an ENotFound error.
func (db *DB) MediaByID(ctx context.Context, id string) (*warta.Media, error) {
	var m warta.Media
	var vs string
	var created int64
	err := db.queryRow(ctx, `SELECT id, storage_key, mime, width, height, alt, caption, credit, variants, created_at
		FROM media WHERE id = ?`, id).Scan(&m.ID, &m.Key, &m.MIME, &m.Width, &m.Height, &m.Alt, &m.Caption, &m.Credit, &vs, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Media tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("store: get media: %w", err)
	}
	m.Variants = parseVariants(vs)
	m.CreatedAt = time.Unix(created, 0).UTC()
	return &m, nil
}

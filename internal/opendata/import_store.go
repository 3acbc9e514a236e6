package opendata

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// ImportMeta is what an admin says about an upload: the dataset it is a
// version of (a new one, or one already imported) and the schema to check
// it against.
type ImportMeta struct {
	New         bool      `json:"new"`
	Slug        string    `json:"slug"`
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	Publisher   string    `json:"publisher,omitempty"` // agency slug
	Keywords    []string  `json:"keywords,omitempty"`
	Temporal    string    `json:"temporal,omitempty"`
	Spatial     string    `json:"spatial,omitempty"`
	Frequency   Frequency `json:"frequency,omitempty"`
	Schema      Schema    `json:"schema"`
	FileName    string    `json:"file_name"`
	Note        string    `json:"note,omitempty"`
}

// Upload is a checked file waiting for an admin to publish it.
type Upload struct {
	ID        string
	UserID    string
	Meta      ImportMeta
	Content   []byte
	CreatedAt time.Time
}

// uploadTTL is how long a checked file waits for confirmation.
const uploadTTL = 24 * time.Hour

// saveUpload keeps a checked file until it is published or abandoned, and
// removes files abandoned more than a day ago.
func (s *Service) saveUpload(ctx context.Context, u *Upload) error {
	meta, err := json.Marshal(u.Meta)
	if err != nil {
		return err
	}
	u.ID = warta.NewID()
	u.CreatedAt = s.now().UTC().Truncate(time.Second)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.db.Rebind("DELETE FROM opendata_uploads WHERE created_at < ?"),
			u.CreatedAt.Add(-uploadTTL).Unix()); err != nil {
			return fmt.Errorf("opendata: purge uploads: %w", err)
		}
		_, err := tx.ExecContext(ctx, s.db.Rebind("INSERT INTO opendata_uploads (id, user_id, meta, content, created_at) VALUES (?, ?, ?, ?, ?)"),
			u.ID, u.UserID, string(meta), string(u.Content), u.CreatedAt.Unix())
		if err != nil {
			return fmt.Errorf("opendata: save upload: %w", err)
		}
		return nil
	})
}

// upload returns a waiting file, or an ENotFound error.
func (s *Service) upload(ctx context.Context, id string) (*Upload, error) {
	u := &Upload{ID: id}
	var meta, content string
	var at int64
	err := s.sql.QueryRowContext(ctx, s.db.Rebind("SELECT user_id, meta, content, created_at FROM opendata_uploads WHERE id = ?"), id).
		Scan(&u.UserID, &meta, &content, &at)
	if errors.Is(err, sql.ErrNoRows) || err == nil && s.now().Sub(time.Unix(at, 0)) > uploadTTL {
		return nil, warta.Errorf(warta.ENotFound, "Unggahan ini tidak ada lagi: sudah diterbitkan, dibatalkan, atau lebih dari sehari. Unggah ulang berkasnya.")
	} else if err != nil {
		return nil, fmt.Errorf("opendata: upload %s: %w", id, err)
	}
	if err := json.Unmarshal([]byte(meta), &u.Meta); err != nil {
		return nil, fmt.Errorf("opendata: upload %s: %w", id, err)
	}
	u.Content, u.CreatedAt = []byte(content), time.Unix(at, 0).UTC()
	return u, nil
}

// discardUpload forgets a waiting file.
func (s *Service) discardUpload(ctx context.Context, id string) error {
	if _, err := s.sql.ExecContext(ctx, s.db.Rebind("DELETE FROM opendata_uploads WHERE id = ?"), id); err != nil {
		return fmt.Errorf("opendata: discard upload: %w", err)
	}
	return nil
}

// Publish makes a waiting file a new version of its dataset, creating the
// dataset with its first version. The file is checked again (regions may
// have changed since); everything happens in one transaction, so a file
// that fails, at any step, changes nothing.
func (s *Service) Publish(ctx context.Context, uploadID string, by *warta.User) (slug string, version int, err error) {
	u, err := s.upload(ctx, uploadID)
	if err != nil {
		return "", 0, err
	}
	regions, err := s.db.Regions(ctx)
	if err != nil {
		return "", 0, err
	}
	checked := Check(u.Content, u.Meta.Schema, regions)
	if !checked.OK() {
		return "", 0, warta.Errorf(warta.EInvalid, "Berkas tidak lagi lolos pemeriksaan: %s", checked.Errors[0])
	}
	schemaJSON, err := json.Marshal(u.Meta.Schema)
	if err != nil {
		return "", 0, err
	}
	m := u.Meta
	now := s.now().UTC().Truncate(time.Second)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		exec := func(q string, args ...any) error {
			_, err := tx.ExecContext(ctx, s.db.Rebind(q), args...)
			return err
		}
		var id string
		if m.New {
			if s.registered(m.Slug) != nil {
				return warta.Errorf(warta.EConflict, "Slug %q sudah dipakai dataset bawaan.", m.Slug)
			}
			id = warta.NewID()
			err := exec(`INSERT INTO opendata_datasets (id, slug, title, description, publisher, keywords, temporal, spatial,
				frequency, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				id, m.Slug, m.Title, m.Description, m.Publisher, strings.Join(m.Keywords, ", "), m.Temporal, m.Spatial,
				string(m.Frequency), by.ID, now.Unix(), now.Unix())
			if isUnique(err) {
				return warta.Errorf(warta.EConflict, "Slug %q sudah dipakai dataset lain. Pilih slug lain, atau tambahkan versi ke dataset itu.", m.Slug)
			} else if err != nil {
				return fmt.Errorf("create dataset: %w", err)
			}
		} else {
			err := tx.QueryRowContext(ctx, s.db.Rebind("SELECT id FROM opendata_datasets WHERE slug = ?"), m.Slug).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return warta.Errorf(warta.ENotFound, "Dataset %q tidak ada lagi.", m.Slug)
			} else if err != nil {
				return err
			}
			if err := exec("UPDATE opendata_datasets SET updated_at = ? WHERE id = ?", now.Unix(), id); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, s.db.Rebind("SELECT COALESCE(MAX(version), 0) + 1 FROM opendata_versions WHERE dataset_id = ?"),
			id).Scan(&version); err != nil {
			return err
		}
		err := exec(`INSERT INTO opendata_versions (dataset_id, version, schema_json, row_count, file_name, sha256, note,
			published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, version, string(schemaJSON), len(checked.Rows), m.FileName, checked.SHA256, m.Note, by.ID, now.Unix())
		if isUnique(err) {
			return warta.Errorf(warta.EConflict, "Admin lain baru saja menerbitkan versi dataset ini. Muat ulang lalu coba lagi.")
		} else if err != nil {
			return fmt.Errorf("create version: %w", err)
		}
		if err := s.insertRows(ctx, tx, id, version, checked); err != nil {
			return err
		}
		return exec("DELETE FROM opendata_uploads WHERE id = ?", uploadID)
	})
	if err != nil {
		var we *warta.Error
		if errors.As(err, &we) {
			return "", 0, err
		}
		return "", 0, fmt.Errorf("opendata: publish %s: %w", m.Slug, err)
	}
	detail, _ := json.Marshal(map[string]any{"slug": m.Slug, "version": version, "rows": len(checked.Rows), "sha256": checked.SHA256})
	if err := s.db.RecordAudit(ctx, &warta.AuditEntry{At: now, Actor: by.ID, Action: "opendata.publish",
		ObjectType: "dataset", ObjectID: m.Slug, Detail: string(detail), IP: clientIPFrom(ctx)}); err != nil {
		s.log.Warn("opendata: audit", "err", err)
	}
	s.changed()
	return m.Slug, version, nil
}

// rowsPerInsert keeps each INSERT under both databases' bound-variable
// limits: 5 per row.
const rowsPerInsert = 200

func (s *Service) insertRows(ctx context.Context, tx *sql.Tx, id string, version int, c *Checked) error {
	region := c.Schema.regionColumn()
	for start := 0; start < len(c.Rows); start += rowsPerInsert {
		end := min(start+rowsPerInsert, len(c.Rows))
		var b strings.Builder
		b.WriteString("INSERT INTO opendata_rows (dataset_id, version, row_no, region_code, cells) VALUES ")
		args := make([]any, 0, 5*(end-start))
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?)")
			cells, err := json.Marshal(c.Rows[i])
			if err != nil {
				return err
			}
			code := ""
			if region >= 0 {
				code = c.Rows[i][region]
			}
			args = append(args, id, version, i+1, code, string(cells))
		}
		if _, err := tx.ExecContext(ctx, s.db.Rebind(b.String()), args...); err != nil {
			return fmt.Errorf("insert rows: %w", err)
		}
	}
	return nil
}

// tx runs fn in a transaction, committing when it returns nil.
func (s *Service) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("opendata: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("opendata: commit: %w", err)
	}
	return nil
}

// isUnique reports a unique-constraint failure on either database.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// slugTaken reports whether a new imported dataset may not use slug.
func (s *Service) slugTaken(ctx context.Context, slug string) (bool, error) {
	if s.registered(slug) != nil || slug == "catalog" {
		return true, nil
	}
	var n int
	err := s.sql.QueryRowContext(ctx, s.db.Rebind("SELECT COUNT(*) FROM opendata_datasets WHERE slug = ?"), slug).Scan(&n)
	return n > 0, err
}

type ipKey struct{}

// withClientIP puts the client's address in the context for the audit log.
func withClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, ipKey{}, ip)
}

func clientIPFrom(ctx context.Context) string {
	ip, _ := ctx.Value(ipKey{}).(string)
	return ip
}

package opendata

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// importedRow is a stored imported dataset, before its versions are read.
type importedRow struct {
	id, slug, title, description, publisher, keywords, temporal, spatial, frequency string
	created                                                                         int64
}

const importedSelect = `SELECT id, slug, title, description, publisher, keywords, temporal, spatial, frequency, created_at
	FROM opendata_datasets `

// importedDatasets returns every imported dataset that has a version, by
// title.
func (s *Service) importedDatasets(ctx context.Context) ([]*Dataset, error) {
	return s.loadImported(ctx, "ORDER BY title, slug")
}

// importedDataset returns the imported dataset with the slug, or nil.
func (s *Service) importedDataset(ctx context.Context, slug string) (*Dataset, error) {
	ds, err := s.loadImported(ctx, "WHERE slug = ?", slug)
	if err != nil || len(ds) == 0 {
		return nil, err
	}
	return ds[0], nil
}

func (s *Service) loadImported(ctx context.Context, where string, args ...any) ([]*Dataset, error) {
	rows, err := s.q(ctx, importedSelect+where, args...)
	if err != nil {
		return nil, fmt.Errorf("opendata: imported datasets: %w", err)
	}
	var list []importedRow
	for rows.Next() {
		var r importedRow
		if err := rows.Scan(&r.id, &r.slug, &r.title, &r.description, &r.publisher, &r.keywords, &r.temporal,
			&r.spatial, &r.frequency, &r.created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("opendata: imported datasets: %w", err)
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("opendata: imported datasets: %w", err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	versions, err := s.versions(ctx, list)
	if err != nil {
		return nil, err
	}
	agencies, err := s.db.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Dataset
	for _, r := range list {
		vs := versions[r.id]
		if len(vs) == 0 {
			continue // created in the same transaction as its first version; never without
		}
		d := &Dataset{
			Slug: r.slug, Title: r.title, Description: r.description, Licence: CCBY4,
			Publisher: Publisher{Slug: r.publisher, Name: r.publisher},
			Temporal:  r.temporal, Spatial: r.spatial, Frequency: Frequency(r.frequency),
			Columns: vs[0].Columns, Versions: vs, Created: time.Unix(r.created, 0).UTC(),
		}
		for _, a := range agencies {
			if a.Slug == r.publisher {
				d.Publisher = Publisher{Slug: a.Slug, Name: a.Name, URL: a.URL}
			}
		}
		for _, k := range strings.Split(r.keywords, ",") {
			if k = strings.TrimSpace(k); k != "" {
				d.Keywords = append(d.Keywords, k)
			}
		}
		if vs[0].Schema.regionColumn() >= 0 {
			d.Filters = append(d.Filters, Filter{"wilayah", "Kode wilayah: baris dengan kode itu dan wilayah di bawahnya.", "35.78"})
		}
		d.Filters = append(d.Filters, Filter{"versi", "Nomor versi; tanpa parameter ini, versi terbaru.", strconv.Itoa(vs[len(vs)-1].Number)})
		d.Source = importedSource{s: s, id: r.id, versions: vs}
		out = append(out, d)
	}
	return out, nil
}

// versions reads the versions of the datasets, newest first, and their
// schemas.
func (s *Service) versions(ctx context.Context, list []importedRow) (map[string][]Version, error) {
	ids := make([]any, len(list))
	for i, r := range list {
		ids[i] = r.id
	}
	rows, err := s.q(ctx, `SELECT dataset_id, version, schema_json, row_count, file_name, sha256, note, published_at
		FROM opendata_versions WHERE dataset_id IN (`+strings.Repeat("?, ", len(ids)-1)+`?) ORDER BY dataset_id, version DESC`, ids...)
	if err != nil {
		return nil, fmt.Errorf("opendata: versions: %w", err)
	}
	defer rows.Close()
	out := map[string][]Version{}
	for rows.Next() {
		var id, schemaJSON string
		var v Version
		var at int64
		if err := rows.Scan(&id, &v.Number, &schemaJSON, &v.Rows, &v.FileName, &v.SHA256, &v.Note, &at); err != nil {
			return nil, fmt.Errorf("opendata: versions: %w", err)
		}
		if err := json.Unmarshal([]byte(schemaJSON), &v.Schema); err != nil {
			return nil, fmt.Errorf("opendata: version %d of %s: schema: %w", v.Number, id, err)
		}
		v.Columns = v.Schema.Dictionary()
		v.PublishedAt = time.Unix(at, 0).UTC()
		out[id] = append(out[id], v)
	}
	return out, rows.Err()
}

// importedSource pages through one version's stored rows.
type importedSource struct {
	s        *Service
	id       string
	versions []Version // newest first
}

// version returns the numbered version, or the latest for 0.
func (src importedSource) version(n int) (Version, error) {
	if n == 0 {
		return src.versions[0], nil
	}
	for _, v := range src.versions {
		if v.Number == n {
			return v, nil
		}
	}
	return Version{}, warta.Errorf(warta.ENotFound, "Versi %d dataset ini tidak ada.", n)
}

func (src importedSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	v, err := src.version(q.Version)
	if err != nil {
		return nil, "", err
	}
	query := "SELECT row_no, cells FROM opendata_rows WHERE dataset_id = ? AND version = ?"
	args := []any{src.id, v.Number}
	if code := q.Filter["wilayah"]; code != "" {
		if v.Schema.regionColumn() < 0 {
			return nil, "", invalid("wilayah", "Versi ini tidak memiliki kolom kode wilayah.")
		}
		query += " AND (region_code = ? OR region_code LIKE ?)"
		args = append(args, code, code+".%")
	}
	after, err := decodeCursor(q.Cursor, 1)
	if err != nil {
		return nil, "", err
	}
	if after != nil {
		n, err := strconv.ParseInt(after[0], 10, 64)
		if err != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
		query += " AND row_no > ?"
		args = append(args, n)
	}
	query += fmt.Sprintf(" ORDER BY row_no LIMIT %d", q.Limit+1)
	rows, err := src.s.q(ctx, query, args...)
	if err != nil {
		return nil, "", fmt.Errorf("opendata: imported rows: %w", err)
	}
	defer rows.Close()
	var out []Row
	var next string
	var last int64
	for rows.Next() {
		var n int64
		var cellsJSON string
		if err := rows.Scan(&n, &cellsJSON); err != nil {
			return nil, "", fmt.Errorf("opendata: imported rows: %w", err)
		}
		if len(out) == q.Limit {
			next = encodeCursor(strconv.FormatInt(last, 10))
			break
		}
		var cells []string
		if err := json.Unmarshal([]byte(cellsJSON), &cells); err != nil {
			return nil, "", fmt.Errorf("opendata: imported row %d: %w", n, err)
		}
		out = append(out, typedRow(v.Schema, cells))
		last = n
	}
	return out, next, rows.Err()
}

// typedRow turns stored cells, normalised at import, into values.
func typedRow(sc Schema, cells []string) Row {
	row := make(Row, len(sc.Columns))
	for i, col := range sc.Columns {
		if i >= len(cells) || cells[i] == "" {
			continue
		}
		switch col.Type {
		case Integer:
			n, err := strconv.ParseInt(cells[i], 10, 64)
			if err == nil {
				row[i] = n
				continue
			}
		case Decimal:
			row[i] = Number(cells[i])
			continue
		}
		row[i] = cells[i]
	}
	return row
}

func (src importedSource) Modified(context.Context) (time.Time, error) {
	return src.versions[0].PublishedAt, nil
}

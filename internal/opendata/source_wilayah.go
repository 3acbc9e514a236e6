package opendata

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// wilayahDataset is the province and its kabupaten/kota with their
// Kemendagri codes.
func (s *Service) wilayahDataset() Dataset {
	return Dataset{
		Slug:  "wilayah",
		Title: "Wilayah Jawa Timur dan kode Kemendagri",
		Description: "Provinsi Jawa Timur dan 38 kabupaten/kota dengan kode wilayah Kemendagri, " +
			"slug yang dipakai alamat dan filter " + s.siteName + ", serta alamat halaman wilayahnya di portal.\n\n" +
			"Kode wilayah dipakai kolom regions dataset artikel dan memeriksa kode pada data impor.",
		Keywords:  []string{"wilayah", "kabupaten", "kota", "kode wilayah", "Kemendagri", "Jawa Timur"},
		Temporal:  "Keadaan terkini",
		Spatial:   "Provinsi Jawa Timur",
		Frequency: Irregular,
		Columns: []Column{
			{"code", RegionCode, "Kode wilayah Kemendagri.", "35.78"},
			{"name", Text, "Nama resmi wilayah.", "Kota Surabaya"},
			{"kind", Text, "Jenis wilayah: provinsi, kabupaten atau kota.", "kota"},
			{"parent_code", RegionCode, "Kode wilayah induk; kosong untuk provinsi.", "35"},
			{"slug", Text, "Slug wilayah; dipakai filter wilayah dataset artikel.", "kota-surabaya"},
			{"url", URL, "Halaman berita wilayah ini di portal.", s.abs("/wilayah/kota-surabaya")},
		},
		Filters: []Filter{{"jenis", "Hanya satu jenis wilayah: provinsi, kabupaten atau kota.", "kota"}},
		Source:  wilayahSource{s},
	}
}

type wilayahSource struct{ s *Service }

func (src wilayahSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	query := "SELECT position, code, name, kind, slug FROM regions WHERE 1 = 1"
	var args []any
	if kind := q.Filter["jenis"]; kind != "" {
		if kind != warta.RegionProvinsi && kind != warta.RegionKabupaten && kind != warta.RegionKota {
			return nil, "", invalid("jenis", "Jenis wilayah harus provinsi, kabupaten atau kota.")
		}
		query += " AND kind = ?"
		args = append(args, kind)
	}
	after, err := decodeCursor(q.Cursor, 1)
	if err != nil {
		return nil, "", err
	}
	if after != nil {
		pos, err := strconv.Atoi(after[0])
		if err != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
		query += " AND position > ?"
		args = append(args, pos)
	}
	query += fmt.Sprintf(" ORDER BY position LIMIT %d", q.Limit+1)
	rows, err := src.s.q(ctx, query, args...)
	if err != nil {
		return nil, "", fmt.Errorf("opendata: wilayah: %w", err)
	}
	defer rows.Close()
	var out []Row
	var next, last string
	for rows.Next() {
		var pos int64
		var code, name, kind, slug string
		if err := rows.Scan(&pos, &code, &name, &kind, &slug); err != nil {
			return nil, "", fmt.Errorf("opendata: wilayah: %w", err)
		}
		if len(out) == q.Limit {
			next = encodeCursor(last)
			break
		}
		var parent any
		if i := strings.LastIndexByte(code, '.'); i > 0 {
			parent = code[:i]
		}
		out = append(out, Row{code, name, kind, parent, slug, src.s.abs("/wilayah/" + slug)})
		last = strconv.FormatInt(pos, 10)
	}
	return out, next, rows.Err()
}

// Modified is when the reference data was loaded: regions change only
// through migrations.
func (src wilayahSource) Modified(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	err := src.s.sql.QueryRowContext(ctx, src.s.db.Rebind("SELECT MAX(applied_at) FROM schema_migrations WHERE version = ?"),
		"0003_reference").Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("opendata: wilayah modified: %w", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return time.Unix(at.Int64, 0).UTC(), nil
}

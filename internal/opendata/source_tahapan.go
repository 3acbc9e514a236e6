package opendata

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kominfo-jatim/warta/internal/store"
)

// tahapanDataset is every stage of every election with its dates.
func (s *Service) tahapanDataset() Dataset {
	return Dataset{
		Slug:  "tahapan",
		Title: "Tahapan pemilu dan pilkada",
		Description: "Setiap tahapan penyelenggaraan pemilihan umum dan pemilihan kepala daerah yang diliput " + s.siteName +
			", dengan tanggal mulai dan selesai menurut peraturan KPU (PKPU 3/2022 untuk Pemilu 2024, PKPU 2/2024 untuk " +
			"Pilkada Serentak 2024), termasuk pemilihan yang ditambahkan kemudian.\n\n" +
			"Tanggal adalah hari kalender WIB; tanggal selesai ikut dihitung.",
		Keywords:  []string{"pemilu", "pilkada", "tahapan", "jadwal", "KPU"},
		Temporal:  "Sejak 14 Juni 2022 (awal tahapan Pemilu 2024)",
		Spatial:   "Provinsi Jawa Timur",
		Frequency: Irregular,
		Columns: []Column{
			{"election", Text, "Slug pemilihan.", "pemilu-2024"},
			{"election_name", Text, "Nama pemilihan.", "Pemilu 2024"},
			{"voting_day", Date, "Hari pemungutan suara pemilihan itu.", "2024-02-14"},
			{"position", Integer, "Urutan tahapan dalam pemilihan, mulai dari 0.", "8"},
			{"slug", Text, "Slug tahapan, unik di seluruh pemilihan; dipakai filter tahapan dataset artikel.", "pemilu-2024-kampanye"},
			{"name", Text, "Nama tahapan.", "Masa kampanye"},
			{"note", Text, "Catatan tentang tanggal, bila ada.", ""},
			{"start_date", Date, "Hari pertama tahapan.", "2023-11-28"},
			{"end_date", Date, "Hari terakhir tahapan.", "2024-02-10"},
		},
		Filters: []Filter{{"pemilu", "Hanya tahapan satu pemilihan, menurut slug-nya.", "pilkada-2024"}},
		Source:  tahapanSource{s.db, s},
	}
}

type tahapanSource struct {
	db *store.DB
	s  *Service
}

func (src tahapanSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	query := `SELECT e.voting_day, e.slug, e.name, s.position, s.slug, s.name, s.note, s.start_date, s.end_date
		FROM stages s JOIN elections e ON e.id = s.election_id WHERE 1 = 1`
	var args []any
	if slug := q.Filter["pemilu"]; slug != "" {
		elections, err := src.db.Elections(ctx)
		if err != nil {
			return nil, "", err
		}
		known := false
		for _, e := range elections {
			known = known || e.Slug == slug
		}
		if !known {
			return nil, "", invalid("pemilu", "Pemilihan %q tidak dikenal. Lihat kolom election pada dataset ini.", slug)
		}
		query += " AND e.slug = ?"
		args = append(args, slug)
	}
	after, err := decodeCursor(q.Cursor, 3)
	if err != nil {
		return nil, "", err
	}
	if after != nil {
		pos, err := strconv.Atoi(after[2])
		if err != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
		query += " AND (e.voting_day > ? OR (e.voting_day = ? AND (e.slug > ? OR (e.slug = ? AND s.position > ?))))"
		args = append(args, after[0], after[0], after[1], after[1], pos)
	}
	query += fmt.Sprintf(" ORDER BY e.voting_day, e.slug, s.position LIMIT %d", q.Limit+1)
	rows, err := src.s.q(ctx, query, args...)
	if err != nil {
		return nil, "", fmt.Errorf("opendata: tahapan: %w", err)
	}
	defer rows.Close()
	var out []Row
	var next string
	var last [3]string
	for rows.Next() {
		var day, eSlug, eName, slug, name, note, start, end string
		var pos int64
		if err := rows.Scan(&day, &eSlug, &eName, &pos, &slug, &name, &note, &start, &end); err != nil {
			return nil, "", fmt.Errorf("opendata: tahapan: %w", err)
		}
		if len(out) == q.Limit {
			next = encodeCursor(last[:]...)
			break
		}
		out = append(out, Row{eSlug, eName, day, pos, slug, name, note, start, end})
		last = [3]string{day, eSlug, strconv.FormatInt(pos, 10)}
	}
	return out, next, rows.Err()
}

// Modified is the newest election's or stage's creation: their IDs are
// ULIDs, which carry it, and stages are only ever added with an election.
func (src tahapanSource) Modified(ctx context.Context) (time.Time, error) {
	var newest time.Time
	for _, table := range []string{"elections", "stages"} {
		var id sql.NullString
		if err := src.s.sql.QueryRowContext(ctx, "SELECT MAX(id) FROM "+table).Scan(&id); err != nil {
			return time.Time{}, fmt.Errorf("opendata: tahapan modified: %w", err)
		}
		if u, err := ulid.ParseStrict(id.String); err == nil && ulid.Time(u.Time()).After(newest) {
			newest = ulid.Time(u.Time())
		}
	}
	return newest.UTC(), nil
}

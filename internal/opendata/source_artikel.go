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

// artikelDataset is the metadata of every published article, without
// bodies: who published what, when, about which region and stage.
func (s *Service) artikelDataset() Dataset {
	return Dataset{
		Slug:  "artikel",
		Title: "Metadata berita dan informasi resmi",
		Description: "Metadata setiap berita dan informasi resmi yang sedang terbit di " + s.siteName +
			": judul, alamat, waktu terbit dan pembaruan, instansi sumber, wilayah, tahapan dan tag. " +
			"Isi berita tidak termasuk; bacalah di alamatnya.\n\n" +
			"Urutan: terbaru lebih dulu. Berita yang ditarik tidak lagi muncul.",
		Keywords:  []string{"berita", "artikel", "informasi resmi", "pemilu", "pilkada", "KPU", "Bawaslu"},
		Temporal:  "Sejak berita pertama terbit hingga sekarang",
		Spatial:   "Provinsi Jawa Timur",
		Frequency: Continuous,
		Columns: []Column{
			{"id", Text, "ID artikel (ULID), tetap selama artikel ada.", "01HPQ7Z5J4ZC0V3M8W2F6N1K9T"},
			{"url", URL, "Alamat artikel di portal.", s.abs("/berita/2024/02/14/tps-dibuka-pukul-tujuh")},
			{"title", Text, "Judul.", "TPS dibuka pukul tujuh"},
			{"published_at", DateTime, "Waktu pertama terbit.", "2024-02-14T07:05:00+07:00"},
			{"updated_at", DateTime, "Waktu perubahan terakhir yang terlihat pembaca.", "2024-02-14T09:30:00+07:00"},
			{"agency", Text, "Slug instansi sumber resmi; dipakai filter sumber.", "kpu-jatim"},
			{"agency_name", Text, "Nama instansi sumber resmi.", "KPU Provinsi Jawa Timur"},
			{"regions", List, "Kode wilayah (lihat dataset wilayah).", "35.78;35.15"},
			{"stages", List, "Slug tahapan (lihat dataset tahapan).", "pemilu-2024-pemungutan-suara"},
			{"tags", List, "Slug tag.", "logistik-pemilu;tps"},
		},
		Filters: []Filter{
			{"dari", "Terbit pada atau setelah hari ini (TTTT-BB-HH, WIB).", "2024-02-01"},
			{"sampai", "Terbit pada atau sebelum hari ini (TTTT-BB-HH, WIB).", "2024-02-29"},
			{"wilayah", "Kode atau slug wilayah.", "35.78"},
			{"tahapan", "Slug tahapan.", "pemilu-2024-pemungutan-suara"},
			{"sumber", "Slug instansi sumber.", "kpu-jatim"},
			{"tag", "Slug tag.", "logistik-pemilu"},
		},
		Source: artikelSource{s},
	}
}

type artikelSource struct{ s *Service }

// artikelFilter is the artikel filters, checked.
type artikelFilter struct {
	from, to time.Time
	sections [][2]string // article_terms kind and term
}

func (src artikelSource) filter(ctx context.Context, f map[string]string) (artikelFilter, error) {
	var af artikelFilter
	for _, p := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"dari", &af.from, 0}, {"sampai", &af.to, 1}} {
		if v := f[p.name]; v != "" {
			day, err := time.ParseInLocation("2006-01-02", v, warta.Jakarta)
			if err != nil {
				return af, invalid(p.name, "Parameter %s harus tanggal TTTT-BB-HH, misalnya 2024-02-14.", p.name)
			}
			*p.dst = day.AddDate(0, 0, p.add)
		}
	}
	if v := f["wilayah"]; v != "" {
		regions, err := src.s.db.Regions(ctx)
		if err != nil {
			return af, err
		}
		slug := ""
		for _, r := range regions {
			if r.Code == v || r.Slug == v {
				slug = r.Slug
			}
		}
		if slug == "" {
			return af, invalid("wilayah", "Wilayah %q tidak dikenal. Gunakan kode atau slug dari dataset wilayah.", v)
		}
		af.sections = append(af.sections, [2]string{"wilayah", slug})
	}
	if v := f["tahapan"]; v != "" {
		if _, err := src.s.db.StageBySlug(ctx, v); err != nil {
			return af, invalid("tahapan", "Tahapan %q tidak dikenal. Gunakan slug dari dataset tahapan.", v)
		}
		af.sections = append(af.sections, [2]string{"tahapan", v})
	}
	if v := f["sumber"]; v != "" {
		if _, err := src.s.db.AgencyBySlug(ctx, v); err != nil {
			return af, invalid("sumber", "Instansi %q tidak dikenal.", v)
		}
		af.sections = append(af.sections, [2]string{"sumber", v})
	}
	if v := f["tag"]; v != "" {
		af.sections = append(af.sections, [2]string{"tag", v})
	}
	return af, nil
}

// Rows reads a page of IDs the way the portal's index does (one range of
// the article_terms section index when a section filter is set, else of
// articles_live), then the page's metadata and sections by ID.
func (src artikelSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	af, err := src.filter(ctx, q.Filter)
	if err != nil {
		return nil, "", err
	}
	after, err := decodeCursor(q.Cursor, 2)
	if err != nil {
		return nil, "", err
	}
	var b strings.Builder
	var args []any
	var idCol, timeCol string
	if len(af.sections) > 0 {
		idCol, timeCol = "t.article_id", "t.live_at"
		b.WriteString("SELECT t.article_id, t.live_at FROM article_terms t WHERE t.kind = ? AND t.term = ? AND t.live_at IS NOT NULL")
		args = append(args, af.sections[0][0], af.sections[0][1])
		for _, sec := range af.sections[1:] {
			b.WriteString(" AND EXISTS (SELECT 1 FROM article_terms u WHERE u.article_id = t.article_id AND u.kind = ? AND u.term = ?)")
			args = append(args, sec[0], sec[1])
		}
	} else {
		idCol, timeCol = "a.id", "a.published_at"
		b.WriteString("SELECT a.id, a.published_at FROM articles a WHERE a.status = 'published' AND a.published_at IS NOT NULL")
	}
	if !af.from.IsZero() {
		b.WriteString(" AND " + timeCol + " >= ?")
		args = append(args, af.from.Unix())
	}
	if !af.to.IsZero() {
		b.WriteString(" AND " + timeCol + " < ?")
		args = append(args, af.to.Unix())
	}
	if after != nil {
		at, err := strconv.ParseInt(after[0], 10, 64)
		if err != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
		fmt.Fprintf(&b, " AND (%s < ? OR (%s = ? AND %s < ?))", timeCol, timeCol, idCol)
		args = append(args, at, at, after[1])
	}
	fmt.Fprintf(&b, " ORDER BY %s DESC, %s DESC LIMIT %d", timeCol, idCol, q.Limit+1)
	rows, err := src.s.q(ctx, b.String(), args...)
	if err != nil {
		return nil, "", fmt.Errorf("opendata: artikel: %w", err)
	}
	var ids []string
	var next string
	var lastAt int64
	for rows.Next() {
		var id string
		var at int64
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, "", fmt.Errorf("opendata: artikel: %w", err)
		}
		if len(ids) == q.Limit {
			next = encodeCursor(strconv.FormatInt(lastAt, 10), ids[len(ids)-1])
			break
		}
		ids = append(ids, id)
		lastAt = at
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("opendata: artikel: %w", err)
	}
	out, err := src.metadata(ctx, ids)
	return out, next, err
}

// metadata loads the rows of the articles with ids, in that order.
func (src artikelSource) metadata(ctx context.Context, ids []string) ([]Row, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ph := strings.Repeat("?, ", len(ids)-1) + "?"
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	byID := make(map[string]*artikelMeta, len(ids))
	rows, err := src.s.q(ctx, "SELECT id, slug, title, agency_id, published_at, updated_at FROM articles WHERE id IN ("+ph+")", args...)
	if err != nil {
		return nil, fmt.Errorf("opendata: artikel metadata: %w", err)
	}
	for rows.Next() {
		var id string
		var m artikelMeta
		var pub sql.NullInt64
		if err := rows.Scan(&id, &m.slug, &m.title, &m.agency, &pub, &m.updated); err != nil {
			rows.Close()
			return nil, fmt.Errorf("opendata: artikel metadata: %w", err)
		}
		m.published = pub.Int64
		byID[id] = &m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("opendata: artikel metadata: %w", err)
	}
	regions, err := src.s.db.Regions(ctx)
	if err != nil {
		return nil, err
	}
	codeBySlug := make(map[string]string, len(regions))
	for _, r := range regions {
		codeBySlug[r.Slug] = r.Code
	}
	// Sections are read for a few hundred articles at a time: with a
	// thousand IDs, PostgreSQL may judge a scan of all article_terms
	// cheaper than a thousand primary-key lookups, and it is not.
	for start := 0; start < len(ids); start += sectionChunk {
		chunk := args[start:min(start+sectionChunk, len(ids))]
		if err := src.sections(ctx, chunk, byID, codeBySlug); err != nil {
			return nil, err
		}
	}
	agencies, err := src.s.db.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	agencyByID := make(map[string]warta.Agency, len(agencies))
	for _, a := range agencies {
		agencyByID[a.ID] = a
	}
	out := make([]Row, 0, len(ids))
	for _, id := range ids {
		m := byID[id]
		if m == nil {
			continue // deleted between the two queries
		}
		a := warta.Article{Slug: m.slug, PublishedAt: time.Unix(m.published, 0)}
		ag := agencyByID[m.agency]
		out = append(out, Row{id, src.s.abs(a.Path()), m.title, time.Unix(m.published, 0), time.Unix(m.updated, 0),
			ag.Slug, ag.Name, m.regions, m.stages, m.tags})
	}
	return out, nil
}

// artikelMeta is what a row of artikel needs from an article.
type artikelMeta struct {
	slug, title, agency string
	published, updated  int64
	regions, stages     []string
	tags                []string
}

const sectionChunk = 250

// sections adds the regions, stages and tags of the articles with ids.
func (src artikelSource) sections(ctx context.Context, ids []any, byID map[string]*artikelMeta, codeBySlug map[string]string) error {
	rows, err := src.s.q(ctx, "SELECT article_id, kind, term FROM article_terms WHERE article_id IN ("+
		strings.Repeat("?, ", len(ids)-1)+"?) AND kind IN ('wilayah', 'tahapan', 'tag') ORDER BY article_id, position", ids...)
	if err != nil {
		return fmt.Errorf("opendata: artikel sections: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, term string
		if err := rows.Scan(&id, &kind, &term); err != nil {
			return fmt.Errorf("opendata: artikel sections: %w", err)
		}
		m := byID[id]
		if m == nil {
			continue
		}
		switch kind {
		case "wilayah":
			m.regions = append(m.regions, codeBySlug[term])
		case "tahapan":
			m.stages = append(m.stages, term)
		case "tag":
			m.tags = append(m.tags, term)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("opendata: artikel sections: %w", err)
	}
	return nil
}

// Modified is the latest visible change of a live article, read from the
// newsroom's (status, updated_at) index.
func (src artikelSource) Modified(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	err := src.s.sql.QueryRowContext(ctx, "SELECT MAX(updated_at) FROM articles WHERE status = 'published'").Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("opendata: artikel modified: %w", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return time.Unix(at.Int64, 0).UTC(), nil
}

package opendata

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The hoax clinic's tables (internal/clinic, migration 0012) are read here
// for statistics only: counts of reports and verdicts, never a report's
// text, link or screenshot, its sender's address hash, or anything of
// clinic_contacts. A report's WIB day is (received_at + 7 h) / 1 day in
// integer division, the same on both databases, read from the
// opendata_clinic_reports_day index (received_at, claim_id) alone.
const reportDay = "(received_at + 25200) / 86400"

// Topics and labels of a claim are its verdict's: the verdict its claim
// got (clinic_claims.verdict_id, its own or a matched earlier one), if that
// verdict is public; a claim without one is uncategorised and unlabelled.

// laporanDataset is how many reports the clinic received per WIB day, by
// the claim's region, topic and verdict label.
func (s *Service) laporanDataset() Dataset {
	return Dataset{
		Slug:  "laporan-klinik-hoaks",
		Title: "Statistik laporan klinik hoaks",
		Description: "Jumlah laporan warga yang diterima klinik hoaks " + s.siteName + " per hari (WIB), dari formulir web, " +
			"WhatsApp, Telegram dan API, menurut wilayah klaim, topik, dan label putusan yang diterima klaimnya. " +
			"Laporan dengan isi yang sama dikelompokkan menjadi satu klaim; topik dan label adalah milik putusan klaim itu, " +
			"kosong bila klaim belum diputus.\n\n" +
			"Dataset ini hanya berisi hitungan. Isi laporan, tautan, tangkapan layar, dan data pelapor tidak pernah termasuk.",
		Keywords:  []string{"klinik hoaks", "laporan", "hoaks", "cek fakta", "statistik"},
		Temporal:  "Sejak laporan pertama hingga sekarang",
		Spatial:   "Provinsi Jawa Timur",
		Frequency: Continuous,
		Columns: []Column{
			{"date", Date, "Hari (WIB) laporan diterima.", "2024-02-14"},
			{"region_code", RegionCode, "Kode wilayah klaim (lihat dataset wilayah); kosong bila belum ditentukan.", "35.78"},
			{"topic", Text, "Topik putusan klaim; kosong bila klaim belum diputus atau putusannya tanpa topik.", "Pemilu"},
			{"label", Text, "Label putusan klaim; kosong bila klaim belum diputus.", "HOAKS"},
			{"reports", Integer, "Jumlah laporan.", "12"},
		},
		Filters: []Filter{
			{"dari", "Hari pertama (TTTT-BB-HH, WIB).", "2024-02-01"},
			{"sampai", "Hari terakhir (TTTT-BB-HH, WIB).", "2024-02-29"},
			{"wilayah", "Kode atau slug wilayah.", "35.78"},
			{"kategori", "Satu topik, persis seperti di kolom topic.", "Pemilu"},
			{"label", "Satu label putusan.", "HOAKS"},
		},
		Source: laporanSource{s},
	}
}

type laporanSource struct{ s *Service }

// laporanKey is a row's key, in the dataset's order.
type laporanKey struct {
	day                  int64
	region, topic, label string
}

func (a laporanKey) less(b laporanKey) bool {
	if a.day != b.day {
		return a.day < b.day
	}
	if a.region != b.region {
		return a.region < b.region
	}
	if a.topic != b.topic {
		return a.topic < b.topic
	}
	return a.label < b.label
}

// Rows reads the days window after window: the reports per day and claim
// from a range of the reports' index, then those claims' region, topic and
// label by ID, summed and ordered in Go so that both databases give the
// same order.
func (src laporanSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	from, to, err := dayRange(q.Filter)
	if err != nil {
		return nil, "", err
	}
	var region string
	if v := q.Filter["wilayah"]; v != "" {
		if region, err = src.s.regionCode(ctx, v); err != nil {
			return nil, "", err
		}
	}
	after, err := decodeCursor(q.Cursor, 4)
	if err != nil {
		return nil, "", err
	}
	var cur *laporanKey
	if after != nil {
		day, err := strconv.ParseInt(after[0], 10, 64)
		if err != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
		cur = &laporanKey{day, after[1], after[2], after[3]}
	}
	first, last, err := src.s.bounds(ctx, "received_at", "clinic_reports", "")
	if err != nil || first < 0 {
		return nil, "", err
	}
	lo, end := first, last
	if !from.IsZero() {
		lo = max(lo, dayNumber(from))
	}
	if !to.IsZero() {
		end = min(end, dayNumber(to)-1)
	}
	if cur != nil {
		lo = max(lo, cur.day)
	}
	topic, label := q.Filter["kategori"], strings.ToUpper(q.Filter["label"])
	var out []Row
	var next string
	var lastKey laporanKey
	// A busy day has hundreds of rows, a quiet month a handful: the window
	// starts at a few days and doubles for each further one a page needs.
	for window := int64(4); lo <= end && next == ""; lo, window = lo+window, min(window*2, 64) {
		hi := min(lo+window-1, end)
		counts, err := src.s.reportsPerClaim(ctx, lo*86400-7*3600, (hi+1)*86400-7*3600, true)
		if err != nil {
			return nil, "", err
		}
		facets, err := src.s.claimFacets(ctx, countedClaims(counts))
		if err != nil {
			return nil, "", err
		}
		sums := map[laporanKey]int64{}
		for _, c := range counts {
			f, ok := facets[c.claim]
			if !ok || region != "" && f.region != region || topic != "" && f.topic != topic || label != "" && f.label != label {
				continue
			}
			sums[laporanKey{c.day, f.region, f.topic, f.label}] += c.n
		}
		type group struct {
			key laporanKey
			n   int64
		}
		var groups []group
		for k, n := range sums {
			if cur == nil || cur.less(k) {
				groups = append(groups, group{k, n})
			}
		}
		sort.Slice(groups, func(i, j int) bool { return groups[i].key.less(groups[j].key) })
		for _, g := range groups {
			if len(out) == q.Limit {
				next = encodeCursor(strconv.FormatInt(lastKey.day, 10), lastKey.region, lastKey.topic, lastKey.label)
				break
			}
			out = append(out, Row{dayDate(g.key.day), orNil(g.key.region), orNil(g.key.topic), orNil(g.key.label), g.n})
			lastKey = g.key
		}
	}
	return out, next, nil
}

// bounds is the WIB day numbers of the smallest and largest unix-second
// value of column in table (rows matching where, if set), from the ends of
// an index; -1, -1 when there are none. (Two statements: SQLite reads an
// index end only for a lone MIN or MAX.)
func (s *Service) bounds(ctx context.Context, column, table, where string, args ...any) (first, last int64, err error) {
	if where != "" {
		where = " WHERE " + where
	}
	var lo, hi sql.NullInt64
	if err := s.sql.QueryRowContext(ctx, s.db.Rebind("SELECT MIN("+column+") FROM "+table+where), args...).Scan(&lo); err != nil {
		return -1, -1, fmt.Errorf("opendata: first %s: %w", table, err)
	}
	if err := s.sql.QueryRowContext(ctx, s.db.Rebind("SELECT MAX("+column+") FROM "+table+where), args...).Scan(&hi); err != nil {
		return -1, -1, fmt.Errorf("opendata: last %s: %w", table, err)
	}
	if !lo.Valid {
		return -1, -1, nil
	}
	return (lo.Int64 + 7*3600) / 86400, (hi.Int64 + 7*3600) / 86400, nil
}

// Modified is when the newest report came in, read from the end of the
// received_at index; a verdict given later changes labels within minutes
// and is not looked for.
func (src laporanSource) Modified(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	if err := src.s.sql.QueryRowContext(ctx, "SELECT MAX(received_at) FROM clinic_reports").Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("opendata: laporan klinik modified: %w", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return time.Unix(at.Int64, 0).UTC(), nil
}

// claimCount is how many reports a claim got (on one WIB day, or in all).
type claimCount struct {
	day   int64 // -1 when not per day
	claim string
	n     int64
}

// reportsPerClaim counts the reports received in [from, to) (unix
// seconds) per claim, and per WIB day when perDay, from the
// opendata_clinic_reports_day index alone.
func (s *Service) reportsPerClaim(ctx context.Context, from, to int64, perDay bool) ([]claimCount, error) {
	query := "SELECT -1, claim_id, COUNT(*) FROM clinic_reports WHERE received_at >= ? AND received_at < ? GROUP BY claim_id"
	if perDay {
		query = "SELECT " + reportDay + ", claim_id, COUNT(*) FROM clinic_reports WHERE received_at >= ? AND received_at < ? GROUP BY " +
			reportDay + ", claim_id"
	}
	rows, err := s.q(ctx, query, from, to)
	if err != nil {
		return nil, fmt.Errorf("opendata: reports per claim: %w", err)
	}
	defer rows.Close()
	var out []claimCount
	for rows.Next() {
		var c claimCount
		if err := rows.Scan(&c.day, &c.claim, &c.n); err != nil {
			return nil, fmt.Errorf("opendata: reports per claim: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// claimFacet is what the statistics show of a claim: its region, its
// first report (unix seconds), and its public verdict's topic and label
// ("" without one).
type claimFacet struct {
	region, topic, label string
	firstReport          int64
}

// countedClaims is the distinct claims of counts.
func countedClaims(counts []claimCount) []string {
	seen := make(map[string]bool, len(counts))
	var out []string
	for _, c := range counts {
		if !seen[c.claim] {
			seen[c.claim] = true
			out = append(out, c.claim)
		}
	}
	return out
}

// claimChunk is how many claims one lookup reads by ID: with thousands of
// IDs PostgreSQL may judge a scan of every claim and verdict cheaper than
// that many primary-key lookups, and with millions of claims it is not.
const claimChunk = 250

// claimFacets reads the facets of the claims with ids by primary key, a
// chunk at a time, so that the cost follows the claims counted, not all.
func (s *Service) claimFacets(ctx context.Context, ids []string) (map[string]claimFacet, error) {
	out := make(map[string]claimFacet, len(ids))
	now := s.now().Unix()
	for start := 0; start < len(ids); start += claimChunk {
		chunk := ids[start:min(start+claimChunk, len(ids))]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, now)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := s.q(ctx, "SELECT c.id, c.region_code, c.first_report_at, COALESCE(v.category, ''), COALESCE(v.label, '') "+
			"FROM clinic_claims c LEFT JOIN clinic_verdicts v ON v.id = c.verdict_id AND v.published_at <= ? WHERE c.id IN ("+
			strings.Repeat("?, ", len(chunk)-1)+"?)", args...)
		if err != nil {
			return nil, fmt.Errorf("opendata: claims: %w", err)
		}
		for rows.Next() {
			var id string
			var f claimFacet
			if err := rows.Scan(&id, &f.region, &f.firstReport, &f.topic, &f.label); err != nil {
				rows.Close()
				return nil, fmt.Errorf("opendata: claims: %w", err)
			}
			out[id] = f
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("opendata: claims: %w", err)
		}
	}
	return out, nil
}

package opendata

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// verdictsDataset is every published verdict of the hoax clinic, its own
// and those imported from an earlier archive, shaped as schema.org
// ClaimReview: the review (url, title, label, date) and the claim reviewed
// (its text, author, date and where it appeared). Reports, reporters and
// the checkers' notes are never part of it.
func (s *Service) verdictsDataset() Dataset {
	return Dataset{
		Slug:  "putusan-cek-fakta",
		Title: "Putusan cek fakta klinik hoaks (ClaimReview)",
		Description: "Setiap putusan cek fakta yang sudah terbit di " + s.siteName + ", dari klinik hoaks maupun dari arsip " +
			"cek fakta sebelumnya, dengan kolom yang mengikuti schema.org ClaimReview: alamat dan judul artikel Cek Fakta, " +
			"label putusan (reviewRating.alternateName), klaim yang diperiksa (claimReviewed), pembuat dan tanggal klaim, " +
			"serta alamat tempat klaim beredar (itemReviewed.appearance).\n\n" +
			"Data pelapor, isi laporan warga, dan catatan pemeriksa fakta tidak pernah termasuk. " +
			"Urutan: terbaru lebih dulu.",
		Keywords:  []string{"cek fakta", "hoaks", "disinformasi", "misinformasi", "ClaimReview", "klinik hoaks"},
		Temporal:  "Sejak putusan pertama terbit hingga sekarang",
		Spatial:   "Provinsi Jawa Timur",
		Frequency: Continuous,
		Columns: []Column{
			{"id", Text, "ID putusan (ULID), tetap selama putusan ada.", "01HPQ7Z5J4ZC0V3M8W2F6N1K9T"},
			{"url", URL, "Alamat artikel Cek Fakta (ClaimReview url).", s.abs("/berita/2024/02/14/video-kotak-suara-dibakar")},
			{"title", Text, "Judul putusan tanpa label (ClaimReview headline).", "Video kotak suara dibakar di Sidoarjo"},
			{"label", Text, "Label putusan (reviewRating.alternateName): HOAKS, DISINFORMASI, MISINFORMASI, FAKTA, atau label lain yang dipakai klinik.", "HOAKS"},
			{"type", Text, "Jenis gangguan informasi menurut First Draft (satire, false-connection, misleading, false-context, imposter, manipulated, fabricated); kosong untuk putusan arsip.", "false-context"},
			{"claim_reviewed", Text, "Klaim yang diperiksa, sebagaimana beredar (claimReviewed).", "Kotak suara dibakar massa di Sidoarjo"},
			{"claim_author", Text, "Pembuat atau penyebar awal klaim bila diketahui (itemReviewed.author).", "Akun Facebook \"Info Jatim Terkini\""},
			{"claim_date", DateTime, "Waktu klaim pertama beredar bila diketahui (itemReviewed.datePublished).", "2024-02-13T20:15:00+07:00"},
			{"appearance", List, "Alamat tempat klaim beredar (itemReviewed.appearance).", "https://www.facebook.com/contoh/posts/1"},
			{"category", Text, "Topik putusan.", "Pemilu"},
			{"region_code", RegionCode, "Kode wilayah yang dibahas (lihat dataset wilayah); kosong bila tidak khusus satu wilayah.", "35.15"},
			{"published_at", DateTime, "Waktu putusan terbit (datePublished).", "2024-02-14T10:00:00+07:00"},
			{"source", Text, "Asal putusan: klinik (diperiksa klinik hoaks) atau arsip (diimpor dari arsip cek fakta).", "klinik"},
		},
		Filters: []Filter{
			{"label", "Satu label putusan.", "HOAKS"},
			{"kategori", "Satu topik, persis seperti di kolom category.", "Pemilu"},
			{"wilayah", "Kode atau slug wilayah.", "35.15"},
			{"dari", "Terbit pada atau setelah hari ini (TTTT-BB-HH, WIB).", "2024-02-01"},
			{"sampai", "Terbit pada atau sebelum hari ini (TTTT-BB-HH, WIB).", "2024-02-29"},
		},
		Source: verdictsSource{s},
	}
}

type verdictsSource struct{ s *Service }

// Rows reads verdicts newest first, by the (published_at, id) index, or
// the (label, published_at, id) one with the label filter. A verdict dated
// in the future is not public yet.
func (src verdictsSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	from, to, err := dayRange(q.Filter)
	if err != nil {
		return nil, "", err
	}
	after, err := decodeCursor(q.Cursor, 2)
	if err != nil {
		return nil, "", err
	}
	where := []string{"published_at <= ?"}
	args := []any{src.s.now().Unix()}
	if v := q.Filter["label"]; v != "" {
		where = append(where, "label = ?")
		args = append(args, strings.ToUpper(v))
	}
	if v := q.Filter["kategori"]; v != "" {
		where = append(where, "category = ?")
		args = append(args, v)
	}
	if v := q.Filter["wilayah"]; v != "" {
		code, err := src.s.regionCode(ctx, v)
		if err != nil {
			return nil, "", err
		}
		where = append(where, "region_code = ?")
		args = append(args, code)
	}
	if !from.IsZero() {
		where = append(where, "published_at >= ?")
		args = append(args, from.Unix())
	}
	if !to.IsZero() {
		where = append(where, "published_at < ?")
		args = append(args, to.Unix())
	}
	if after != nil {
		at, err := strconv.ParseInt(after[0], 10, 64)
		if err != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
		where = append(where, "(published_at < ? OR (published_at = ? AND id < ?))")
		args = append(args, at, at, after[1])
	}
	rows, err := src.s.q(ctx, "SELECT id, url, title, label, type, claim_reviewed, claim_author, claim_date, appearance_json, "+
		"category, region_code, published_at, claim_id FROM clinic_verdicts WHERE "+strings.Join(where, " AND ")+
		fmt.Sprintf(" ORDER BY published_at DESC, id DESC LIMIT %d", q.Limit+1), args...)
	if err != nil {
		return nil, "", fmt.Errorf("opendata: putusan: %w", err)
	}
	defer rows.Close()
	var out []Row
	var next string
	var lastAt int64
	var lastID string
	for rows.Next() {
		var id, url, title, label, typ, reviewed, author, appearance, category, region, claimID string
		var claimDate sql.NullInt64
		var published int64
		if err := rows.Scan(&id, &url, &title, &label, &typ, &reviewed, &author, &claimDate, &appearance,
			&category, &region, &published, &claimID); err != nil {
			return nil, "", fmt.Errorf("opendata: putusan: %w", err)
		}
		if len(out) == q.Limit {
			next = encodeCursor(strconv.FormatInt(lastAt, 10), lastID)
			break
		}
		var when any
		if claimDate.Valid {
			when = time.Unix(claimDate.Int64, 0)
		}
		source := "arsip"
		if claimID != "" {
			source = "klinik"
		}
		out = append(out, Row{id, orNil(url), title, label, orNil(typ), orNil(reviewed), orNil(author), when,
			jsonList(appearance), orNil(category), orNil(region), time.Unix(published, 0), source})
		lastAt, lastID = published, id
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("opendata: putusan: %w", err)
	}
	return out, next, nil
}

// jsonList reads a JSON array of strings; anything else is an empty list.
func jsonList(s string) []string {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil
	}
	kept := out[:0]
	for _, v := range out {
		if v = strings.TrimSpace(v); v != "" {
			kept = append(kept, v)
		}
	}
	return kept
}

// Modified is when the newest public verdict was published.
func (src verdictsSource) Modified(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	err := src.s.sql.QueryRowContext(ctx, src.s.db.Rebind("SELECT MAX(published_at) FROM clinic_verdicts WHERE published_at <= ?"),
		src.s.now().Unix()).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("opendata: putusan modified: %w", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return time.Unix(at.Int64, 0).UTC(), nil
}

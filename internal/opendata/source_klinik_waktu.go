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

// waktuDataset is how quickly the clinic answered: per WIB day and label,
// the claims its checkers answered (with a new verdict or by confirming a
// suggested one) and the median hours from a claim's first report to its
// answer. Claims answered at once on intake, by an earlier verdict, took no
// checker's time and are left out.
func (s *Service) waktuDataset() Dataset {
	return Dataset{
		Slug:  "waktu-putusan-klinik-hoaks",
		Title: "Waktu hingga putusan klinik hoaks",
		Description: "Kecepatan pemeriksa fakta klinik hoaks " + s.siteName + " menjawab klaim yang dilaporkan warga: untuk setiap hari (WIB) " +
			"dan label putusan, jumlah klaim yang dijawab (dengan putusan baru atau konfirmasi putusan yang disarankan), median jam " +
			"dari laporan pertama klaim hingga jawabannya, dan berapa yang dijawab dalam target 1×24 jam.\n\n" +
			"Klaim yang langsung terjawab otomatis saat laporan masuk (cocok dengan putusan yang sudah ada) tidak dihitung. " +
			"Dataset ini hanya berisi hitungan.",
		Keywords:  []string{"klinik hoaks", "cek fakta", "waktu tanggap", "statistik"},
		Temporal:  "Sejak klaim pertama dijawab hingga sekarang",
		Spatial:   "Provinsi Jawa Timur",
		Frequency: Continuous,
		Columns: []Column{
			{"date", Date, "Hari (WIB) klaim dijawab.", "2024-02-14"},
			{"label", Text, "Label putusan yang menjawab klaim.", "HOAKS"},
			{"claims", Integer, "Jumlah klaim yang dijawab.", "3"},
			{"median_hours", Decimal, "Median jam dari laporan pertama klaim hingga dijawab, satu angka desimal.", "17.5"},
			{"within_24h", Integer, "Jumlah klaim yang dijawab paling lama 24 jam setelah laporan pertamanya.", "2"},
		},
		Filters: []Filter{
			{"dari", "Hari pertama (TTTT-BB-HH, WIB).", "2024-02-01"},
			{"sampai", "Hari terakhir (TTTT-BB-HH, WIB).", "2024-02-29"},
			{"label", "Satu label putusan.", "HOAKS"},
		},
		Source: waktuSource{s},
	}
}

type waktuSource struct{ s *Service }

// answered selects the claims (as c) a checker answered: closed with a verdict,
// after they were opened (intake closes a claim it answers at once in the
// same second it opens it).
const answered = "c.status = 'selesai' AND c.verdict_id <> '' AND c.closed_at > c.first_report_at"

// answerTimes reads the claims checkers answered in [from, to) (unix
// seconds): when, how long after the first report, and the label of the
// answering verdict, from a range of the opendata_clinic_claims_closed
// index and the verdicts by primary key. Claims whose verdict is not
// public yet are left out.
func (s *Service) answerTimes(ctx context.Context, from, to int64, label string) ([]answerTime, error) {
	query := "SELECT c.closed_at, c.first_report_at, v.label FROM clinic_claims c JOIN clinic_verdicts v ON v.id = c.verdict_id " +
		"WHERE c.closed_at >= ? AND c.closed_at < ? AND " + answered + " AND v.published_at <= ?"
	args := []any{from, to, s.now().Unix()}
	if label != "" {
		query += " AND v.label = ?"
		args = append(args, label)
	}
	rows, err := s.q(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("opendata: answer times: %w", err)
	}
	defer rows.Close()
	var out []answerTime
	for rows.Next() {
		var a answerTime
		var first int64
		if err := rows.Scan(&a.at, &first, &a.label); err != nil {
			return nil, fmt.Errorf("opendata: answer times: %w", err)
		}
		a.secs = a.at - first
		out = append(out, a)
	}
	return out, rows.Err()
}

// answerTime is one answered claim: when, how long after its first
// report, and with which label.
type answerTime struct {
	at    int64
	label string
	secs  int64
}

// medianHours is the median of seconds, in hours.
func medianHours(secs []int64) float64 {
	if len(secs) == 0 {
		return 0
	}
	s := append([]int64(nil), secs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	n := len(s)
	m := float64(s[n/2])
	if n%2 == 0 {
		m = float64(s[n/2-1]+s[n/2]) / 2
	}
	return m / 3600
}

// hours prints hours with one decimal, as the dataset's Decimal.
func hours(h float64) Number {
	return Number(strconv.FormatFloat(h, 'f', 1, 64))
}

// Rows reads the answered claims 31 days at a time (see windowDays) and
// groups them per WIB day and label in Go.
func (src waktuSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	from, to, err := dayRange(q.Filter)
	if err != nil {
		return nil, "", err
	}
	label := strings.ToUpper(q.Filter["label"])
	after, err := decodeCursor(q.Cursor, 2)
	if err != nil {
		return nil, "", err
	}
	afterDay := int64(-1)
	if after != nil {
		if afterDay, err = strconv.ParseInt(after[0], 10, 64); err != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
	}
	first, last, err := src.s.bounds(ctx, "c.closed_at", "clinic_claims c", "c.closed_at >= 0 AND "+answered) // a range: past open claims' NULLs
	if err != nil || first < 0 {
		return nil, "", err
	}
	lo, end := max(first, afterDay), last
	if !from.IsZero() {
		lo = max(lo, dayNumber(from))
	}
	if !to.IsZero() {
		end = min(end, dayNumber(to)-1)
	}
	type key struct {
		day   int64
		label string
	}
	var out []Row
	var next string
	var lastKey key
	for ; lo <= end && next == ""; lo += windowDays {
		hi := min(lo+windowDays-1, end)
		times, err := src.s.answerTimes(ctx, lo*86400-7*3600, (hi+1)*86400-7*3600, label)
		if err != nil {
			return nil, "", err
		}
		groups := map[key][]int64{}
		for _, a := range times {
			k := key{(a.at + 7*3600) / 86400, a.label}
			if after != nil && (k.day < afterDay || k.day == afterDay && k.label <= after[1]) {
				continue
			}
			groups[k] = append(groups[k], a.secs)
		}
		keys := make([]key, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].day != keys[j].day {
				return keys[i].day < keys[j].day
			}
			return keys[i].label < keys[j].label
		})
		for _, k := range keys {
			if len(out) == q.Limit {
				next = encodeCursor(strconv.FormatInt(lastKey.day, 10), lastKey.label)
				break
			}
			secs := groups[k]
			var within int64
			for _, s := range secs {
				if s <= 24*3600 {
					within++
				}
			}
			out = append(out, Row{dayDate(k.day), k.label, int64(len(secs)), hours(medianHours(secs)), within})
			lastKey = k
		}
	}
	return out, next, nil
}

// Modified is when the latest claim was answered, from the end of the
// opendata_clinic_claims_closed index.
func (src waktuSource) Modified(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	if err := src.s.sql.QueryRowContext(ctx, "SELECT MAX(c.closed_at) FROM clinic_claims c WHERE "+answered).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("opendata: waktu putusan modified: %w", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return time.Unix(at.Int64, 0).UTC(), nil
}

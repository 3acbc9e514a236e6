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

// Deliveries are dissemination's (internal/dissemination): one per article
// version and channel, with the channel's kind in channels. Times there are
// unix milliseconds. A WIB day number is (ms / 1000 + 7 h) / 1 day in
// integer division, the same on both databases.
const wibDay = "(d.created_at / 1000 + 25200) / 86400"

// deliveriesExist reports whether dissemination's tables are there to count.
func (s *Service) deliveriesExist(ctx context.Context) bool {
	rows, err := s.sql.QueryContext(ctx, "SELECT d.status, c.kind FROM deliveries d JOIN channels c ON c.id = d.channel_id WHERE 1 = 0")
	if err != nil {
		return false
	}
	rows.Close()
	return true
}

// distribusiDataset is how many deliveries went to each kind of channel per
// day, by status.
func (s *Service) distribusiDataset() Dataset {
	return Dataset{
		Slug:  "distribusi",
		Title: "Statistik distribusi berita per kanal",
		Description: "Jumlah pengiriman berita ke setiap jenis kanal (Telegram, WhatsApp, X, Mastodon, surel, webhook …) " +
			"per hari WIB menurut status pengirimannya. Satu pengiriman adalah satu versi satu berita ke satu kanal.\n\n" +
			"Status: delivered (terkirim), dry_run (dicatat tanpa dikirim karena kanal belum punya kredensial), " +
			"failed (gagal permanen), queued dan sending (masih dalam antrean), skipped (tidak perlu dikirim).",
		Keywords:  []string{"distribusi", "diseminasi", "kanal", "media sosial", "statistik"},
		Temporal:  "Sejak pengiriman pertama hingga sekarang",
		Spatial:   "Provinsi Jawa Timur",
		Frequency: Continuous,
		Columns: []Column{
			{"date", Date, "Hari (WIB) pengiriman dibuat.", "2024-02-14"},
			{"channel_kind", Text, "Jenis kanal.", "telegram"},
			{"status", Text, "Status pengiriman saat ini.", "delivered"},
			{"deliveries", Integer, "Jumlah pengiriman.", "42"},
		},
		Filters: []Filter{
			{"dari", "Hari pertama (TTTT-BB-HH, WIB).", "2024-02-01"},
			{"sampai", "Hari terakhir (TTTT-BB-HH, WIB).", "2024-02-29"},
			{"kanal", "Satu jenis kanal.", "telegram"},
			{"status", "Satu status.", "delivered"},
		},
		Source: distribusiSource{s},
	}
}

type distribusiSource struct{ s *Service }

// dayNumber is the WIB day number of a calendar day.
func dayNumber(day time.Time) int64 {
	return (day.Unix() + 7*3600) / 86400
}

// dayDate is the calendar day of a WIB day number.
func dayDate(n int64) string {
	return time.Unix(n*86400, 0).UTC().Format("2006-01-02")
}

// windowDays is how many days one aggregate query covers: a page reads
// window after window until it has its rows, so that its cost follows the
// rows it returns, not every delivery after the cursor.
const windowDays = 31

func (src distribusiSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	fromDay, toDay := int64(-1), int64(-1)
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"dari", &fromDay}, {"sampai", &toDay}} {
		if v := q.Filter[p.name]; v != "" {
			day, err := time.ParseInLocation("2006-01-02", v, warta.Jakarta)
			if err != nil {
				return nil, "", invalid(p.name, "Parameter %s harus tanggal TTTT-BB-HH, misalnya 2024-02-14.", p.name)
			}
			*p.dst = dayNumber(day)
		}
	}
	after, err := decodeCursor(q.Cursor, 3)
	if err != nil {
		return nil, "", err
	}
	var afterDay int64 = -1
	if after != nil {
		if afterDay, err = strconv.ParseInt(after[0], 10, 64); err != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
	}
	// The days with deliveries, from both ends of the created_at index.
	// (Two statements: SQLite reads an index end only for a lone MIN or MAX.)
	var first, last sql.NullInt64
	if err := src.s.sql.QueryRowContext(ctx, "SELECT MIN(created_at) FROM deliveries").Scan(&first); err != nil {
		return nil, "", fmt.Errorf("opendata: distribusi: %w", err)
	}
	if err := src.s.sql.QueryRowContext(ctx, "SELECT MAX(created_at) FROM deliveries").Scan(&last); err != nil {
		return nil, "", fmt.Errorf("opendata: distribusi: %w", err)
	}
	if !first.Valid {
		return nil, "", nil
	}
	lo := max(fromDay, afterDay, (first.Int64/1000+7*3600)/86400)
	end := (last.Int64/1000 + 7*3600) / 86400
	if toDay >= 0 {
		end = min(end, toDay)
	}
	var out []Row
	var next string
	var lastKey [3]string
	for ; lo <= end && next == ""; lo += windowDays {
		hi := min(lo+windowDays-1, end)
		where := []string{"d.created_at >= ?", "d.created_at < ?"}
		args := []any{(lo*86400 - 7*3600) * 1000, ((hi+1)*86400 - 7*3600) * 1000}
		if v := q.Filter["kanal"]; v != "" {
			where = append(where, "c.kind = ?")
			args = append(args, v)
		}
		if v := q.Filter["status"]; v != "" {
			where = append(where, "d.status = ?")
			args = append(args, v)
		}
		query := "SELECT g.day, g.kind, g.status, g.n FROM (SELECT " + wibDay + " AS day, c.kind AS kind, d.status AS status, COUNT(*) AS n " +
			"FROM deliveries d JOIN channels c ON c.id = d.channel_id WHERE " + strings.Join(where, " AND ") +
			" GROUP BY " + wibDay + ", c.kind, d.status) g"
		if after != nil && lo <= afterDay {
			query += " WHERE (g.day > ? OR (g.day = ? AND (g.kind > ? OR (g.kind = ? AND g.status > ?))))"
			args = append(args, afterDay, afterDay, after[1], after[1], after[2])
		}
		query += fmt.Sprintf(" ORDER BY g.day, g.kind, g.status LIMIT %d", q.Limit+1-len(out))
		rows, err := src.s.q(ctx, query, args...)
		if err != nil {
			return nil, "", fmt.Errorf("opendata: distribusi: %w", err)
		}
		for rows.Next() {
			var day, n int64
			var kind, status string
			if err := rows.Scan(&day, &kind, &status, &n); err != nil {
				rows.Close()
				return nil, "", fmt.Errorf("opendata: distribusi: %w", err)
			}
			if len(out) == q.Limit {
				next = encodeCursor(lastKey[:]...)
				break
			}
			out = append(out, Row{dayDate(day), kind, status, n})
			lastKey = [3]string{strconv.FormatInt(day, 10), kind, status}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, "", fmt.Errorf("opendata: distribusi: %w", err)
		}
	}
	return out, next, nil
}

// Modified is when the newest delivery was made, read from the end of the
// created_at index; a status changing later (queued to delivered) follows
// within minutes and is not looked for, as that would scan every row.
func (src distribusiSource) Modified(ctx context.Context) (time.Time, error) {
	var ms sql.NullInt64
	if err := src.s.sql.QueryRowContext(ctx, "SELECT MAX(created_at) FROM deliveries").Scan(&ms); err != nil {
		return time.Time{}, fmt.Errorf("opendata: distribusi modified: %w", err)
	}
	if !ms.Valid {
		return time.Time{}, nil
	}
	return time.UnixMilli(ms.Int64).UTC(), nil
}

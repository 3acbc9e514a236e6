package opendata

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ChartKind is how a statistic is drawn.
type ChartKind string

// Chart kinds: bars for categories, a line for a series over time.
const (
	BarChart  ChartKind = "bar"
	LineChart ChartKind = "line"
)

// Stat is one statistic of /statistik: a chart and the table of the same
// numbers beside it. Compute is nil until the capability that owns the
// numbers registers it; until then, and while it finds nothing, the page
// says "Belum ada data" rather than show made-up numbers.
type Stat struct {
	ID          string // HTML id and cache key: "artikel-per-bulan"
	Group       string // the page section: "Berita", "Distribusi", "Klinik hoaks"
	Title       string
	Description string
	Chart       ChartKind
	LabelHeader string // the table's first column: "Bulan"
	ValueHeader string // the table's second column: "Artikel"
	Dataset     string // slug of the dataset with the full numbers, linked under the chart; may be empty
	Compute     func(ctx context.Context) ([]Point, error)
}

// Point is one bar or one point of a line.
type Point struct {
	Label string
	Value float64
}

// RegisterStat adds a statistic to /statistik, or replaces the one with
// the same ID. The hoax clinic's ("laporan-masuk", "median-waktu-putusan",
// "topik-teratas", "putusan-per-label") are built in, read from its tables.
func (s *Service) RegisterStat(st Stat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.memo != nil {
		s.memo.purge("stat:" + st.ID) // numbers the replaced one computed
	}
	for i := range s.stats {
		if s.stats[i].ID == st.ID {
			if st.Group == "" {
				st.Group = s.stats[i].Group
			}
			s.stats[i] = st
			return
		}
	}
	s.stats = append(s.stats, st)
}

// Stats returns the registered statistics in page order.
func (s *Service) Stats() []Stat {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Stat(nil), s.stats...)
}

// registerStats adds the statistics Warta computes: the newsroom's, the
// dissemination's and the hoax clinic's (stats_klinik.go).
func (s *Service) registerStats() {
	s.RegisterStat(Stat{ID: "artikel-per-bulan", Group: "Berita", Title: "Berita terbit per bulan",
		Description: "Jumlah berita dan informasi resmi yang terbit setiap bulan (WIB), hingga 24 bulan terakhir yang berisi data.",
		Chart:       LineChart, LabelHeader: "Bulan", ValueHeader: "Berita", Dataset: "artikel", Compute: s.articlesPerMonth})
	s.RegisterStat(Stat{ID: "artikel-per-tahapan", Group: "Berita", Title: "Berita per tahapan pemilu",
		Description: "Jumlah berita yang sedang terbit menurut tahapan yang dibahasnya, dalam urutan tahapan.",
		Chart:       BarChart, LabelHeader: "Tahapan", ValueHeader: "Berita", Dataset: "artikel", Compute: s.articlesPerStage})
	s.RegisterStat(Stat{ID: "artikel-per-wilayah", Group: "Berita", Title: "Sepuluh wilayah dengan berita terbanyak",
		Description: "Jumlah berita yang sedang terbit menurut kabupaten/kota (atau provinsi) yang dibahasnya.",
		Chart:       BarChart, LabelHeader: "Wilayah", ValueHeader: "Berita", Dataset: "artikel", Compute: s.articlesPerRegion})
	st := Stat{ID: "distribusi-per-kanal", Group: "Distribusi", Title: "Berita terkirim per jenis kanal",
		Description: "Jumlah pengiriman berita yang diterima kanal (berstatus terkirim), menurut jenis kanal.",
		Chart:       BarChart, LabelHeader: "Kanal", ValueHeader: "Pengiriman", Dataset: "distribusi"}
	if s.deliveriesExist(context.Background()) {
		st.Compute = s.deliveriesPerChannel
	}
	s.RegisterStat(st)
	for _, st := range []Stat{
		{ID: "laporan-masuk", Title: "Laporan masuk ke klinik hoaks", Chart: LineChart, LabelHeader: "Tanggal", ValueHeader: "Laporan",
			Description: "Jumlah laporan warga per hari (WIB) dalam 30 hari terakhir, dari formulir web, WhatsApp, Telegram dan API.",
			Dataset:     "laporan-klinik-hoaks", Compute: s.reportsPerDay},
		{ID: "median-waktu-putusan", Title: "Median waktu hingga putusan", Chart: LineChart, LabelHeader: "Bulan", ValueHeader: "Jam",
			Description: "Median jam dari laporan pertama sebuah klaim hingga dijawab pemeriksa fakta, per bulan, dalam 12 bulan terakhir; klaim yang terjawab otomatis saat laporan masuk tidak dihitung. Target: 24 jam.",
			Dataset:     "waktu-putusan-klinik-hoaks", Compute: s.medianTimeToVerdict},
		{ID: "topik-teratas", Title: "Topik klaim teratas", Chart: BarChart, LabelHeader: "Topik", ValueHeader: "Laporan",
			Description: "Sepuluh topik dengan laporan terbanyak dalam 30 hari terakhir, menurut topik putusan klaimnya; klaim yang belum diputus dihitung tanpa kategori.",
			Dataset:     "laporan-klinik-hoaks", Compute: s.topTopics},
		{ID: "putusan-per-label", Title: "Putusan menurut label", Chart: BarChart, LabelHeader: "Label", ValueHeader: "Putusan",
			Description: "Jumlah putusan cek fakta yang sudah terbit menurut labelnya (HOAKS, DISINFORMASI, MISINFORMASI, FAKTA …), termasuk arsip.",
			Dataset:     "putusan-cek-fakta", Compute: s.verdictsPerLabel},
	} {
		st.Group = "Klinik hoaks"
		s.RegisterStat(st)
	}
}

// articlesPerMonth counts live articles per WIB day, an integer expression
// over the articles_live index that both databases group the same way,
// then sums the days into months.
func (s *Service) articlesPerMonth(ctx context.Context) ([]Point, error) {
	rows, err := s.q(ctx, `SELECT (published_at + 25200) / 86400, COUNT(*) FROM articles
		WHERE status = 'published' AND published_at IS NOT NULL GROUP BY (published_at + 25200) / 86400`)
	if err != nil {
		return nil, fmt.Errorf("opendata: articles per month: %w", err)
	}
	defer rows.Close()
	perMonth := map[int]int64{} // year*12 + month-1
	last := -1
	for rows.Next() {
		var day, n int64
		if err := rows.Scan(&day, &n); err != nil {
			return nil, fmt.Errorf("opendata: articles per month: %w", err)
		}
		t := time.Unix(day*86400, 0).UTC()
		m := t.Year()*12 + int(t.Month()) - 1
		perMonth[m] += n
		last = max(last, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("opendata: articles per month: %w", err)
	}
	if last < 0 {
		return nil, nil
	}
	first := last
	for m := range perMonth {
		first = min(first, m)
	}
	first = max(first, last-23)
	var out []Point
	for m := first; m <= last; m++ {
		out = append(out, Point{monthLabel(m/12, time.Month(m%12+1)), float64(perMonth[m])})
	}
	return out, nil
}

// termCounts counts live articles per section term of one kind, from the
// article_terms section index.
func (s *Service) termCounts(ctx context.Context, kind string) (map[string]int64, error) {
	rows, err := s.q(ctx, "SELECT term, COUNT(*) FROM article_terms WHERE kind = ? AND live_at IS NOT NULL GROUP BY term", kind)
	if err != nil {
		return nil, fmt.Errorf("opendata: count %s: %w", kind, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var term string
		var n int64
		if err := rows.Scan(&term, &n); err != nil {
			return nil, fmt.Errorf("opendata: count %s: %w", kind, err)
		}
		out[term] = n
	}
	return out, rows.Err()
}

func (s *Service) articlesPerStage(ctx context.Context) ([]Point, error) {
	counts, err := s.termCounts(ctx, "tahapan")
	if err != nil {
		return nil, err
	}
	elections, err := s.db.Elections(ctx)
	if err != nil {
		return nil, err
	}
	var out []Point
	for _, e := range elections {
		for _, st := range e.Stages {
			if n := counts[st.Slug]; n > 0 {
				out = append(out, Point{st.Name + " (" + e.Name + ")", float64(n)})
			}
		}
	}
	return out, nil
}

func (s *Service) articlesPerRegion(ctx context.Context) ([]Point, error) {
	counts, err := s.termCounts(ctx, "wilayah")
	if err != nil {
		return nil, err
	}
	regions, err := s.db.Regions(ctx)
	if err != nil {
		return nil, err
	}
	var out []Point
	for _, r := range regions {
		if n := counts[r.Slug]; n > 0 {
			out = append(out, Point{r.Name, float64(n)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value > out[j].Value })
	if len(out) > 10 {
		out = out[:10]
	}
	return out, nil
}

// deliveriesPerChannel counts delivered deliveries per channel from the
// opendata_deliveries_day index alone, then adds channels of the same kind
// together (there are few channels).
func (s *Service) deliveriesPerChannel(ctx context.Context) ([]Point, error) {
	kinds := map[string]string{}
	rows, err := s.q(ctx, "SELECT id, kind FROM channels")
	if err != nil {
		return nil, fmt.Errorf("opendata: channels: %w", err)
	}
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			rows.Close()
			return nil, err
		}
		kinds[id] = kind
	}
	rows.Close()
	// The range on created_at, always true, steers SQLite to the covering
	// (created_at, channel_id, status) index: with "status = 'delivered'"
	// it would take the engine's status index and read every row.
	rows, err = s.q(ctx, "SELECT channel_id, status, COUNT(*) FROM deliveries WHERE created_at >= 0 GROUP BY channel_id, status")
	if err != nil {
		return nil, fmt.Errorf("opendata: deliveries per channel: %w", err)
	}
	defer rows.Close()
	perKind := map[string]int64{}
	for rows.Next() {
		var id, status string
		var n int64
		if err := rows.Scan(&id, &status, &n); err != nil {
			return nil, err
		}
		if status == "delivered" {
			perKind[kinds[id]] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Point
	for k, n := range perKind {
		out = append(out, Point{channelLabel(k), float64(n)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Value != out[j].Value {
			return out[i].Value > out[j].Value
		}
		return out[i].Label < out[j].Label
	})
	return out, nil
}

// channelLabel names a channel kind for readers.
func channelLabel(kind string) string {
	switch kind {
	case "x":
		return "X (Twitter)"
	case "activitypub":
		return "Fediverse (ActivityPub)"
	case "newsletter":
		return "Buletin surel"
	case "websub":
		return "WebSub"
	case "whatsapp":
		return "WhatsApp"
	case "":
		return "Kanal terhapus"
	}
	return strings.ToUpper(kind[:1]) + kind[1:]
}

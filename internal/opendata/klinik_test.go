package opendata_test

import (
	"html"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// day is the date column of a fixture day.
func day(n int) string { return clinicDay(n, 0).Format("2006-01-02") }

// The clinic's report statistics: per WIB day, the claim's region, and its
// public verdict's topic and label, counted from the reports; a verdict
// not published yet labels nothing.
func TestLaporanKlinikDataset(t *testing.T) {
	each(t, 3, func(t *testing.T, e *env) {
		e.seedClinic()
		got := e.csvRows("/data/laporan-klinik-hoaks.csv")
		want := [][]string{
			{"date", "region_code", "topic", "label", "reports"},
			{day(70), "35.78", "", "HOAKS", "1"},
			{day(5), "35.78", "Pemilu", "HOAKS", "3"},
			{day(4), "35.78", "Pemilu", "HOAKS", "2"},
			{day(3), "35.15", "Kesehatan", "DISINFORMASI", "2"},
			{day(2), "35.78", "Pemilu", "FAKTA", "1"},
			{day(1), "", "", "", "1"},
			{day(1), "35.15", "", "", "1"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("laporan-klinik-hoaks:\n got %q\nwant %q", got, want)
		}
		for query, rows := range map[string][][]string{
			"wilayah=kota-surabaya&label=hoaks": {want[1], want[2], want[3]},
			"kategori=Pemilu&dari=" + day(4):    {want[3], want[5]},
			"sampai=" + day(60):                 {want[1]},
			"wilayah=35.15&sampai=" + day(1):    {want[4], want[7]},
		} {
			got := e.csvRows("/data/laporan-klinik-hoaks.csv?" + query)
			if !reflect.DeepEqual(got[1:], rows) {
				t.Errorf("%s:\n got %q\nwant %q", query, got[1:], rows)
			}
		}
		for path, param := range map[string]string{
			"/data/laporan-klinik-hoaks.json?wilayah=atlantis":                               "wilayah",
			"/data/laporan-klinik-hoaks.json?dari=kemarin":                                   "dari",
			"/data/laporan-klinik-hoaks.csv?dari=2024-02-10&sampai=2024-02-01":               "sampai",
			"/data/waktu-putusan-klinik-hoaks.json?sampai=2024-02-30":                        "sampai",
			"/data/putusan-cek-fakta.json?wilayah=35.99":                                     "wilayah",
			"/data/putusan-cek-fakta.json?cursor=WyJ4Il0":                                    "cursor",
			"/data/hasil-lomba.json?lomba=lomba-belum-diumumkan":                             "lomba",
			"/data/laporan-klinik-hoaks.json?cursor=WyJ4IiwiIiwiIiwiIl0":                     "cursor",
			"/data/laporan-klinik-hoaks.json?isi=PESAN":                                      "isi",
			"/data/waktu-putusan-klinik-hoaks.json?cursor=WyJ4Il0&label=HOAKS":               "cursor",
			"/data/hasil-lomba.json?cursor=WyIxIiwiYSIsIngiLCIxIl0":                          "cursor",
			"/data/putusan-cek-fakta.csv?dari=2024-01-01&sampai=2023-12-31&label=HOAKS":      "sampai",
			"/data/laporan-klinik-hoaks.json?limit=0":                                        "limit",
			"/data/putusan-cek-fakta.json?label=HOAKS&kategori=Pemilu&wilayah=kota-atlantis": "wilayah",
		} {
			w := e.get(path)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"parameter":"`+param+`"`) {
				t.Errorf("%s: %d %s", path, w.Code, w.Body.String())
			}
		}
	})
}

// How fast the checkers answered: per day and label, the claims answered
// with a new verdict or a confirmed suggestion, the median hours from the
// first report and those within 24 hours. The claim answered on intake by
// an archived verdict, the open one and the one whose verdict is not
// published yet are not counted.
func TestWaktuPutusanDataset(t *testing.T) {
	each(t, 2, func(t *testing.T, e *env) {
		e.seedClinic()
		got := e.csvRows("/data/waktu-putusan-klinik-hoaks.csv")
		want := [][]string{
			{"date", "label", "claims", "median_hours", "within_24h"},
			{day(70), "HOAKS", "1", "10.0", "1"},
			{day(4), "HOAKS", "3", "18.0", "3"},
			{day(2), "DISINFORMASI", "1", "30.0", "0"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("waktu-putusan-klinik-hoaks:\n got %q\nwant %q", got, want)
		}
		if got := e.csvRows("/data/waktu-putusan-klinik-hoaks.csv?label=hoaks&dari=" + day(10)); !reflect.DeepEqual(got[1:], want[2:3]) {
			t.Errorf("filtered: %q", got)
		}
	})
}

// Published verdicts, newest first, shaped as ClaimReview; the one dated
// in the future is not there.
func TestPutusanCekFaktaDataset(t *testing.T) {
	each(t, 2, func(t *testing.T, e *env) {
		e.seedClinic()
		recs := e.csvRows("/data/putusan-cek-fakta.csv")
		if strings.Join(recs[0], ",") != "id,url,title,label,type,claim_reviewed,claim_author,claim_date,appearance,category,region_code,published_at,source" {
			t.Fatalf("header %q", recs[0])
		}
		var ids []string
		for _, r := range recs[1:] {
			ids = append(ids, r[0])
		}
		if strings.Join(ids, " ") != "V2 V1 V6 V4 V3" {
			t.Fatalf("verdicts %q, want V2 V1 V6 V4 V3 (newest first, none unpublished)", ids)
		}
		v2 := recs[1]
		published := clinicDay(3, 9).Add(30 * time.Hour).Format(time.RFC3339)
		if v2[1] != base+"/berita/cek-fakta-V2" || v2[2] != "Judul putusan V2" || v2[3] != "DISINFORMASI" ||
			v2[5] != "Klaim yang beredar V2" || v2[8] != "https://medsos.example/V2" || v2[9] != "Kesehatan" ||
			v2[10] != "35.15" || v2[11] != published || !strings.HasSuffix(v2[11], "+07:00") || v2[12] != "klinik" {
			t.Errorf("V2 row %q", v2)
		}
		if recs[5][12] != "arsip" {
			t.Errorf("the imported verdict's source: %q", recs[5])
		}
		for query, want := range map[string]string{
			"label=hoaks":                          "V1 V6 V4",
			"kategori=Pemilu&wilayah=35.78":        "V1 V6 V3",
			"dari=" + day(5) + "&sampai=" + day(3): "V1 V6",
			"kategori=Topik+Belum+Terbit":          "",
		} {
			var got []string
			for _, r := range e.csvRows("/data/putusan-cek-fakta.csv?" + query)[1:] {
				got = append(got, r[0])
			}
			if strings.Join(got, " ") != want {
				t.Errorf("%s: %q, want %q", query, got, want)
			}
		}
	})
}

// The clinic's four charts on /statistik, each with the table of the same
// numbers.
func TestStatistikKlinik(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		e.seedClinic()
		page := e.getOK("/statistik").Body.String()
		for _, ds := range []string{"laporan-klinik-hoaks", "waktu-putusan-klinik-hoaks", "putusan-cek-fakta"} {
			if !strings.Contains(page, `<a href="/data/`+ds+`">`) {
				t.Errorf("/statistik does not link the dataset %s", ds)
			}
		}
		sections := statSections(t, page)
		for _, id := range []string{"laporan-masuk", "median-waktu-putusan", "topik-teratas", "putusan-per-label"} {
			s := sections[id]
			if s == nil || s.svg == "" || len(s.table) == 0 {
				t.Errorf("%s: no chart or table: %+v", id, s)
				continue
			}
			wellFormed(t, id, s.svg)
			if !strings.Contains(s.svg, `role="img"`) || !strings.Contains(s.svg, "<title") {
				t.Errorf("%s: chart has no accessible name", id)
			}
			if !equalPairs(s.chart, s.table) {
				t.Errorf("%s: chart %v, table %v", id, s.chart, s.table)
			}
		}
		if got := sections["putusan-per-label"].table; !reflect.DeepEqual(got, []pair{{"HOAKS", "3"}, {"DISINFORMASI", "1"}, {"FAKTA", "1"}}) {
			t.Errorf("putusan-per-label %v", got)
		}
		if got := sections["topik-teratas"].table; !reflect.DeepEqual(got, []pair{{"Pemilu", "6"}, {"Kesehatan", "2"}, {"Tanpa kategori", "2"}}) {
			t.Errorf("topik-teratas %v", got)
		}
		// 30 days, today last; the reports of 70 days ago are outside.
		perDay := sections["laporan-masuk"].table
		if len(perDay) != 30 || perDay[29].label != humanDay(clinicDay(0, 0)) {
			t.Fatalf("laporan-masuk: %d days, last %v", len(perDay), perDay[len(perDay)-1])
		}
		for i, p := range perDay {
			n := map[int]string{5: "3", 4: "2", 3: "2", 2: "1", 1: "2"}[29-i]
			if n == "" {
				n = "0"
			}
			if p.label != humanDay(clinicDay(29-i, 0)) || p.value != n {
				t.Errorf("laporan-masuk day %d: %v, want %s", 29-i, p, n)
			}
		}
		// Median hours per month, over the claims checkers answered in the
		// last 12 months, oldest month first.
		answered := map[int][]float64{}
		for at, h := range map[time.Time]float64{clinicDay(5, 9).Add(20 * time.Hour): 20, clinicDay(3, 9).Add(30 * time.Hour): 30,
			clinicDay(70, 19): 10, clinicDay(5, 6).Add(18 * time.Hour): 18, clinicDay(4, 20): 8} {
			m := at.Year()*12 + int(at.Month()) - 1
			answered[m] = append(answered[m], h)
		}
		var keys []int
		for m := range answered {
			keys = append(keys, m)
		}
		sort.Ints(keys)
		var want []pair
		for _, m := range keys {
			want = append(want, pair{indonesianMonths[m%12] + " " + strconv.Itoa(m/12), medianText(answered[m])})
		}
		if got := sections["median-waktu-putusan"].table; !reflect.DeepEqual(got, want) {
			t.Errorf("median-waktu-putusan %v, want %v", got, want)
		}
	})
}

// humanDay prints a day as /statistik does: "14 Februari 2024".
func humanDay(t time.Time) string {
	t = t.In(warta.Jakarta)
	return strconv.Itoa(t.Day()) + " " + indonesianMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

var indonesianMonths = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
	"September", "Oktober", "November", "Desember"}

// medianText is the median of a few hours, printed the Indonesian way.
func medianText(h []float64) string {
	s := append([]float64(nil), h...)
	sort.Float64s(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return strings.Replace(strconv.FormatFloat(m, 'f', -1, 64), ".", ",", 1)
}

// With nothing in the clinic's or the contests' tables, their datasets
// and charts say there is no data yet, and the downloads are valid and
// empty.
func TestClinicAndContestsEmpty(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		for _, slug := range []string{"putusan-cek-fakta", "laporan-klinik-hoaks", "waktu-putusan-klinik-hoaks", "hasil-lomba"} {
			page := html.UnescapeString(e.getOK("/data/" + slug).Body.String())
			if !strings.Contains(page, "Belum ada data") || !strings.Contains(page, "Kamus data") ||
				!strings.Contains(page, "https://creativecommons.org/licenses/by/4.0/") {
				t.Errorf("/data/%s does not say there is no data yet", slug)
			}
			if recs := e.csvRows("/data/" + slug + ".csv"); len(recs) != 1 || len(recs[0]) < 4 {
				t.Errorf("%s.csv: %q, want the header alone", slug, recs)
			}
			if body := e.getOK("/data/" + slug + ".json").Body.String(); !strings.Contains(body, `"count":0,"rows":[]`) ||
				!strings.Contains(body, `"next":null`) {
				t.Errorf("%s.json: %s", slug, body)
			}
		}
		sections := statSections(t, e.getOK("/statistik").Body.String())
		for _, id := range []string{"laporan-masuk", "median-waktu-putusan", "topik-teratas", "putusan-per-label"} {
			if s := sections[id]; s == nil || s.svg != "" || len(s.table) != 0 || !strings.Contains(s.text, "Belum ada data") {
				t.Errorf("%s: want \"Belum ada data\", got %+v", id, s)
			}
		}
	})
}

// Nothing personal, and nothing not public yet, reaches any public output:
// every dataset's page, CSV and JSON, the catalog, DCAT, CKAN and
// /statistik.
func TestNoPersonalData(t *testing.T) {
	each(t, 4, func(t *testing.T, e *env) {
		e.seedClinic()
		e.seedLomba()
		paths := []string{"/data", "/data/catalog.jsonld", "/statistik", "/api/3/action/package_list", "/api/3/action/package_search?rows=100"}
		for _, slug := range []string{"putusan-cek-fakta", "laporan-klinik-hoaks", "waktu-putusan-klinik-hoaks", "hasil-lomba", "artikel"} {
			paths = append(paths, "/data/"+slug, "/data/"+slug+".csv", "/data/"+slug+".json?limit=1000",
				"/api/3/action/package_show?id="+slug)
		}
		for _, p := range paths {
			body := html.UnescapeString(e.getOK(p).Body.String())
			for _, s := range private {
				if strings.Contains(body, s) {
					t.Errorf("%s shows %q", p, s)
				}
			}
		}
	})
}

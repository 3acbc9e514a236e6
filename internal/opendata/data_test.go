package opendata_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/opendata"
)

// tpsV1 is a good TPS file: comma separated, a kecamatan code and a
// kab/kota code, Indonesian thousands in one number.
const tpsV1 = "kode_wilayah,kecamatan,jumlah_tps,jumlah_pemilih\r\n" +
	"35.78.01,Karang Pilang,180,\"55.871\"\r\n" +
	"35.78.02,Jambangan,140,41230\r\n" +
	"35.15,\"Sidoarjo, seluruh kecamatan\",4210,1500000\r\n"

// Every dataset's JSON pages, followed to the end, give the very rows of
// its CSV: same header, values and order. The CSV is read in batches of 7
// and the JSON in pages of 5, so both cross many keyset boundaries,
// including articles published in the same second.
func TestJSONAndCSVAgree(t *testing.T) {
	each(t, 7, func(t *testing.T, e *env) {
		e.publish(newTPS("tps-kecamatan"), "tps.csv", tpsV1)
		e.seedClinic()
		e.seedLomba()
		wantRows := map[string]int{"tahapan": 31, "wilayah": 39, "artikel": 24, "distribusi": -1, "tps-kecamatan": 3,
			"putusan-cek-fakta": 5, "laporan-klinik-hoaks": 7, "waktu-putusan-klinik-hoaks": 3, "hasil-lomba": 7}
		for slug, want := range wantRows {
			for _, filter := range []string{"", filterFor(slug)} {
				csvPath, jsonPath := "/data/"+slug+".csv", "/data/"+slug+".json?limit=5"
				if filter != "" {
					csvPath += "?" + filter
					jsonPath += "&" + filter
				}
				fromCSV, fromJSON := e.csvRows(csvPath), e.jsonRows(jsonPath)
				if !reflect.DeepEqual(fromCSV, fromJSON) {
					t.Fatalf("%s: CSV and JSON differ\nCSV:  %q\nJSON: %q", csvPath, fromCSV, fromJSON)
				}
				if filter == "" && want >= 0 && len(fromCSV)-1 != want {
					t.Errorf("%s: %d rows, want %d", csvPath, len(fromCSV)-1, want)
				}
				if len(fromCSV) < 2 {
					t.Errorf("%s: no rows", csvPath)
				}
			}
		}
	})
}

// filterFor is a filter of the dataset that keeps some rows.
func filterFor(slug string) string {
	switch slug {
	case "tahapan":
		return "pemilu=pilkada-2024"
	case "wilayah":
		return "jenis=kota"
	case "artikel":
		return "wilayah=35.78&tahapan=pemilu-2024-kampanye&dari=2024-01-20&sampai=2024-02-20"
	case "distribusi":
		return "kanal=telegram&status=delivered"
	case "putusan-cek-fakta":
		return "label=hoaks&wilayah=35.78"
	case "laporan-klinik-hoaks":
		return "wilayah=kota-surabaya&kategori=Pemilu"
	case "waktu-putusan-klinik-hoaks":
		return "label=HOAKS"
	case "hasil-lomba":
		return "kategori=poster"
	}
	return "wilayah=35.78"
}

// The artikel dataset is the live articles, newest first (ties by ID), with
// their metadata and nothing of drafts; filters narrow it.
func TestArtikelRows(t *testing.T) {
	each(t, 5, func(t *testing.T, e *env) {
		recs := e.csvRows("/data/artikel.csv")
		header := strings.Join(recs[0], ",")
		if header != "id,url,title,published_at,updated_at,agency,agency_name,regions,stages,tags" {
			t.Fatalf("header %s", header)
		}
		type key struct{ at, id string }
		var want []key
		for _, a := range e.live {
			want = append(want, key{a.PublishedAt.Format(time.RFC3339), a.ID})
		}
		sort.Slice(want, func(i, j int) bool {
			if want[i].at != want[j].at {
				return want[i].at > want[j].at
			}
			return want[i].id > want[j].id
		})
		for i, rec := range recs[1:] {
			if rec[0] != want[i].id {
				t.Fatalf("row %d: id %s, want %s", i+1, rec[0], want[i].id)
			}
			if strings.Contains(rec[2], "Draf") {
				t.Errorf("a draft is in the dataset: %q", rec)
			}
		}
		first := recs[1]
		if !strings.HasPrefix(first[1], base+"/berita/2024/02/") || !strings.HasSuffix(first[3], "+07:00") {
			t.Errorf("url or time: %q", first)
		}
		for _, rec := range e.csvRows("/data/artikel.csv?wilayah=kota-surabaya&sumber=bawaslu-jatim") {
			if rec[0] == "id" {
				continue
			}
			if !strings.Contains(rec[7], "35.78") || rec[5] != "bawaslu-jatim" || rec[6] != "Bawaslu Provinsi Jawa Timur" {
				t.Errorf("filter kept %q", rec)
			}
		}
	})
}

// Bad parameters are refused with a message naming the parameter, before
// any row is written.
func TestBadParameters(t *testing.T) {
	each(t, 5, func(t *testing.T, e *env) {
		for path, param := range map[string]string{
			"/data/artikel.csv?wilayah=atlantis":      "wilayah",
			"/data/artikel.json?dari=14-02-2024":      "dari",
			"/data/artikel.json?limit=5000":           "limit",
			"/data/artikel.json?cursor=bukan-cursor":  "cursor",
			"/data/artikel.csv?wilyah=35.78":          "wilyah",
			"/data/tahapan.json?versi=2":              "versi",
			"/data/distribusi.json?sampai=2024-13-01": "sampai",
		} {
			w := e.get(path)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"parameter":"`+param+`"`) {
				t.Errorf("%s: %d %s", path, w.Code, w.Body.String())
			}
		}
		if w := e.get("/data/tidak-ada.csv"); w.Code != http.StatusNotFound {
			t.Errorf("unknown dataset CSV: %d", w.Code)
		}
		if w := e.get("/data/tidak-ada"); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "site-header") {
			t.Errorf("unknown dataset page: %d, want the portal's 404 page", w.Code)
		}
	})
}

// flushCounter is a ResponseWriter that counts flushes: a streamed
// download flushes once per batch.
type flushCounter struct {
	*httptest.ResponseRecorder
	flushes int
}

func (f *flushCounter) Flush() { f.flushes++; f.ResponseRecorder.Flush() }

// A CSV of a few thousand rows is read and written in batches, each
// flushed, and parses as RFC 4180 with every row in order.
func TestCSVStreamsInBatches(t *testing.T) {
	each(t, 100, func(t *testing.T, e *env) {
		var b strings.Builder
		b.WriteString("kode_wilayah,kecamatan,jumlah_tps,jumlah_pemilih\n")
		const n = 3000
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "35.78.%d,\"Kecamatan %d, \"\"uji\"\"\",%d,%d\n", i, i, i%200, i*37)
		}
		e.publish(newTPS("tps-besar"), "besar.csv", b.String())
		w := &flushCounter{ResponseRecorder: httptest.NewRecorder()}
		e.mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/data/tps-besar.csv", nil))
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
		if w.flushes < n/100 {
			t.Errorf("%d flushes for %d rows in batches of 100: not streamed", w.flushes, n)
		}
		h := w.Header()
		if h.Get("Content-Disposition") != `attachment; filename="warta-tps-besar-versi-1.csv"` ||
			!strings.HasPrefix(h.Get("Content-Type"), "text/csv; charset=utf-8") || h.Get("Cache-Control") == "" {
			t.Errorf("headers %v", h)
		}
		if !strings.Contains(w.Body.String(), "\r\n") {
			t.Error("lines do not end in CRLF (RFC 4180)")
		}
		recs, err := csv.NewReader(w.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != n+1 {
			t.Fatalf("%d records, want %d", len(recs), n+1)
		}
		for i, rec := range recs[1:] {
			want := []string{fmt.Sprintf("35.78.%d", i+1), fmt.Sprintf("Kecamatan %d, \"uji\"", i+1), fmt.Sprint((i + 1) % 200), fmt.Sprint((i + 1) * 37)}
			if !reflect.DeepEqual(rec, want) {
				t.Fatalf("row %d: %q, want %q", i+1, rec, want)
			}
		}
		if !opendata.Uncached("/data/tps-besar.csv") || !opendata.Uncached("/data/artikel.json") ||
			opendata.Uncached("/data/catalog.jsonld") || opendata.Uncached("/data/artikel") || opendata.Uncached("/statistik") {
			t.Error("Uncached must name CSV downloads and JSON pages only")
		}
	})
}

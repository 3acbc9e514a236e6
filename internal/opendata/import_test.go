package opendata_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/opendata"
)

// badTPS has one problem per row, semicolon separated as Indonesian
// spreadsheets write it.
const badTPS = "kode_wilayah;kecamatan;jumlah_tps;jumlah_pemilih\n" +
	"35.78.01;Karang Pilang;180;55871\n" + // 2: good
	"35.78.02;Jambangan;dua belas;41230\n" + // 3
	"35.99.01;Entah;10;100\n" + // 4
	"35.78.01;Karang Pilang lagi;5;100\n" + // 5
	"35.78.04;;-3;100\n" + // 6
	"35.78.05;Sawahan;12\n" // 7

var badTPSErrors = []string{
	`Baris 3, kolom jumlah_tps: "dua belas" bukan bilangan bulat.`,
	`Baris 4, kolom kode_wilayah: "35.99.01" bukan kode wilayah Kemendagri di Jawa Timur yang dikenal`,
	`Baris 5: kode_wilayah "35.78.01" sudah dipakai di baris 2.`,
	`Baris 6, kolom kecamatan: wajib diisi.`,
	`Baris 6, kolom jumlah_tps: "-3" tidak boleh negatif.`,
	`Baris 7: berisi 3 kolom, seharusnya 4 seperti baris judul.`,
}

// tables are everything an import may write.
var tables = []string{"opendata_datasets", "opendata_versions", "opendata_rows", "opendata_uploads", "audit_log"}

func (e *env) counts() []int {
	var out []int
	for _, t := range tables {
		out = append(out, e.count(t))
	}
	return out
}

// A file with bad rows is refused with every error at its row, shows the
// first rows, and changes nothing: not for a new dataset, not for a new
// version of one.
func TestImportBadFileChangesNothing(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		before := e.counts()
		w := e.upload("admin", newTPS("tps-kecamatan"), "tps.csv", badTPS)
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad file: %d", w.Code)
		}
		page := html.UnescapeString(w.Body.String())
		for _, msg := range badTPSErrors {
			if !strings.Contains(page, msg) {
				t.Errorf("report lacks %q", msg)
			}
		}
		if !strings.Contains(page, "6 galat") || !strings.Contains(page, "<mark>dua belas</mark>") {
			t.Errorf("report: no count or no marked cell\n%s", page)
		}
		if after := e.counts(); !reflect.DeepEqual(before, after) {
			t.Errorf("a refused file changed %v: %v → %v", tables, before, after)
		}

		// Header problems: a missing and an unknown column.
		w = e.upload("admin", newTPS("tps-kecamatan"), "tps.csv", "kode_wilayah,kecamatan,jumlah_tps,catatan\n35.78.01,A,1,x\n")
		page = html.UnescapeString(w.Body.String())
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(page, `Baris 1: kolom "jumlah_pemilih" tidak ada.`) ||
			!strings.Contains(page, `Baris 1: kolom "catatan" tidak ada dalam skema "TPS per kecamatan".`) {
			t.Errorf("header errors: %d\n%s", w.Code, page)
		}
		// Not UTF-8 (Windows-1252 from an old spreadsheet).
		w = e.upload("admin", newTPS("tps-kecamatan"), "tps.csv", "kode_wilayah,kecamatan,jumlah_tps,jumlah_pemilih\n35.78.01,Pacar Kel\xe9ling,1,2\n")
		if page = html.UnescapeString(w.Body.String()); !strings.Contains(page, "Baris 2: berkas bukan teks UTF-8.") {
			t.Errorf("not UTF-8: %d\n%s", w.Code, page)
		}
		// The form's own fields.
		w = e.upload("admin", map[string]string{"schema": "tps-kecamatan"}, "", "")
		page = html.UnescapeString(w.Body.String())
		for _, msg := range []string{"Judul dataset wajib diisi.", "Pilih instansi penerbit.", "Pilih berkas CSV"} {
			if !strings.Contains(page, msg) {
				t.Errorf("form errors lack %q", msg)
			}
		}
		if after := e.counts(); !reflect.DeepEqual(before, after) {
			t.Errorf("refused forms changed %v: %v → %v", tables, before, after)
		}

		// A bad second version leaves the first as it was.
		e.publish(newTPS("tps-kecamatan"), "tps.csv", tpsV1)
		v1 := e.csvRows("/data/tps-kecamatan.csv")
		before = e.counts()
		w = e.upload("admin", map[string]string{"dataset": "tps-kecamatan", "schema": "tps-kecamatan"}, "tps2.csv", badTPS)
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("bad second version: %d", w.Code)
		}
		if after := e.counts(); !reflect.DeepEqual(before, after) {
			t.Errorf("a refused version changed %v: %v → %v", tables, before, after)
		}
		if got := e.csvRows("/data/tps-kecamatan.csv"); !reflect.DeepEqual(got, v1) {
			t.Errorf("the dataset changed: %q", got)
		}
	})
}

// A good file becomes a new version; the old one stays downloadable.
func TestImportNewVersion(t *testing.T) {
	each(t, 2, func(t *testing.T, e *env) {
		e.publish(newTPS("tps-kecamatan"), "tps.csv", tpsV1)
		v1 := e.csvRows("/data/tps-kecamatan.csv")
		want1 := [][]string{{"kode_wilayah", "kecamatan", "jumlah_tps", "jumlah_pemilih"},
			{"35.78.01", "Karang Pilang", "180", "55871"}, {"35.78.02", "Jambangan", "140", "41230"},
			{"35.15", "Sidoarjo, seluruh kecamatan", "4210", "1500000"}}
		if !reflect.DeepEqual(v1, want1) {
			t.Fatalf("version 1: %q", v1)
		}
		purged := e.purged

		// Version 2: a BOM, semicolons, columns in another order.
		v2file := "\ufeffkecamatan;kode_wilayah;jumlah_pemilih;jumlah_tps\r\nBenowo;35.78.20;50.210;150\r\n"
		e.publish(map[string]string{"dataset": "tps-kecamatan", "schema": "tps-kecamatan", "note": "Pleno 20 September"}, "tps-v2.csv", v2file)
		want2 := [][]string{{"kode_wilayah", "kecamatan", "jumlah_tps", "jumlah_pemilih"}, {"35.78.20", "Benowo", "150", "50210"}}
		if got := e.csvRows("/data/tps-kecamatan.csv"); !reflect.DeepEqual(got, want2) {
			t.Errorf("latest: %q", got)
		}
		if got := e.csvRows("/data/tps-kecamatan.csv?versi=2"); !reflect.DeepEqual(got, want2) {
			t.Errorf("versi=2: %q", got)
		}
		if got := e.csvRows("/data/tps-kecamatan.csv?versi=1"); !reflect.DeepEqual(got, want1) {
			t.Errorf("versi=1 after version 2: %q", got)
		}
		if got := e.jsonRows("/data/tps-kecamatan.json?versi=1&limit=1"); !reflect.DeepEqual(got, want1) {
			t.Errorf("JSON versi=1: %q", got)
		}
		if w := e.get("/data/tps-kecamatan.csv?versi=3"); w.Code != http.StatusNotFound {
			t.Errorf("versi=3: %d", w.Code)
		}
		if e.purged <= purged {
			t.Error("publishing did not purge the page cache")
		}
		page := html.UnescapeString(e.getOK("/data/tps-kecamatan").Body.String())
		for _, s := range []string{"/data/tps-kecamatan.csv?versi=1", "/data/tps-kecamatan.csv?versi=2", "Pleno 20 September",
			"jumlah_pemilih", "KPU Provinsi Jawa Timur", "CC BY 4.0"} {
			if !strings.Contains(page, s) {
				t.Errorf("dataset page lacks %q", s)
			}
		}
		if e.count("audit_log") != 2 {
			t.Errorf("%d audit entries for two publications", e.count("audit_log"))
		}
	})
}

// Only administrators import; a second publication of the same new slug,
// checked before the first was published, fails whole.
func TestImportAccessAndConflicts(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		if w := e.get("/studio/data/impor"); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/studio/login?") {
			t.Errorf("signed out: %d %s", w.Code, w.Header().Get("Location"))
		}
		if w := e.do(withUser(httptest.NewRequest(http.MethodGet, "/studio/data", nil), "editor")); w.Code != http.StatusForbidden {
			t.Errorf("editor: %d", w.Code)
		}
		if w := e.upload("editor", newTPS("x"), "tps.csv", tpsV1); w.Code != http.StatusForbidden || e.count("opendata_uploads") != 0 {
			t.Errorf("editor upload: %d", w.Code)
		}
		if w := e.do(withUser(httptest.NewRequest(http.MethodGet, "/studio/data/impor", nil), "admin")); w.Code != http.StatusOK ||
			w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("admin form: %d %v", w.Code, w.Header())
		}
		if w := e.upload("admin", newTPS("artikel"), "tps.csv", tpsV1); w.Code != http.StatusUnprocessableEntity {
			t.Errorf("a built-in dataset's slug: %d", w.Code)
		}

		first := e.upload("admin", newTPS("tps"), "a.csv", tpsV1).Header().Get("Location")
		second := e.upload("admin", newTPS("tps"), "b.csv", tpsV1+"35.78.09,Tambahan,1,1\n").Header().Get("Location")
		if first == "" || second == "" {
			t.Fatal("uploads not kept")
		}
		if w := e.post("admin", first+"/terbitkan"); w.Code != http.StatusSeeOther {
			t.Fatalf("first: %d", w.Code)
		}
		before := e.counts()
		w := e.post("admin", second+"/terbitkan")
		if w.Code != http.StatusConflict || !strings.Contains(html.UnescapeString(w.Body.String()), `Slug "tps" sudah dipakai`) {
			t.Errorf("second: %d\n%s", w.Code, w.Body.String())
		}
		if after := e.counts(); !reflect.DeepEqual(before, after) {
			t.Errorf("a failed publication changed %v: %v → %v", tables, before, after)
		}
		if w := e.post("admin", second+"/batal"); w.Code != http.StatusSeeOther || e.count("opendata_uploads") != 0 {
			t.Errorf("discard: %d, %d uploads left", w.Code, e.count("opendata_uploads"))
		}
		if w := e.post("admin", first+"/terbitkan"); w.Code != http.StatusNotFound {
			t.Errorf("publishing twice: %d", w.Code)
		}
		list := html.UnescapeString(e.do(withUser(httptest.NewRequest(http.MethodGet, "/studio/data?pesan=diterbitkan&dataset=tps&versi=1", nil), "admin")).Body.String())
		if !strings.Contains(list, "Versi 1 dataset /data/tps diterbitkan.") || !strings.Contains(list, "TPS per kecamatan Pilkada 2024") {
			t.Errorf("studio list:\n%s", list)
		}
	})
}

// A file over the size limit is refused before it is read, and nothing
// is kept.
func TestImportTooBig(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		small, err := opendata.New(opendata.Config{DB: e.db, BaseURL: base, PublicPage: studioFrame, StudioPage: studioFrame,
			Logger: quiet(), MaxUploadBytes: 2048})
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		small.StudioRoutes(mux)
		e.mux = http.NewServeMux()
		e.mux.Handle("/studio/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mux.ServeHTTP(w, r.WithContext(auth.WithUser(r.Context(), e.users["admin"])))
		}))
		for _, size := range []int{3000, 3 << 20} {
			w := e.upload("admin", newTPS("besar"), "besar.csv", tpsV1+strings.Repeat("35.78.01,x,1,1\n", size/15))
			if page := html.UnescapeString(w.Body.String()); w.Code/100 != 4 || !strings.Contains(page, "Berkas lebih besar dari 2 KB.") {
				t.Errorf("%d bytes: %d\n%s", size, w.Code, page)
			}
		}
		if e.count("opendata_uploads") != 0 {
			t.Error("a file over the limit was kept")
		}
	})
}

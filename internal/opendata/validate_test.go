package opendata_test

import (
	"reflect"
	"testing"

	"github.com/kominfo-jatim/warta/internal/opendata"
	"github.com/kominfo-jatim/warta/internal/warta"
)

var testRegions = []warta.Region{
	{Code: "35", Kind: warta.RegionProvinsi}, {Code: "35.15", Kind: warta.RegionKabupaten}, {Code: "35.78", Kind: warta.RegionKota},
}

func errorsOf(c *opendata.Checked) []string {
	var out []string
	for _, e := range c.Errors {
		out = append(out, e.String())
	}
	return out
}

func TestCheckNormalises(t *testing.T) {
	sc, err := opendata.ParseSchema("Uji", `kode region_code kunci | Kode
tanggal date wajib
nilai decimal >=0
jumlah integer
catatan text`)
	if err != nil {
		t.Fatal(err)
	}
	file := "\ufeffKode ; Tanggal;nilai;jumlah;catatan\n" +
		"35;14/2/2024;\"1.234,5\";1.000.000;\"a; b\"\n" +
		"35.78.01.1001;2024-02-14;7;-4;\n" +
		"\n;;;;\n" + // blank lines are skipped
		"35.15.03;2024-11-27;0.5;;\"kata \"\"kutip\"\"\"\n"
	c := opendata.Check([]byte(file), sc, testRegions)
	if !c.OK() {
		t.Fatalf("errors: %q", errorsOf(c))
	}
	want := [][]string{
		{"35", "2024-02-14", "1234.5", "1000000", "a; b"},
		{"35.78.01.1001", "2024-02-14", "7", "-4", ""},
		{"35.15.03", "2024-11-27", "0.5", "", `kata "kutip"`},
	}
	if c.Delimiter != ";" || c.RowCount != 3 || !reflect.DeepEqual(c.Rows, want) {
		t.Errorf("delimiter %q, %d rows: %q", c.Delimiter, c.RowCount, c.Rows)
	}
	if len(c.Preview) != 3 || c.Preview[2].Line != 6 {
		t.Errorf("preview %+v", c.Preview)
	}
}

func TestCheckReportsByRow(t *testing.T) {
	for name, tc := range map[string]struct {
		file string
		want []string
	}{
		"types": {
			"kode_wilayah,kecamatan,jumlah_tps,jumlah_pemilih\n" +
				"35.78.01,A,1,1\n35.78,B,1.5,2\n36.01,C,1,2\n35.78.x,D,1,2\n35,E,1,99999999999999999999\n",
			[]string{
				`Baris 3, kolom jumlah_tps: "1.5" bukan bilangan bulat.`,
				`Baris 4, kolom kode_wilayah: "36.01" bukan kode wilayah Kemendagri di Jawa Timur yang dikenal (contoh: 35.78 atau 35.78.01).`,
				`Baris 5, kolom kode_wilayah: "35.78.x" bukan kode wilayah Kemendagri di Jawa Timur yang dikenal (contoh: 35.78 atau 35.78.01).`,
				`Baris 6, kolom jumlah_pemilih: "99999999999999999999" terlalu besar.`,
			},
		},
		"quotes": {
			"kode_wilayah,kecamatan,jumlah_tps,jumlah_pemilih\n35.78.01,A,1,1\n35.78.02,\"B,1,1\n",
			[]string{`Baris 3: tanda kutip (") tidak seimbang atau salah tempat; sel yang memuat koma, titik koma atau tanda kutip harus diapit tanda kutip.`},
		},
		"empty":       {"", []string{"Berkas kosong: tidak ada baris judul."}},
		"header only": {"kode_wilayah,kecamatan,jumlah_tps,jumlah_pemilih\n", []string{"Berkas tidak berisi baris data di bawah baris judul."}},
		"duplicate column": {
			"kode_wilayah,kecamatan,kecamatan,jumlah_tps,jumlah_pemilih\n",
			[]string{`Baris 1: kolom "kecamatan" muncul dua kali.`},
		},
	} {
		c := opendata.Check([]byte(tc.file), opendata.TPSPerKecamatan, testRegions)
		if got := errorsOf(c); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\ngot  %q\nwant %q", name, got, tc.want)
		}
		if c.Rows != nil {
			t.Errorf("%s: rows kept from a refused file", name)
		}
	}
}

func TestParseSchemaErrors(t *testing.T) {
	for text, want := range map[string]string{
		"":                           "Skema kustom belum berisi kolom.",
		"Kode-Wilayah text":          `Skema baris 1: nama kolom "Kode-Wilayah" hanya boleh huruf kecil, angka dan garis bawah, diawali huruf.`,
		"a text\nb angka":            `Skema baris 2: tipe "angka" tidak dikenal; pilih text, integer, decimal, date atau region_code.`,
		"a text\na integer":          `Skema baris 2: kolom "a" sudah dideklarasikan.`,
		"a text >=0":                 "Skema baris 1: >=0 hanya untuk kolom bilangan.",
		"a text penting":             `Skema baris 1: penanda "penting" tidak dikenal; gunakan wajib, kunci atau >=0.`,
		"jumlah":                     `Skema baris 1: tulis nama kolom lalu tipenya, misalnya "jumlah_tps integer wajib".`,
		"kode region_code kunci | x": "",
	} {
		_, err := opendata.ParseSchema("", text)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

package indonesian

import (
	"strings"
	"testing"
)

func TestStem(t *testing.T) {
	tests := []struct{ word, want string }{
		// The election vocabulary of the brief.
		{"pemilihan", "pilih"}, {"memilih", "pilih"}, {"pemilih", "pilih"},
		{"dipilih", "pilih"}, {"terpilih", "pilih"}, {"pilihan", "pilih"},
		{"pencalonan", "calon"}, {"dicalonkan", "calon"}, {"mencalonkan", "calon"},
		{"kampanye", "kampanye"}, {"berkampanye", "kampanye"},
		{"penghitungan", "hitung"}, {"menghitung", "hitung"}, {"dihitung", "hitung"},
		{"perhitungan", "hitung"}, {"rekapitulasi", "rekapitulasi"},
		{"penetapan", "tetap"}, {"ditetapkan", "tetap"}, {"pemungutan", "pungut"},
		{"pengawasan", "awas"}, {"diawasi", "awas"}, {"mengawasi", "awas"},
		{"pengawas", "awas"}, {"penyelenggara", "selenggara"},
		{"penyelenggaraan", "selenggara"}, {"kecurangan", "curang"},
		{"pemutakhiran", "mutakhir"}, {"pendaftaran", "daftar"}, {"mendaftar", "daftar"},
		{"terdaftar", "daftar"}, {"bukunya", "buku"}, {"bukankah", "bukan"},
		{"beritanya", "berita"}, {"pemberitaan", "berita"}, {"diberitakan", "berita"},
		{"kebijakan", "bijak"}, {"keamanan", "aman"}, {"pelanggaran", "langgar"},
		{"dilanggar", "langgar"}, {"pemerintah", "perintah"}, {"pemerintahan", "perintah"},
		{"memperhatikan", "hati"}, {"pelajar", "ajar"}, {"belajar", "ajar"},
		{"mengajar", "ajar"},
		// meN- and peN- with the initial consonant restored.
		{"menyapu", "sapu"}, {"memukul", "pukul"}, {"menulis", "tulis"},
		{"mengirim", "kirim"}, {"mengambil", "ambil"}, {"penulis", "tulis"},
		// ...and left alone where the root begins with the nasal.
		{"memakan", "makan"}, {"menilai", "nilai"}, {"menyatakan", "nyata"},
		{"pernyataan", "nyata"}, {"memulai", "mulai"}, {"memanfaatkan", "manfaat"},
		{"mengerikan", "ngeri"},
		// Particles, possessives, confixes, stacked prefixes.
		{"bacalah", "baca"}, {"apakah", "apa"}, {"rumahmu", "rumah"},
		{"keputusannya", "putus"}, {"mengetahui", "tahu"}, {"diketahui", "tahu"},
		{"memberikan", "beri"}, {"memberi", "beri"}, {"berupa", "rupa"},
		{"pemberdayaan", "daya"}, {"diperbaiki", "baik"}, {"keberhasilan", "hasil"},
		{"menyelenggarakan", "selenggara"}, {"pengesahan", "sah"}, {"mengecek", "cek"},
		{"bekerja", "kerja"}, {"pekerjaan", "kerja"}, {"kepolisian", "polisi"},
		{"sebaiknya", "baik"}, {"kedua", "dua"},
		// Words the root list alone does not know.
		{"postingan", "posting"}, {"dilansir", "lansir"}, {"menyembuhkan", "sembuh"},
		{"pengungsi", "ungsi"}, {"dihapus", "hapus"}, {"diganti", "ganti"},
		{"mewaspadai", "waspada"}, {"diverifikasi", "verifikasi"},
		{"terinformasi", "informasi"}, {"sosialisasikan", "sosialisasi"},
		{"kesejahteraan", "sejahtera"}, {"penggerebekan", "gerebek"},
		// Roots that look affixed.
		{"berita", "berita"}, {"menteri", "menteri"}, {"pemilu", "pemilu"},
		{"peserta", "peserta"}, {"sekolah", "sekolah"}, {"masalah", "masalah"},
		{"ketua", "ketua"}, {"pesawat", "pesawat"}, {"perempuan", "perempuan"},
		{"keluarga", "keluarga"}, {"kembali", "kembali"}, {"dinas", "dinas"},
		{"bersih", "bersih"}, {"informasi", "informasi"}, {"polisi", "polisi"},
		{"setiawan", "setiawan"}, {"relawan", "relawan"}, {"pakistan", "pakistan"},
		{"alhamdulillah", "alhamdulillah"},
		// Reduplication.
		{"anak-anak", "anak"}, {"berlari-lari", "lari"}, {"kemerah-merahan", "merah"},
		{"sayur-mayur", "sayur-mayur"},
	}
	a := New()
	for _, tt := range tests {
		if got := a.Stem(tt.word); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// Place names of Jawa Timur and others must come through whole, or a search
// for "Kediri" would also find "diri".
func TestStemKeepsNames(t *testing.T) {
	names := []string{
		"surabaya", "jawa", "madura", "malang", "kediri", "banyuwangi", "sidoarjo",
		"gresik", "jember", "pamekasan", "pasuruan", "lamongan", "bangkalan",
		"pacitan", "magetan", "tulungagung", "trenggalek", "bojonegoro",
		"probolinggo", "ponorogo", "mojokerto", "sumenep", "situbondo", "bondowoso",
		"lumajang", "nganjuk", "madiun", "ngawi", "jombang", "tuban", "sampang",
		"blitar", "jakarta", "semarang", "bekasi", "kalimantan", "maluku",
		"indonesia", "perindo", "gerindra", "bawaslu", "pilkada", "dkpp",
		"prabowo", "gibran", "baswedan", "megawati", "khofifah",
	}
	a := New()
	for _, n := range names {
		if got := a.Stem(n); got != n {
			t.Errorf("Stem(%q) = %q, want it unchanged", n, got)
		}
	}
}

// Every affix combination over a set of roots must leave a stem of at least
// three letters, never an empty string, and never touch short words.
func TestStemNeverOverstrips(t *testing.T) {
	a := New()
	for _, w := range []string{"", "a", "di", "ke", "yg", "ber", "men", "kan", "nya"} {
		if got := a.Stem(w); got != w {
			t.Errorf("Stem(%q) = %q, want it unchanged", w, got)
		}
	}
	prefixes := []string{"", "di", "ke", "se", "ber", "ter", "me", "mem", "men", "meng", "meny",
		"pe", "pem", "pen", "peng", "peny", "per", "memper", "diper", "keber"}
	roots := []string{"a", "an", "ada", "kan", "lah", "nya", "i", "ian", "pi", "ang", "ban", "ikan", "ilah"}
	suffixes := []string{"", "i", "an", "kan", "lah", "kah", "nya", "annya", "kanlah", "pun"}
	for _, p := range prefixes {
		for _, r := range roots {
			for _, s := range suffixes {
				w := p + r + s
				got := a.Stem(w)
				if len(w) > 3 && len(got) < 3 {
					t.Errorf("Stem(%q) = %q, shorter than three letters", w, got)
				}
				if len(w) <= 3 && got != w {
					t.Errorf("Stem(%q) = %q, want short word unchanged", w, got)
				}
			}
		}
	}
}

// The embedded lists must be well formed: lowercase a–z words, no word both a
// stop word and a slang source, slang targets already normal.
func TestLexicon(t *testing.T) {
	lx := loadLexicon()
	if n := len(lx.stop); n < 300 {
		t.Errorf("%d stop words, want about 300 or more", n)
	}
	if n := len(lx.slang); n < 120 {
		t.Errorf("%d slang entries, want about 120 or more", n)
	}
	for w := range lx.roots {
		if !isLowerASCII(w) {
			t.Errorf("root %q is not lowercase a–z", w)
		}
	}
	for from, to := range lx.slang {
		if _, ok := lx.stop[from]; ok {
			t.Errorf("slang %q is also a stop word; the stop word would never be seen", from)
		}
		if _, ok := lx.slang[to]; ok {
			t.Errorf("slang %q → %q maps to another slang word", from, to)
		}
		if to == "" || strings.ContainsAny(to, " \t") {
			t.Errorf("slang %q → %q: want one word", from, to)
		}
	}
}

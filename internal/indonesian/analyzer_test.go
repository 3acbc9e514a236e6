package indonesian

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"slang", "yg gak bs dtg ke tps", []string{"tidak", "datang", "tps"}},
		{"more slang", "Sy blm dpt undangan, udh cek DPT online tp gmn?",
			[]string{"belum", "dpt", "undang", "cek", "dpt", "daring"}},
		{"election abbreviations", "KPU, Bawaslu dan DKPP awasi paslon capres-cawapres di TPS",
			[]string{"kpu", "bawaslu", "dkpp", "awas", "paslon", "capres", "cawapres", "tps"}},
		{"stop words only", "yang dan di ke dari untuk dengan ini itu pada adalah akan juga", nil},
		{"stop words with clitics", "Menurutnya, itulah sebabnya siapapun bisa", nil},
		{"negation kept", "Surat suara tidak sah", []string{"surat", "suara", "tidak", "sah"}},
		{"forwarding noise", "‼️SEBARKAN!!! 😡😡 #HoaksPemilu surat suara sdh dicoblos 👉👉 wkwkwk",
			[]string{"hoaks", "pemilu", "surat", "suara", "coblos"}},
		{"styled letters", "𝐇𝐎𝐀𝐊𝐒 ＰＥＭＩＬＵ 🅗🅞🅐🅚🅢 ʜᴏᴀᴋs", []string{"hoaks", "pemilu", "hoaks", "hoaks"}},
		{"diacritics and apostrophes", "Pemilú Jum’at Qur'an", []string{"pemilu", "jumat", "quran"}},
		{"elongation", "bangeeet gaaak bohooong", []string{"banget", "tidak", "bohong"}},
		{"leetspeak", "J0K0WI TERB0NGK4R", []string{"jokowi", "bongkar"}},
		{"numbers", "Rp71 triliun, 70.000 orang, 3,5 persen, COVID-19, Rp4juta",
			[]string{"rp", "71", "triliun", "70000", "orang", "3", "5", "persen", "covid", "19", "rp", "4", "juta"}},
		{"reduplication", "anak-anak bagi-bagi uang, masing-masing berlari-lari, sayur-mayur e-KTP",
			[]string{"anak", "bagi", "uang", "lari", "sayur", "mayur", "ktp"}},
		{"hashtag camel case", "#PemiluDamai2024 @KPU_JatimOfficial",
			[]string{"pemilu", "damai", "2024", "kpu", "jatim", "official"}},
		{"stemming", "Penghitungan suara dan pemungutan suara diawasi pengawas",
			[]string{"hitung", "suara", "pungut", "suara", "awas", "awas"}},
	}
	a := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.Terms(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// Query and document must meet whatever form either is written in.
func TestTermsMatchAcrossForms(t *testing.T) {
	a := New()
	pairs := [][2]string{
		{"pemilihan", "memilih"},
		{"PENCALONAN", "dicalonkan"},
		{"gak terdaftar", "tidak mendaftar"},
		{"pemungutan suara", "Pemungutan Suara"},
		{"hoax", "HOAKS"},
		{"Kediri", "kediri"},
	}
	for _, p := range pairs {
		if x, y := a.Terms(p[0]), a.Terms(p[1]); !slices.Equal(x, y) {
			t.Errorf("Terms(%q) = %q but Terms(%q) = %q", p[0], x, p[1], y)
		}
	}
}

func TestTokensSliceBackToSurface(t *testing.T) {
	a := New()
	texts := []string{
		"Surabaya – KPU Jatim menetapkan hasil rekapitulasi, Minggu (8/12/2024).",
		"anak-anak “Pemilú” Jum’at 𝐇𝐎𝐀𝐊𝐒 #PemiluDamai 70.000 orang 😡 gak",
		"broken \xff\xfe utf-8 \xe2\x82 in the middle\x00of words",
		strings.Repeat("Pemilihan umum. ", 50),
	}
	for _, text := range texts {
		checkTokens(t, a, text)
	}
	toks := a.Tokens("Warga gak bisa datang ke TPS")
	want := []Token{
		{Term: "warga", Surface: "Warga", Start: 0, End: 5},
		{Term: "tidak", Surface: "gak", Start: 6, End: 9},
		{Term: "datang", Surface: "datang", Start: 15, End: 21},
		{Term: "tps", Surface: "TPS", Start: 25, End: 28},
	}
	if !slices.Equal(toks, want) {
		t.Errorf("Tokens = %+v, want %+v", toks, want)
	}
}

// checkTokens asserts what every caller of Tokens relies on.
func checkTokens(t *testing.T, a *Analyzer, text string) {
	t.Helper()
	toks := a.Tokens(text)
	terms := a.Terms(text)
	if len(toks) != len(terms) {
		t.Fatalf("%d tokens but %d terms for %q", len(toks), len(terms), text)
	}
	end := 0
	for i, tok := range toks {
		if tok.Start < end || tok.End <= tok.Start || tok.End > len(text) {
			t.Fatalf("token %d %+v out of order or out of range (len %d)", i, tok, len(text))
		}
		if text[tok.Start:tok.End] != tok.Surface {
			t.Errorf("text[%d:%d] = %q, Surface %q", tok.Start, tok.End, text[tok.Start:tok.End], tok.Surface)
		}
		if tok.Term == "" || tok.Term != terms[i] {
			t.Errorf("token %d term %q, Terms()[%d] = %q", i, tok.Term, i, terms[i])
		}
		if !utf8.ValidString(tok.Term) {
			t.Errorf("token %d term %q is not valid UTF-8", i, tok.Term)
		}
		end = tok.End
	}
}

func TestHostileInput(t *testing.T) {
	a := New()
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		b := make([]byte, rng.Intn(300))
		rng.Read(b)
		checkTokens(t, a, string(b))
		_ = Normalize(string(b))
		_ = Snippet(a, string(b), []string{"pilih"}, 40)
	}

	// A 10,000-character query.
	query := strings.Repeat("pemilihan gak 😡 ", 10000/16)
	if n := utf8.RuneCountInString(query); n < 10000 {
		query += strings.Repeat("x", 10000-n)
	}
	if terms := a.Terms(query); len(terms) == 0 {
		t.Error("no terms from a long query")
	}

	// Beyond MaxInput only the start is analysed.
	long := strings.Repeat("pemilu ", 3*MaxInput/7) + "TERAKHIR"
	toks := a.Tokens(long)
	if last := toks[len(toks)-1]; last.End > MaxInput || last.Term == "akhir" {
		t.Errorf("last token %+v is past MaxInput %d", last, MaxInput)
	}
	// One endless word, and a cut that falls inside a multi-byte rune.
	checkTokens(t, a, strings.Repeat("a", 2*MaxInput))
	checkTokens(t, a, strings.Repeat("é", MaxInput))
}

func TestConcurrentUse(t *testing.T) {
	a := New()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				text := fmt.Sprintf("pemilihan ke-%d di TPS %d, kata%d penghitungan", i, g, i)
				if terms := a.Terms(text); !slices.Contains(terms, "pilih") {
					t.Errorf("Terms(%q) = %q, want pilih", text, terms)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestIsStopWord(t *testing.T) {
	for _, w := range []string{"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu",
		"pada", "adalah", "akan", "juga", "sebarkan", "ujarnya", "menurutnya", "itulah"} {
		if !IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = false", w)
		}
	}
	for _, w := range []string{"tidak", "bukan", "belum", "pemilu", "kpu", "yg", "hoaks", "sekolah", "masalah"} {
		if IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = true", w)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"anak-anak", "J0K0WI", "#PemiluDamai", "70.000", "\xff-\xfe", "a-", "-a", "Rp4juta", "é́"} {
		f.Add(s)
	}
	a := New()
	f.Fuzz(func(t *testing.T, text string) {
		checkTokens(t, a, text)
		if !utf8.ValidString(Normalize(text)) {
			t.Errorf("Normalize(%q) is not valid UTF-8", text)
		}
	})
}

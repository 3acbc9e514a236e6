package match

import (
	"slices"
	"testing"
)

func TestAnalyzeNumbers(t *testing.T) {
	cases := []struct {
		text string
		want []string // terms that must be present
		not  []string // terms that must be absent
	}{
		// decimals keep their fraction, written with a comma either way
		{"Gempa Magnitudo 9,5 Guncang Maluku", []string{"9,5"}, []string{"9", "5"}},
		{"GEMPA 9.5 SR", []string{"9,5"}, nil},
		{"gempa 5,0 SR", []string{"5"}, []string{"5,0"}},
		{"inflasi 10,50 persen", []string{"10,5"}, nil},
		// thousands separators still join
		{"Rp 30.000 untuk semua", []string{"30000"}, nil},
		{"35.000.000", []string{"35", "juta"}, nil},
		// single digits count, leading zeros do not, phone numbers keep theirs
		{"paslon 02 curang", []string{"2"}, []string{"02"}},
		{"nomor urut 1", []string{"1"}, nil},
		{"hubungi 0812 3456", []string{"0812"}, nil},
	}
	for _, c := range cases {
		terms := analyze(c.text).terms
		for _, w := range c.want {
			if !slices.Contains(terms, w) {
				t.Errorf("%q: terms %v lack %q", c.text, terms, w)
			}
		}
		for _, w := range c.not {
			if slices.Contains(terms, w) {
				t.Errorf("%q: terms %v hold %q", c.text, terms, w)
			}
		}
	}
}

func TestAnalyzeLeetspeak(t *testing.T) {
	for in, plain := range map[string]string{
		"GIBR4N G4G4L DIL4NTIK":         "gibran gagal dilantik",
		"J0K0WI PASR4H masuk penjara":   "jokowi pasrah masuk penjara",
		"terlibat k45us pencuc1an uang": "terlibat kasus pencucian uang",
		"tentara mem8unuh warga g4z4":   "tentara membunuh warga gaza",
		"poli5i dirin9ku5 artis":        "polisi diringkus artis",
	} {
		if got, want := analyze(in).terms, analyze(plain).terms; !slices.Equal(got, want) {
			t.Errorf("%q: terms %v, want %v", in, got, want)
		}
	}
	// numbers glued to words are not letters
	for in, want := range map[string][]string{
		"vaksin covid19":  {"covid", "19"},
		"bayar rp71 ribu": {"rupiah", "71"},
		"HUT RI ke79":     {"79"},
		"timnas u23":      {"23"},
		"cuma rp50rb":     {"rupiah", "50", "ribu"},
		"bagi rp10jt":     {"10", "juta"},
	} {
		terms := analyze(in).terms
		for _, w := range want {
			if !slices.Contains(terms, w) {
				t.Errorf("%q: terms %v lack %q", in, terms, w)
			}
		}
	}
}

// TestMatchNumbersLeetAndGluedWords checks that the analysis above decides
// which verdict a report is about. Each decoy is added first, so that a tie
// would go its way.
func TestMatchNumbersLeetAndGluedWords(t *testing.T) {
	ix := NewIndex(Options{})
	for _, d := range []Doc{
		{ID: "m62", Title: "[HOAKS] Gempa Magnitudo 6,2 Guncang Maluku"},
		{ID: "m95", Title: "[HOAKS] Gempa Magnitudo 9,5 Guncang Maluku"},
		{ID: "p1", Title: "[HOAKS] Paslon Nomor Urut 1 Didiskualifikasi KPU"},
		{ID: "p2", Title: "[HOAKS] Paslon Nomor Urut 2 Didiskualifikasi KPU"},
		{ID: "wapres", Title: "[HOAKS] Anies Dilantik Jadi Wapres"},
		{ID: "gagal", Title: "[HOAKS] Gibran Gagal Dilantik karena Anies"},
		{ID: "hasil", Title: "[HOAKS] Warga Tolak Hasil Pilkada"},
		{ID: "ulang", Title: "[HOAKS] Warga Sampang Tolak Pemilu Ulang"},
	} {
		ix.Add(d)
	}
	for q, want := range map[string]string{
		"BARU SAJA GEMPA 9.5 SR GUNCANG MALUKU!!": "m95",
		"paslon 02 didiskualifikasi kpu":          "p2",
		"GIBR4N G4G4L DIL4NTIK KARENA ANIES":      "gagal",
		"turun ke jalan #tolakpemiluulang":        "ulang",
	} {
		if m := top(t, ix, Query{Text: q}); m.ID != want {
			t.Errorf("%q: got %+v, want %s", q, m, want)
		}
	}
}

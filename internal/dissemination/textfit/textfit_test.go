package textfit

import (
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestHashtag(t *testing.T) {
	for in, want := range map[string]string{
		"Pemilu Jatim":    "#PemiluJatim",
		"kota surabaya":   "#KotaSurabaya",
		"KPU Jatim":       "#KPUJatim",
		"Pilkada-2024!":   "#Pilkada2024",
		"#cek fakta":      "#CekFakta",
		"2024":            "",
		"  ":              "",
		"Jum'at berkah":   "#JumAtBerkah",
		"Daftar Pemilih ": "#DaftarPemilih",
	} {
		if got := Hashtag(in); got != want {
			t.Errorf("Hashtag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHashtagsFromTagsAndRegions(t *testing.T) {
	a := &warta.Article{
		Tags: []warta.Tag{{Name: "Pemilu Jatim"}, {Name: "pemilu jatim"}, {Name: "2024"}, {Name: "Kota Surabaya"}},
		Regions: []warta.Region{
			{Name: "Kota Surabaya", Kind: warta.RegionKota},
			{Name: "Provinsi Jawa Timur", Kind: warta.RegionProvinsi},
		},
	}
	got := strings.Join(Hashtags(a, 0), " ")
	if want := "#PemiluJatim #KotaSurabaya #JawaTimur"; got != want {
		t.Errorf("Hashtags = %q, want %q", got, want)
	}
	if got := Hashtags(a, 2); len(got) != 2 {
		t.Errorf("Hashtags(max 2) = %v", got)
	}
}

func TestXWeighted(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"Halo Surabaya", 13},
		{"https://warta.jatimprov.go.id/berita/2024/02/14/sangat-panjang-sekali-judulnya", 23},
		{"Baca https://a.id/x", 5 + 23},
		{"日本", 4},      // CJK weighs 2
		{"👍🏽", 2},      // emoji with skin tone: one emoji
		{"👨‍👩‍👧", 2},   // ZWJ family
		{"🇮🇩", 2},      // flag
		{"1️⃣", 2},     // keycap
		{"…", 2},       // outside the light ranges
		{"a–b", 3},     // en dash is light
		{"e\u0301", 1}, // NFC: é
		{"lihat kpu.go.id", 6 + 23},
	} {
		if got := XWeighted(tc.in); got != tc.want {
			t.Errorf("XWeighted(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestMastodonAndUTF16(t *testing.T) {
	count := Mastodon(23)
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"Halo", 4},
		{"👨‍👩‍👧", 1},
		{"e\u0301", 1},
		{"Baca https://warta.example/berita/2024/02/14/panjang-sekali", 5 + 23},
	} {
		if got := count(tc.in); got != tc.want {
			t.Errorf("Mastodon(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	if got := Mastodon(30)("https://a.id"); got != 30 {
		t.Errorf("Mastodon with 30 per URL = %d", got)
	}
	if got := UTF16("a😀"); got != 3 {
		t.Errorf("UTF16 = %d, want 3", got)
	}
}

func xCompose(p Parts) (string, int) {
	s := Join(p.Title, p.Body, p.URL, p.Tags)
	return s, XWeighted(s)
}

const url = "https://warta.example.go.id/berita/2024/02/14/rekapitulasi-suara-tingkat-provinsi-dimulai-hari-ini"

func TestFitKeepsEverythingThatFits(t *testing.T) {
	p := Parts{Title: "Rekapitulasi dimulai", Body: "KPU Jatim membuka rapat pleno.", URL: url, Tags: []string{"#PemiluJatim"}}
	r := Fit(p, 280, xCompose)
	if r.Cut || r.Dropped != 0 || len(r.Warnings(280, "karakter")) != 0 {
		t.Fatalf("nothing should be cut: %+v", r)
	}
	want := "Rekapitulasi dimulai\n\nKPU Jatim membuka rapat pleno.\n\n" + url + "\n\n#PemiluJatim"
	if r.Text != want {
		t.Errorf("text = %q, want %q", r.Text, want)
	}
}

func TestFitCutsBodyAtWordBoundaryAndKeepsLink(t *testing.T) {
	body := strings.Repeat("Komisi Pemilihan Umum Provinsi Jawa Timur menggelar rapat pleno terbuka. ", 8)
	p := Parts{Title: "Rekapitulasi suara tingkat provinsi dimulai hari ini", Body: body, URL: url, Tags: []string{"#PemiluJatim", "#KotaSurabaya"}}
	r := Fit(p, 280, xCompose)
	if r.Length > 280 || XWeighted(r.Text) != r.Length {
		t.Fatalf("length %d (recount %d) over 280", r.Length, XWeighted(r.Text))
	}
	if !strings.Contains(r.Text, "\n\n"+url+"\n\n") {
		t.Errorf("link cut or missing:\n%s", r.Text)
	}
	if !r.Cut || !strings.Contains(r.Parts.Body, "…") {
		t.Errorf("body should end in …: %q", r.Parts.Body)
	}
	words := strings.Fields(strings.TrimSuffix(r.Parts.Body, "…"))
	last := words[len(words)-1]
	if !strings.Contains(body, last+" ") {
		t.Errorf("cut inside a word: %q", last)
	}
	if r.Dropped != 0 {
		t.Errorf("hashtags dropped while the body could shrink: %d", r.Dropped)
	}
	if w := r.Warnings(280, "karakter X"); len(w) != 1 || !strings.Contains(w[0], "dipotong") {
		t.Errorf("warnings = %v", w)
	}
}

func TestFitLongTitleDropsTagsAndBodyButNeverTheLink(t *testing.T) {
	title := strings.Repeat("Pengumuman penting KPU tentang daftar pemilih tetap ", 6) // ~300 chars
	p := Parts{Title: title, Body: "Dek singkat.", URL: url, Tags: []string{"#PemiluJatim", "#DPT"}}
	r := Fit(p, 280, xCompose)
	if r.Length > 280 {
		t.Fatalf("length %d over 280", r.Length)
	}
	if !strings.HasSuffix(r.Text, url) {
		t.Errorf("link must stay whole at the end:\n%s", r.Text)
	}
	if !strings.HasSuffix(r.Parts.Title, "…") || r.Dropped != 2 {
		t.Errorf("title = %q, dropped = %d", r.Parts.Title, r.Dropped)
	}
}

func TestFitEmojiAndCJKWeighTwice(t *testing.T) {
	body := strings.Repeat("選挙 🗳️ ", 60)
	p := Parts{Title: "Pemilu 🇮🇩", Body: body, URL: url}
	r := Fit(p, 280, xCompose)
	if r.Length > 280 || r.Length < 250 {
		t.Errorf("weighted length %d, want close to 280", r.Length)
	}
}

func TestFitHardCutsAWordLongerThanTheRoom(t *testing.T) {
	p := Parts{Title: strings.Repeat("A", 400), URL: "https://a.id/x"}
	r := Fit(p, 100, func(p Parts) (string, int) {
		s := Join(p.Title, p.Body, p.URL, p.Tags)
		return s, Runes(s)
	})
	if r.Length > 100 || !strings.HasSuffix(r.Text, "https://a.id/x") || !strings.HasPrefix(r.Text, "AAAA") {
		t.Errorf("got %d: %q", r.Length, r.Text)
	}
}

func TestSummary(t *testing.T) {
	a := &warta.Article{Dek: "  Dek   artikel. "}
	if got := Summary(a); got != "Dek artikel." {
		t.Errorf("Summary with dek = %q", got)
	}
	a = &warta.Article{BodyHTML: "<h2>Judul</h2><p>Paragraf <b>pertama</b>.</p><p>Kedua.</p>"}
	if got := Summary(a); got != "Paragraf pertama." {
		t.Errorf("Summary from HTML = %q", got)
	}
	a = &warta.Article{Body: "## Sub\n\nLihat [situs KPU](https://kpu.go.id) **hari ini**.\n\nLain."}
	if got := Summary(a); got != "Lihat situs KPU hari ini." {
		t.Errorf("Summary from Markdown = %q", got)
	}
	a = &warta.Article{BodyHTML: "<p>" + strings.Repeat("kata ", 100) + "</p>"}
	if got := Summary(a); Runes(got) > summaryMax || !strings.HasSuffix(got, "…") {
		t.Errorf("long summary = %q", got)
	}
}

package match

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestAnalyzeClockTimes(t *testing.T) {
	want := analyze("pukul 5").terms
	for _, in := range []string{
		"Pukul 05.00", "jam 5", "JAM 05:00", "pkl 05.00 WIB", "pukul 5:00 wita", "jam 05",
	} {
		if got := analyze(in).terms; !slices.Equal(got, want) {
			t.Errorf("%q: terms %v, want %v", in, got, want)
		}
	}
	if got, want := analyze("jam 05.30").terms, analyze("pukul 5:30").terms; !slices.Equal(got, want) {
		t.Errorf("half past five: %v and %v differ", got, want)
	}
	if slices.Equal(analyze("jam 5.30").terms, analyze("jam 5").terms) {
		t.Error("half past five reads as five o'clock")
	}
	// not a time of day: a duration, a blow, street vendors, other numbers
	for in, term := range map[string]string{
		"buka 24 jam":                "jam",
		"dipukul warga":              "pukul",
		"penertiban PKL di alun":     "pkl",
		"jam tangan palsu rp 5 juta": "jam",
	} {
		if terms := analyze(in).terms; !slices.Contains(terms, term) {
			t.Errorf("%q: terms %v lack %q", in, terms, term)
		}
	}
	if terms := analyze("skor akhir 2:1 dan 10.000 orang").terms; !slices.Contains(terms, "10000") || !slices.Contains(terms, "2") {
		t.Errorf("other numbers changed: %v", terms)
	}
}

func TestMarkMedium(t *testing.T) {
	for title, want := range map[string]string{
		"Pesan Berantai TPS Dibuka Pukul 05.00 dan Ditutup Pukul 10.00": "pesan berantai",
		"Video Jembatan Suramadu Ambruk":                                "video",
		"Tangkapan Layar Artikel Berjudul “Menteri Mundur”":             "tangkapan layar artikel berjudul",
		"Akun Facebook Palsu Bupati Sidoarjo Tawarkan Pinjaman":         "akun facebook palsu",
		"Bupati Sidoarjo Minta Transfer Uang Lewat Pesan WA":            "pesan whatsapp",
		"Beredar Surat Edaran Dinas Pendidikan Libur Sebulan":           "beredar surat edaran",
		"Benarkah Gempa Guncang Malang? Faktanya Hoaks":                 "benarkah faktanya hoaks",
		"Poster Lowongan Pertamina 2024 di TikTok":                      "poster tiktok",
		"Info Lowongan Kerja Puskesmas Mulyorejo":                       "informasi",
		// medium words inside a claim are the claim
		"Komeng Promosikan Situs Judi Online": "",
		"Gas LPG 3kg Berisi Air":              "",
		"Surat Suara Tercoblos di Gudang KPU": "",
		"Video Jokowi":                        "video",
	} {
		a := analyzeTitle(title)
		var got []string
		for i, w := range a.words {
			if a.medium[i] {
				got = append(got, w)
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%q: medium words %q, want %q", title, got, want)
		}
	}
}

// archiveSample returns a few hundred published titles to match among: the
// first 400 of the shared fact-check set when present, else the package's
// small archive.
func archiveSample(t *testing.T) []Doc {
	t.Helper()
	dir := sharedData()
	if dir == "" {
		return verdicts
	}
	f, err := os.Open(filepath.Join(dir, "factchecks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadFactchecks(f)
	if err != nil {
		t.Fatal(err)
	}
	return docs[:min(400, len(docs))]
}

// TestReportWithoutMediumWordsAnsweredAtOnce: a report that states a
// checked hoax is answered automatically although it lacks the words the
// headline uses for the medium ("Pesan Berantai", "Tangkapan Layar
// Artikel", "Lewat Pesan WhatsApp"), and writes the time as people do. A
// report that only shares the topic is not.
func TestReportWithoutMediumWordsAnsweredAtOnce(t *testing.T) {
	ix := NewIndex(Options{})
	for _, d := range archiveSample(t) {
		ix.Add(d)
	}
	for _, d := range []Doc{
		{ID: "tps", Title: "[HOAKS] Pesan Berantai TPS Dibuka Pukul 05.00 dan Ditutup Pukul 10.00"},
		{ID: "booster", Title: "[HOAKS] Tangkapan Layar Artikel Kemenkes Wajibkan Vaksin Booster untuk Mudik Lebaran"},
		{ID: "bupati", Title: "[HOAKS] Bupati Sidoarjo Minta Transfer Uang untuk Bantuan Lewat Pesan WhatsApp"},
		{ID: "libur", Title: "[HOAKS] Beredar Surat Edaran Dinas Pendidikan Jatim Sekolah Libur Sebulan Selama Ramadan"},
	} {
		ix.Add(d)
	}
	for q, want := range map[string]string{
		"besok TPS dibuka pukul 05.00 dan ditutup pukul 10.00!! sebarkan":                      "tps",
		"PENTING!!! besok tps dibuka jam 5 pagi dan DITUTUP jam 10, sebarkan ke grup keluarga": "tps",
		"Info A1: TPS buka pkl 05:00 WIB, tutup pkl 10:00 WIB. Yg dtg siang ga bisa nyoblos!":  "tps",
		"kemenkes wajibkan vaksin booster buat mudik lebaran, yg blm booster ga boleh mudik!!": "booster",
		"hati2 bupati sidoarjo minta transfer uang untuk bantuan, jangan percaya":              "bupati",
		"dinas pendidikan jatim: sekolah libur sebulan selama ramadan. alhamdulillah":          "libur",
	} {
		ms := ix.Match(Query{Text: q}, 5)
		if len(ms) == 0 || ms[0].ID != want || ix.Options().Decide(ms) != DecisionAuto {
			t.Errorf("%q: got %+v, want %s answered automatically", q, ms, want)
		}
	}
	for q, about := range map[string]string{
		"TPS di desa kami tutup jam 13.00 seperti biasa?":   "tps",
		"jam berapa TPS dibuka besok?":                      "tps",
		"jadwal sekolah selama ramadan di jatim gimana ya?": "libur",
		"bupati sidoarjo resmikan jembatan baru":            "bupati",
	} {
		ms := ix.Match(Query{Text: q}, 5)
		if len(ms) > 0 && ms[0].ID == about && ix.Options().Decide(ms) == DecisionAuto {
			t.Errorf("%q: answered automatically with %+v", q, ms[0])
		}
	}
}

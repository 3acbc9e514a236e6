package portal

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestIndonesianFormats(t *testing.T) {
	at := time.Date(2024, 2, 14, 3, 5, 0, 0, time.UTC) // 10.05 WIB
	cases := []struct{ got, want string }{
		{formatDateTime(at), "Rabu, 14 Februari 2024 10.05 WIB"},
		{formatDateTime(time.Date(2024, 8, 16, 20, 30, 0, 0, time.UTC)), "Sabtu, 17 Agustus 2024 03.30 WIB"},
		{formatDate(at), "14 Februari 2024"},
		{formatDay(time.Date(2024, 11, 27, 0, 0, 0, 0, warta.Jakarta)), "Rabu, 27 November 2024"},
		{formatRange(time.Date(2023, 11, 28, 0, 0, 0, 0, warta.Jakarta), time.Date(2024, 2, 10, 0, 0, 0, 0, warta.Jakarta)), "28 November 2023 – 10 Februari 2024"},
		{formatRange(at, at), "14 Februari 2024"},
		{formatNumber(31402838), "31.402.838"},
		{formatNumber(120666), "120.666"},
		{formatNumber(666), "666"},
		{formatNumber(-1234), "-1.234"},
		{formatCountdown(14 * time.Hour), "14 jam"},
		{formatCountdown(12*24*time.Hour + 14*time.Hour + 5*time.Minute), "12 hari 14 jam"},
		{formatCountdown(1200 * 24 * time.Hour), "1.200 hari"},
		{formatCountdown(3*time.Hour + 20*time.Minute), "3 jam 20 menit"},
		{formatCountdown(20 * time.Second), "kurang dari 1 menit"},
		{joinAnd([]string{"Pemilu 2024", "Pilkada Serentak 2024"}), "Pemilu 2024 dan Pilkada Serentak 2024"},
		{joinAnd([]string{"A", "B", "C"}), "A, B dan C"},
		{regionLabel(warta.Region{Name: "Kabupaten Malang", Kind: warta.RegionKabupaten}), "Kab. Malang"},
		{regionLabel(warta.Region{Name: "Kota Malang", Kind: warta.RegionKota}), "Kota Malang"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestCleanQuery(t *testing.T) {
	cases := []struct {
		in, want string
		cut      bool
	}{
		{"  pemungutan \t suara\n", "pemungutan suara", false},
		{"pemilu\xff\xfe 2024\x00", "pemilu 2024", false},
		{strings.Repeat("a", 250), strings.Repeat("a", 200), true},
		{strings.Repeat("é", 5000), strings.Repeat("é", 200), true},
	}
	for _, c := range cases {
		got, cut := cleanQuery(c.in)
		if got != c.want || cut != c.cut || !utf8.ValidString(got) {
			t.Errorf("cleanQuery(%.20q) = %.20q, %v", c.in, got, cut)
		}
	}
}

package whatsapp

import (
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/warta"
)

var testRegions = []warta.Region{
	{Slug: "jawa-timur", Name: "Provinsi Jawa Timur", Kind: warta.RegionProvinsi},
	{Slug: "kabupaten-malang", Name: "Kabupaten Malang", Kind: warta.RegionKabupaten},
	{Slug: "kabupaten-sidoarjo", Name: "Kabupaten Sidoarjo", Kind: warta.RegionKabupaten},
	{Slug: "kota-malang", Name: "Kota Malang", Kind: warta.RegionKota},
	{Slug: "kota-surabaya", Name: "Kota Surabaya", Kind: warta.RegionKota},
	{Slug: "kota-batu", Name: "Kota Batu", Kind: warta.RegionKota},
}

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string // "stop", "-" for no command, else the region slugs ("" for all)
	}{
		{"DAFTAR", ""},
		{"daftar.", ""},
		{"DAFTAR SURABAYA", "kota-surabaya"},
		{"Daftar surabaya, sidoarjo dan Batu", "kota-surabaya kabupaten-sidoarjo kota-batu"},
		{"DAFTAR MALANG", "kabupaten-malang kota-malang"},
		{"DAFTAR KOTA MALANG", "kota-malang"},
		{"daftar kab. malang", "kabupaten-malang"},
		{"DAFTAR Kabupaten Malang Kota Batu", "kabupaten-malang kota-batu"},
		{"DAFTAR KOTA SIDOARJO", "kabupaten-sidoarjo"}, // no such kota: the kabupaten is meant
		{"DAFTAR SURABAYA SURABAYA", "kota-surabaya"},
		{"DAFTAR SEMUA", ""},
		{"DAFTAR JATIM SURABAYA", ""},
		{"daftar provinsi jawa timur", ""},
		{"BERHENTI", "stop"},
		{"stop", "stop"},
		{" Berhenti! ", "stop"},
		{"Berhenti menyebarkan hoaks", "-"},
		{"Daftar pemilih tetap di Surabaya", "-"},
		{"DAFTAR BATU AKIK", "-"},
		{"Halo", "-"},
		{"", "-"},
		{"🙂", "-"},
	} {
		cmd := parseCommand(tc.text, testRegions)
		got := "-"
		if cmd != nil && cmd.stop {
			got = "stop"
		} else if cmd != nil {
			var s []string
			for _, r := range cmd.regions {
				s = append(s, r.Slug)
			}
			got = strings.Join(s, " ")
		}
		if got != tc.want {
			t.Errorf("%q → %q, want %q", tc.text, got, tc.want)
		}
	}
}

package feed_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/warta"
)

var site = feed.Site{
	Name:     "Warta Jatim",
	BaseURL:  "https://warta.example.id",
	Language: "id",
	Hub:      "https://hub.example.id/",
}

var section = feed.Channel{
	Title:       "Kota Surabaya — Warta Jatim",
	Description: "Informasi resmi pemilu untuk Kota Surabaya",
	Path:        "/wilayah/kota-surabaya",
	FeedPath:    "/wilayah/kota-surabaya/feed",
	Updated:     time.Date(2024, 2, 14, 9, 0, 0, 0, warta.Jakarta),
}

// mediaURL stands in for media.URL: width first, then the storage key.
func mediaURL(key string, width int) string { return fmt.Sprintf("/media/%d/%s", width, key) }

const trickyTitle = `KPU Jatim & Bawaslu: "Jaga TPS" <Pemilu 2024> 🗳️ — pemungutan suara di Surabaya`

var (
	surabaya = warta.Region{Code: "35.78", Name: "Kota Surabaya", Slug: "kota-surabaya", Kind: warta.RegionKota}
	sidoarjo = warta.Region{Code: "35.15", Name: "Kabupaten Sidoarjo", Slug: "kabupaten-sidoarjo", Kind: warta.RegionKabupaten}
	voting   = warta.Stage{Slug: "pemilu-2024-pemungutan", Name: "Pemungutan dan Penghitungan Suara"}
	kpuJatim = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
)

// articles returns three published stories, newest first: one with every
// field set (a tricky title, a lead image, a correction, published just after
// midnight WIB so its path date differs from its UTC date), one with no dek,
// image or byline, and a fact-check.
func articles() []*warta.Article {
	return []*warta.Article{
		{
			ID:       "01HPXJ7M4Z8Q2N6V5R3T1Y9W0A",
			Slug:     "kpu-jatim-bawaslu-jaga-tps",
			Title:    trickyTitle,
			Dek:      "Petugas KPPS diminta hadir pukul 06.00 WIB & memastikan kotak suara tersegel <rapi>.",
			Body:     "Petugas **KPPS** diminta hadir lebih awal.",
			BodyHTML: "<p>Petugas <strong>KPPS</strong> diminta hadir lebih awal &amp; tepat waktu.</p>",
			LeadImage: &warta.Media{
				Key: "2024/02/01HPXJ7M4Z8Q2N6V5R3T1Y9W0B.jpg", MIME: "image/jpeg",
				Width: 3000, Height: 2000, Alt: "Petugas KPPS menata bilik suara",
				Variants: []int{480, 960, 1600, 2400},
			},
			Byline:      "Rina Wulandari",
			Agency:      kpuJatim,
			Regions:     []warta.Region{surabaya},
			Stages:      []warta.Stage{voting},
			Tags:        []warta.Tag{{Slug: "tps", Name: "TPS"}, {Slug: "kpps", Name: "KPPS"}},
			Status:      warta.StatusPublished,
			PublishedAt: time.Date(2024, 2, 13, 17, 30, 0, 0, time.UTC), // 14 Feb 00:30 WIB
			UpdatedAt:   time.Date(2024, 2, 14, 2, 15, 0, 0, time.UTC),
			Corrections: []warta.Correction{{
				Note:      "Jam kehadiran petugas semula tertulis 07.00 <WIB>; yang benar 06.00.",
				CreatedAt: time.Date(2024, 2, 14, 2, 15, 0, 0, time.UTC),
			}},
		},
		{
			ID:          "01HPWZ3K8B2C4D6E8F0G2H4J6K",
			Slug:        "jadwal-rekapitulasi-sidoarjo",
			Title:       "Jadwal Rekapitulasi Suara Tingkat Kecamatan di Sidoarjo",
			Body:        "Rekapitulasi suara tingkat kecamatan di **Sidoarjo** dimulai 15 Februari 2024.\n\nSaksi partai diundang hadir.",
			BodyHTML:    "<p>Rekapitulasi suara tingkat kecamatan di <strong>Sidoarjo</strong> dimulai 15 Februari 2024.</p>\n<p>Saksi partai diundang hadir.</p>",
			Agency:      kpuJatim,
			Regions:     []warta.Region{sidoarjo},
			Status:      warta.StatusPublished,
			PublishedAt: time.Date(2024, 2, 13, 4, 0, 0, 0, warta.Jakarta),
		},
		{
			ID:          "01HPVQ1A2B3C4D5E6F7G8H9J0K",
			Slug:        "hoaks-surat-suara-sudah-dicoblos",
			Title:       "[HOAKS] Surat Suara Sudah Dicoblos di Sidoarjo",
			Dek:         "Video yang beredar di WhatsApp direkam pada Pemilu 2019, bukan 2024.",
			BodyHTML:    "<p>Klaim tersebut tidak benar.</p>",
			Byline:      "Tim Cek Fakta",
			Agency:      warta.Agency{Slug: "diskominfo-jatim", Name: "Diskominfo Jatim"},
			Regions:     []warta.Region{sidoarjo},
			Tags:        []warta.Tag{{Slug: "cek-fakta", Name: "Cek Fakta"}, {Slug: "hoaks", Name: "Hoaks"}},
			Status:      warta.StatusPublished,
			PublishedAt: time.Date(2024, 2, 12, 19, 45, 0, 0, warta.Jakarta),
			UpdatedAt:   time.Date(2024, 2, 12, 19, 45, 0, 0, warta.Jakarta),
		},
	}
}

// wellFormed fails the test unless b is well-formed XML from start to end.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
	}
}

// wantCategories fails unless got holds every name in want.
func wantCategories(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s: categories %q lack %q", what, got, w)
		}
	}
}

// sameTime fails unless got parses to the same instant as want.
func sameTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: no parsed time, want %v", what, want)
	} else if !got.Equal(want) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

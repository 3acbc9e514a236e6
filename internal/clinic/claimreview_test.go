package clinic_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

var reviewSite = clinic.Site{Name: "Warta Jatim", BaseURL: "https://warta.example", Logo: "/static/logo.png"}

// roundTrip is the ClaimReview as a JSON-LD reader sees it.
func roundTrip(t *testing.T, v *clinic.Verdict) map[string]any {
	t.Helper()
	b, err := json.Marshal(clinic.ClaimReview(v, reviewSite))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestClaimReviewHasRequiredAndRecommendedFields(t *testing.T) {
	v := &clinic.Verdict{
		Title:           "Video KPU Menghapus Suara di Sidoarjo",
		ClaimReviewed:   "KPU menghapus ribuan suara di Sidoarjo, terekam video",
		Label:           "HOAKS",
		ClaimAuthor:     "Akun Facebook Suara Rakyat",
		ClaimAppearance: []string{"https://facebook.example/post/1", "https://wa.example/forward"},
		ClaimDate:       time.Date(2024, 2, 15, 9, 0, 0, 0, warta.Jakarta),
		URL:             "/berita/2024/02/16/hoaks-video-kpu-menghapus-suara",
		PublishedAt:     time.Date(2024, 2, 16, 10, 30, 0, 0, warta.Jakarta),
	}
	m := roundTrip(t, v)
	want := map[string]any{
		"@context":      "https://schema.org",
		"@type":         "ClaimReview",
		"claimReviewed": "KPU menghapus ribuan suara di Sidoarjo, terekam video",
		"url":           "https://warta.example/berita/2024/02/16/hoaks-video-kpu-menghapus-suara",
		"datePublished": "2024-02-16T10:30:00+07:00",
	}
	for k, w := range want {
		if m[k] != w {
			t.Errorf("%s = %v, want %v", k, m[k], w)
		}
	}
	rating := m["reviewRating"].(map[string]any)
	if rating["@type"] != "Rating" || rating["alternateName"] != "HOAKS" || rating["ratingValue"] != 1.0 ||
		rating["bestRating"] != 5.0 || rating["worstRating"] != 1.0 {
		t.Errorf("reviewRating = %v", rating)
	}
	author := m["author"].(map[string]any)
	if author["@type"] != "Organization" || author["name"] != "Warta Jatim" || author["url"] != "https://warta.example/" {
		t.Errorf("author = %v", author)
	}
	if logo, _ := author["logo"].(map[string]any); logo["url"] != "https://warta.example/static/logo.png" {
		t.Errorf("author logo = %v", author["logo"])
	}
	item := m["itemReviewed"].(map[string]any)
	if item["@type"] != "Claim" || item["datePublished"] != "2024-02-15T09:00:00+07:00" {
		t.Errorf("itemReviewed = %v", item)
	}
	if a := item["author"].(map[string]any); a["@type"] != "Person" || a["name"] != "Akun Facebook Suara Rakyat" {
		t.Errorf("itemReviewed.author = %v", a)
	}
	apps, _ := item["appearance"].([]any)
	if len(apps) != 2 || apps[0].(map[string]any)["@type"] != "CreativeWork" || apps[1].(map[string]any)["url"] != "https://wa.example/forward" {
		t.Errorf("itemReviewed.appearance = %v", item["appearance"])
	}
}

func TestClaimReviewRatingFollowsLabel(t *testing.T) {
	for label, want := range map[string]float64{"HOAKS": 1, "DISINFORMASI": 1, "MISINFORMASI": 2, "FAKTA": 5, "SATIRE": 3} {
		m := roundTrip(t, &clinic.Verdict{Title: "Klaim", Label: label, URL: "https://cekfakta.example/1"})
		r := m["reviewRating"].(map[string]any)
		if r["ratingValue"] != want || r["alternateName"] != label {
			t.Errorf("%s: rating %v", label, r)
		}
	}
}

// An imported verdict knows only its title, label and link: the claim is
// its title, the link stays as it is, and nothing about the claim's author
// is made up.
func TestClaimReviewOfImportedVerdict(t *testing.T) {
	m := roundTrip(t, &clinic.Verdict{Title: "Bansos Pemilu Dibagikan Lewat Tautan", Label: "DISINFORMASI",
		URL: "https://turnbackhoax.example/2023/bansos"})
	if m["claimReviewed"] != "Bansos Pemilu Dibagikan Lewat Tautan" || m["url"] != "https://turnbackhoax.example/2023/bansos" {
		t.Errorf("claimReviewed %v, url %v", m["claimReviewed"], m["url"])
	}
	item := m["itemReviewed"].(map[string]any)
	if _, ok := item["author"]; ok {
		t.Errorf("invented an author: %v", item)
	}
	if _, ok := m["datePublished"]; ok {
		t.Errorf("invented a date: %v", m["datePublished"])
	}
}

func TestClaimAuthorOrganisation(t *testing.T) {
	m := roundTrip(t, &clinic.Verdict{Title: "K", Label: "FAKTA", ClaimAuthor: "DPD Partai Contoh Jawa Timur"})
	if a := m["itemReviewed"].(map[string]any)["author"].(map[string]any); a["@type"] != "Organization" {
		t.Errorf("party as %v", a["@type"])
	}
}

package clinic

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Site is the publisher named in a ClaimReview: the fact-checking
// organisation and where its pages live.
type Site struct {
	Name    string // "Warta Jatim"
	BaseURL string // absolute, without a trailing slash
	Logo    string // absolute URL of the logo, "" when none
}

// abs makes a site path absolute; absolute URLs pass through.
func (s Site) abs(u string) string {
	if u == "" || strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return strings.TrimRight(s.BaseURL, "/") + u
}

// RatingValue places a verdict label on ClaimReview's scale from 1 (false)
// to 5 (true): HOAKS and DISINFORMASI 1, MISINFORMASI 2, FAKTA 5, and any
// other configured label in the middle, 3.
func RatingValue(label string) int {
	switch strings.ToUpper(strings.TrimSpace(label)) {
	case "HOAKS", "DISINFORMASI":
		return 1
	case "MISINFORMASI":
		return 2
	case "FAKTA":
		return 5
	}
	return 3
}

// ClaimReview describes a verdict as a schema.org ClaimReview with the
// fields Google's fact-check markup requires (claimReviewed, reviewRating
// with alternateName, url, author) and recommends (datePublished,
// itemReviewed with the claim's author, date and appearances). Parts of
// the claim that are unknown (an imported verdict has no author or date)
// are left out rather than invented.
func ClaimReview(v *Verdict, site Site) map[string]any {
	publisher := map[string]any{"@type": "Organization", "name": site.Name, "url": site.abs("/")}
	if site.Logo != "" {
		publisher["logo"] = map[string]any{"@type": "ImageObject", "url": site.abs(site.Logo)}
	}
	reviewed := strings.TrimSpace(v.ClaimReviewed)
	if reviewed == "" {
		reviewed = v.Title
	}
	claim := map[string]any{"@type": "Claim"}
	if name := strings.TrimSpace(v.ClaimAuthor); name != "" {
		claim["author"] = map[string]any{"@type": authorType(name), "name": name}
	}
	if !v.ClaimDate.IsZero() {
		claim["datePublished"] = isoDate(v.ClaimDate)
	}
	var appearances []map[string]any
	for _, u := range v.ClaimAppearance {
		if u = strings.TrimSpace(u); u != "" {
			appearances = append(appearances, map[string]any{"@type": "CreativeWork", "url": u})
		}
	}
	if len(appearances) > 0 {
		claim["appearance"] = appearances
		claim["firstAppearance"] = appearances[0]
	}
	out := map[string]any{
		"@context":      "https://schema.org",
		"@type":         "ClaimReview",
		"name":          v.Heading(),
		"claimReviewed": reviewed,
		"reviewRating": map[string]any{
			"@type":         "Rating",
			"alternateName": v.Label,
			"ratingValue":   RatingValue(v.Label),
			"bestRating":    5,
			"worstRating":   1,
		},
		"url":          site.abs(v.URL),
		"author":       publisher,
		"itemReviewed": claim,
		"inLanguage":   "id",
	}
	if !v.PublishedAt.IsZero() {
		out["datePublished"] = isoDate(v.PublishedAt)
	}
	return out
}

// isoDate writes a time as ISO 8601 in WIB: "2024-02-14T10:00:00+07:00".
func isoDate(t time.Time) string { return t.In(warta.Jakarta).Format(time.RFC3339) }

// orgWords mark a claim's author as an organisation rather than a person:
// parties, government bodies, companies, media and group accounts.
var orgWords = map[string]bool{
	"partai": true, "pt": true, "cv": true, "kpu": true, "kpud": true, "bawaslu": true, "dkpp": true, "dinas": true,
	"kementerian": true, "kemenkominfo": true, "pemerintah": true, "pemkot": true, "pemkab": true, "pemprov": true,
	"badan": true, "komisi": true, "lembaga": true, "yayasan": true, "organisasi": true, "universitas": true,
	"polri": true, "polda": true, "polres": true, "tni": true, "dprd": true, "dpr": true, "tim": true, "grup": true,
	"group": true, "komunitas": true, "media": true, "tv": true, "news": true, "channel": true, "kanal": true,
	"official": true, "resmi": true, "portal": true, "koran": true, "harian": true, "majalah": true, "radio": true,
}

// authorType guesses whether a claim's author is a Person or an
// Organization from its name.
func authorType(name string) string {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	}) {
		if orgWords[w] {
			return "Organization"
		}
	}
	return "Person"
}

// ArticleJSONLD returns the hook the portal calls for every article page
// (portal.Config.ExtraJSONLD): the ClaimReview of the verdict published as
// that article, or nil for any other article.
func (s *Service) ArticleJSONLD(site Site) func(ctx context.Context, a *warta.Article) ([]byte, error) {
	return func(ctx context.Context, a *warta.Article) ([]byte, error) {
		v, err := s.VerdictByArticle(ctx, a.ID)
		if err != nil {
			return nil, fmt.Errorf("clinic: claim review of article %s: %w", a.ID, err)
		}
		if v == nil {
			return nil, nil
		}
		if v.URL == "" {
			v.URL = a.Path()
		}
		return json.Marshal(ClaimReview(v, site))
	}
}

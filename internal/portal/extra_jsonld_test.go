package portal

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// A Cek Fakta article carries the ClaimReview the hook gives, in a script
// element of its own that its text cannot close; other articles, and an
// article whose hook fails, keep only their NewsArticle.
func TestArticleExtraJSONLD(t *testing.T) {
	eachSite(t, func(t *testing.T, s *testSite) {
		s.portal.extraLD = func(_ context.Context, a *warta.Article) ([]byte, error) {
			switch a.ID {
			case s.feature.ID:
				return []byte(`{"@context":"https://schema.org","@type":"ClaimReview","claimReviewed":"</script><script>alert(1)</script>"}`), nil
			case s.voters.ID:
				return nil, errors.New("database down")
			}
			return nil, nil
		}
		doc := s.page(t, s.feature.Path(), http.StatusOK)
		scripts := queryAll(t, doc, `script[type="application/ld+json"]`)
		if len(scripts) != 2 {
			t.Fatalf("%d JSON-LD scripts, want the NewsArticle and the ClaimReview", len(scripts))
		}
		var cr map[string]any
		if err := json.Unmarshal([]byte(text(scripts[1])), &cr); err != nil {
			t.Fatalf("ClaimReview JSON-LD: %v\n%s", err, text(scripts[1]))
		}
		if cr["@type"] != "ClaimReview" || cr["claimReviewed"] != "</script><script>alert(1)</script>" {
			t.Errorf("ClaimReview = %v", cr)
		}
		for _, a := range []*warta.Article{s.voters, s.live[len(s.live)-1]} {
			if a.ID == s.feature.ID {
				continue
			}
			doc := s.page(t, a.Path(), http.StatusOK)
			if n := len(queryAll(t, doc, `script[type="application/ld+json"]`)); n != 1 {
				t.Errorf("%s: %d JSON-LD scripts, want 1", a.Slug, n)
			}
		}
	})
}

package feed_test

import (
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/feed"
)

func TestRobots(t *testing.T) {
	got := string(feed.Robots(site))
	for _, line := range []string{
		"User-agent: *",
		"Disallow: /studio/",
		"Disallow: /api/",
		"Disallow: /cari?",
		"Sitemap: https://warta.example.id/sitemap.xml",
		"Sitemap: https://warta.example.id/sitemap-news.xml",
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", line, got)
		}
	}
	if strings.Contains(got, "Disallow: /\n") {
		t.Errorf("robots.txt blocks the whole site:\n%s", got)
	}
}

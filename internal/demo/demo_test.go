package demo_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/demo"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestLoadFillsAnEmptyPortal(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		lib := media.New(t.TempDir())
		now := time.Now().Truncate(time.Second)

		began := time.Now()
		sum, err := demo.Load(ctx, db, lib, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("loaded %+v in %v", *sum, time.Since(began).Round(time.Millisecond))

		page, err := db.ListArticles(ctx, warta.ArticleFilter{Limit: store.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		all := page.Articles
		if len(all) < 300 || sum.Articles != len(all) {
			t.Fatalf("%d live articles, summary says %d; want at least 300", len(all), sum.Articles)
		}

		regions, err := db.Regions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range regions {
			p, err := db.ListArticles(ctx, warta.ArticleFilter{Region: r.Slug, Limit: 1})
			if err != nil || len(p.Articles) == 0 {
				t.Errorf("region %s has no articles (%v)", r.Name, err)
			}
		}

		titles := map[string]bool{}
		stages := map[string]bool{}
		elections := map[string]bool{}
		agencies := map[string]bool{}
		for _, a := range all {
			if titles[a.Title] {
				t.Errorf("two articles are titled %q", a.Title)
			}
			titles[a.Title] = true
			for _, s := range a.Stages {
				stages[s.Slug] = true
				elections[s.ElectionSlug] = true
			}
			agencies[a.Agency.Slug] = true
			checkArticle(t, lib, a, now)
		}
		if len(stages) < 10 || !elections["pemilu-2024"] || !elections["pilkada-2024"] {
			t.Errorf("stages used: %d %v; want at least 10 from both elections", len(stages), elections)
		}
		if len(agencies) < 3 {
			t.Errorf("sources used: %v", agencies)
		}

		recent, err := db.ListArticles(ctx, warta.ArticleFilter{From: now.Add(-72 * time.Hour), Limit: 100})
		if err != nil || len(recent.Articles) < 20 {
			t.Errorf("%d articles in the last 72 hours (%v), want at least 20", len(recent.Articles), err)
		}
		heads, err := db.Headlines(ctx, 20)
		if err != nil || len(heads) < 5 || heads[0].HeadlineOrder != 1 {
			t.Errorf("headlines = %d (%v)", len(heads), err)
		}
		for _, h := range heads {
			if now.Sub(h.PublishedAt) > 72*time.Hour {
				t.Errorf("headline %q is from %v, not recent", h.Title, h.PublishedAt)
			}
		}

		corrected := 0
		for _, a := range all {
			full, err := db.ArticleByID(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			corrected += min(len(full.Corrections), 1)
		}
		if corrected < 3 {
			t.Errorf("%d articles carry a public correction, want at least 3", corrected)
		}

		// A second run, as at every start of a demo server, changes nothing.
		files := countFiles(t, lib.Dir())
		again, err := demo.Load(ctx, db, lib, now.Add(time.Hour), nil)
		if err != nil || again != nil {
			t.Fatalf("second load = %+v, %v; want nil, nil", again, err)
		}
		if n, _ := db.CountArticles(ctx); n != len(all) {
			t.Fatalf("second load left %d articles, had %d", n, len(all))
		}
		if got := countFiles(t, lib.Dir()); got != files {
			t.Fatalf("second load wrote images: %d files, had %d", got, files)
		}
	})
}

// checkArticle asserts what a reader sees of one demo story.
func checkArticle(t *testing.T, lib *media.Library, a *warta.Article, now time.Time) {
	t.Helper()
	if a.PublishedAt.After(now) {
		t.Errorf("%q is published in the future (%v)", a.Title, a.PublishedAt)
	}
	for _, s := range []string{a.Title, a.Dek, a.Body} {
		if strings.Contains(s, "{") || strings.Contains(s, "[[") {
			t.Errorf("%q has an unfilled placeholder: %.120q", a.Title, s)
		}
	}
	if paras := strings.Count(a.Body, "\n\n") + 1; paras < 5 || paras > 10 {
		t.Errorf("%q has %d paragraphs", a.Title, paras)
	}
	if a.Dek == "" || a.BodyHTML == "" || a.Dateline == "" || a.Byline == "" || !strings.Contains(a.BylineCode, "/") {
		t.Errorf("%q lacks dek, body, dateline or byline: %+v", a.Title, a)
	}
	if len(a.Regions) < 1 || len(a.Regions) > 2 || len(a.Stages) != 1 || len(a.Tags) < 2 || len(a.Tags) > 4 {
		t.Errorf("%q has %d regions, %d stages, %d tags", a.Title, len(a.Regions), len(a.Stages), len(a.Tags))
	}
	m := a.LeadImage
	if m == nil || m.Alt == "" || !strings.HasPrefix(m.Caption, "Ilustrasi") || m.Credit == "" || len(m.Variants) != 4 {
		t.Fatalf("%q lead image = %+v", a.Title, m)
	}
	for _, w := range append([]int{0}, m.Variants...) {
		if _, err := os.Stat(lib.Path(m.Key, w)); err != nil {
			t.Fatalf("%q image file: %v", a.Title, err)
		}
	}
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Package demo fills an empty Warta with realistic content: the election
// bodies of East Java as sources, several hundred published stories across
// every region and stage of Pemilu 2024 and Pilkada 2024, and illustrated
// lead images drawn in Go. The stories are Warta's own, written as templates
// in stories/*.txt; each ends with a note that it is demo content.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/store"
)

// seed makes the demo the same on every run (only IDs differ).
const seed = 20240214

// Summary reports what Load created: the agencies that did not exist yet,
// the published articles and the distinct lead images.
type Summary struct {
	Agencies, Articles, Images int
}

// Load fills an empty database with demo content and returns the summary.
// It is a no-op returning (nil, nil) when the database already has articles.
// Stories are dated within their stage; the newest ones fall in the 72
// hours before now so that the latest list and the news sitemap have
// content. log may be nil.
func Load(ctx context.Context, db *store.DB, lib *media.Library, now time.Time, log *slog.Logger) (*Summary, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if n, err := db.CountArticles(ctx); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	} else if n > 0 {
		return nil, nil
	}
	began := time.Now()
	stories, err := loadStories()
	if err != nil {
		return nil, err
	}
	ags, created, err := ensureAgencies(ctx, db)
	if err != nil {
		return nil, err
	}
	regions, err := db.Regions(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	elections, err := db.Elections(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	// Write the text first: a broken template fails before any image is drawn.
	drafts, err := newGenerator(now, regions, elections, ags, stories).generate(stories)
	if err != nil {
		return nil, err
	}
	log.Debug("demo stories written", "articles", len(drafts), "elapsed", time.Since(began).Round(time.Millisecond))
	images, err := renderImages(ctx, db, lib, now)
	if err != nil {
		return nil, err
	}
	log.Debug("demo images drawn", "elapsed", time.Since(began).Round(time.Millisecond))
	for _, d := range drafts {
		a := d.article
		a.LeadImage = images.pick(d.scene, d.palette)
		if err := db.CreateArticle(ctx, a); err != nil {
			return nil, fmt.Errorf("demo: create article %q: %w", a.Title, err)
		}
		if c := d.correction; c != nil {
			c.ArticleID = a.ID
			if err := db.AddCorrection(ctx, c); err != nil {
				return nil, fmt.Errorf("demo: correct article %q: %w", a.Title, err)
			}
		}
	}
	sum := &Summary{Agencies: created, Articles: len(drafts), Images: len(scenes) * len(palettes)}
	log.Info("demo content loaded", "agencies", sum.Agencies, "articles", sum.Articles,
		"images", sum.Images, "elapsed", time.Since(began).Round(time.Millisecond))
	return sum, nil
}

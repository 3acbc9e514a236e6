package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Lead images are 16:9 at the width of the largest screens that matter.
const imageW, imageH = 1600, 900

// illustrations holds the stored lead images by scene and palette.
type illustrations [][]*warta.Media

// pick returns the image of the scene in the palette.
func (il illustrations) pick(scene, palette int) *warta.Media {
	return il[scene][palette]
}

// renderImages draws every scene in every palette, stores the files with
// lib in parallel (encoding and resizing dominate the demo's load time) and
// records them in db in a fixed order.
func renderImages(ctx context.Context, db *store.DB, lib *media.Library, now time.Time) (illustrations, error) {
	type job struct{ scene, palette int }
	jobs := make(chan job)
	out := make(illustrations, len(scenes))
	for i := range out {
		out[i] = make([]*warta.Media, len(palettes))
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				m, err := renderImage(lib, j.scene, j.palette, now)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				out[j.scene][j.palette] = m
				mu.Unlock()
			}
		})
	}
	for s := range scenes {
		for p := range palettes {
			jobs <- job{s, p}
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	for s := range out {
		for _, m := range out[s] {
			if err := db.CreateMedia(ctx, m); err != nil {
				return nil, fmt.Errorf("demo: record image %s: %w", m.Key, err)
			}
		}
	}
	return out, nil
}

// renderImage draws one illustration. Its random details come from a source
// seeded by scene and palette, so each image is the same on every run and
// independent of the order the workers take them in.
func renderImage(lib *media.Library, s, p int, now time.Time) (*warta.Media, error) {
	r := rand.New(rand.NewPCG(seed, uint64(s*16+p)))
	cv := newCanvas(imageW, imageH)
	scenes[s].draw(cv, palettes[p], r)
	m, err := lib.SaveImage(cv.img, warta.Media{
		Alt:     fmt.Sprintf(scenes[s].alt, palettes[p].name),
		Caption: scenes[s].caption,
		Credit:  "Ilustrasi Warta",
	}, now)
	if err != nil {
		return nil, fmt.Errorf("demo: save image %s/%s: %w", scenes[s].name, palettes[p].name, err)
	}
	return m, nil
}

package media_test

import (
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// BenchmarkSaveImage measures storing a 1600×900 lead image with its four
// variants, the demo generator's unit of work.
func BenchmarkSaveImage(b *testing.B) {
	lib := media.New(b.TempDir())
	img := halves(1600, 900)
	for b.Loop() {
		if _, err := lib.SaveImage(img, warta.Media{}, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

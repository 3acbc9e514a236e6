package media_test

import (
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestHandlerServesOriginalAndVariants(t *testing.T) {
	lib := media.New(t.TempDir())
	m, err := lib.SaveImage(halves(1600, 900), warta.Media{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h := lib.Handler()
	for _, w := range []int{0, 320, 640, 960, 1280} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", media.URL(m.Key, w), nil))
		if rec.Code != 200 {
			t.Fatalf("GET %s = %d", media.URL(m.Key, w), rec.Code)
		}
		hd := rec.Header()
		if hd.Get("Content-Type") != "image/jpeg" || hd.Get("Cache-Control") != "public, max-age=31536000, immutable" || hd.Get("ETag") == "" {
			t.Fatalf("GET %s headers = %v", media.URL(m.Key, w), hd)
		}
		img, err := jpeg.Decode(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		want := w
		if w == 0 {
			want = 1600
		}
		if img.Bounds().Dx() != want {
			t.Fatalf("GET %s is %d wide", media.URL(m.Key, w), img.Bounds().Dx())
		}

		again := httptest.NewRequest("GET", media.URL(m.Key, w), nil)
		again.Header.Set("If-None-Match", hd.Get("ETag"))
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, again)
		if rec.Code != http.StatusNotModified {
			t.Fatalf("revalidation = %d, want 304", rec.Code)
		}
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("HEAD", media.URL(m.Key, 640), nil))
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
		t.Fatalf("HEAD = %d, body %d bytes, headers %v", rec.Code, rec.Body.Len(), rec.Header())
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", media.URL(m.Key, 0), nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST = %d", rec.Code)
	}
}

func TestHandlerRefusesTraversalAndListings(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "media")
	lib := media.New(dir)
	m, err := lib.SaveImage(halves(400, 200), warta.Media{}, time.Date(2024, 2, 14, 10, 0, 0, 0, warta.Jakarta))
	if err != nil {
		t.Fatal(err)
	}
	// Secrets beside the media directory, and a symlink inside it that
	// points at one of them.
	if err := os.WriteFile(filepath.Join(root, "secret.jpg"), []byte("warta.db credentials"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "secret.jpg"), filepath.Join(dir, "2024", "link.jpg")); err != nil {
		t.Fatal(err)
	}
	h := lib.Handler()
	for _, p := range []string{
		"/media/../secret.jpg",
		"/media/%2e%2e/secret.jpg",
		"/media/w640/../../secret.jpg",
		"/media/2024/../../secret.jpg",
		"/media/2024/link.jpg",
		"/media//etc/passwd.jpg",
		"/media/2024/",
		"/media/2024/02",
		"/media/",
		"/media/2024/02/TIDAKADA.jpg",
		"/media/w640/" + m.Key + "x",
		"/media/" + m.Key[:len(m.Key)-4] + ".php",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404 (body %.40q)", p, rec.Code, rec.Body.String())
		}
	}
}

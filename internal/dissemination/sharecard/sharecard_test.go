package sharecard

import (
	"bytes"
	"context"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"

	"github.com/kominfo-jatim/warta/internal/warta"
)

var published = time.Date(2024, 2, 14, 3, 0, 0, 0, time.UTC) // 10.00 WIB

func decode(t *testing.T, b []byte) {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a JPEG: %v", err)
	}
	if s := img.Bounds().Size(); s.X != Width || s.Y != Height {
		t.Fatalf("size %v, want 1080×1350", s)
	}
}

func TestRenderIsA1080x1350JPEG(t *testing.T) {
	for name, c := range map[string]Card{
		"plain": {Title: "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi", Agency: "KPU Provinsi Jawa Timur", Region: "Kota Surabaya", Date: published, Brand: "Warta Jatim"},
		"label": {Title: "Video Surat Suara Tercoblos di Sidoarjo", Label: "HOAKS", Agency: "Diskominfo Jatim", Region: "Kabupaten Sidoarjo", Date: published, Brand: "Warta Jatim"},
		"long":  {Title: strings.Repeat("Pengumuman daftar pemilih tetap 🗳️ ", 10), Agency: strings.Repeat("Badan Pengawas Pemilihan Umum ", 4), Region: "Kabupaten Probolinggo", Date: published, Brand: "Warta"},
		"word":  {Title: strings.Repeat("X", 300), Brand: "Warta"},
		"empty": {},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, c); err != nil {
				t.Fatal(err)
			}
			decode(t, buf.Bytes())
			if dir := os.Getenv("SHARECARD_OUT"); dir != "" {
				os.WriteFile(dir+"/"+name+".jpg", buf.Bytes(), 0o644)
			}
		})
	}
}

func TestTitleShrinksToFit(t *testing.T) {
	f, _ := opentype.Parse(gobold.TTF)
	fs := &faces{}
	defer fs.close()
	width := Width - 2*margin
	for _, title := range []string{"Pendek", strings.Repeat("Rekapitulasi suara ", 16)} { // 300 chars
		for size := maxTitle; size >= minTitle; size -= 4 {
			face := fs.face(f, float64(size))
			lines := wrap(face, title, width)
			for _, l := range lines {
				if w := measure(face, l); w > width {
					t.Fatalf("line %q is %dpx, wider than %d", l, w, width)
				}
			}
			if titleTop+len(lines)*size*6/5 <= titleLimit {
				break
			}
			if size == minTitle {
				t.Fatalf("%d-char title does not fit even at %dpx", len(title), size)
			}
		}
	}
}

func measure(face font.Face, s string) int { return font.MeasureString(face, s).Ceil() }

func TestFormatDate(t *testing.T) {
	if got, want := FormatDate(published), "Rabu, 14 Februari 2024, 10.00 WIB"; got != want {
		t.Errorf("FormatDate = %q, want %q", got, want)
	}
}

func TestFromArticleReadsTheVerdictLabel(t *testing.T) {
	c := FromArticle(&warta.Article{Title: "[HOAKS] Surat suara tercoblos", Agency: warta.Agency{Name: "Diskominfo Jatim"}}, "Warta")
	if c.Label != "HOAKS" || c.Title != "Surat suara tercoblos" || c.Region != "Jawa Timur" {
		t.Errorf("card = %+v", c)
	}
}

func TestHandler(t *testing.T) {
	live := &warta.Article{ID: "01HP", Title: "Rekapitulasi dimulai", Status: warta.StatusPublished, PublishedAt: published, UpdatedAt: published,
		Agency: warta.Agency{Name: "KPU Provinsi Jawa Timur"}, Regions: []warta.Region{{Name: "Kota Surabaya"}}}
	draft := &warta.Article{ID: "01DR", Title: "Draf", Status: warta.StatusDraft}
	loads := 0
	h := Handler(func(_ context.Context, id string) (*warta.Article, error) {
		loads++
		switch id {
		case live.ID:
			return live, nil
		case draft.ID:
			return draft, nil
		}
		return nil, &warta.Error{Code: warta.ENotFound, Message: "tidak ada"}
	}, "Warta Jatim")
	mux := http.NewServeMux()
	mux.Handle("GET /kartu/{file}", h)

	get := func(path, inm string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec
	}

	rec := get("/kartu/01HP.jpg", "")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/jpeg" {
		t.Fatalf("GET card: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	decode(t, rec.Body.Bytes())
	etag := rec.Header().Get("ETag")
	if etag == "" || !strings.Contains(rec.Header().Get("Cache-Control"), "max-age=604800") {
		t.Errorf("caching headers: ETag %q, Cache-Control %q", etag, rec.Header().Get("Cache-Control"))
	}

	if rec := get("/kartu/01HP.jpg", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("revalidation: %d with %d bytes", rec.Code, rec.Body.Len())
	}

	live.Title = "Rekapitulasi dimulai (koreksi)"
	if rec := get("/kartu/01HP.jpg", etag); rec.Code != http.StatusOK || rec.Header().Get("ETag") == etag {
		t.Errorf("a corrected title must change the card: %d, ETag %q", rec.Code, rec.Header().Get("ETag"))
	}

	for _, path := range []string{"/kartu/01DR.jpg", "/kartu/NOPE.jpg", "/kartu/01HP.png"} {
		if rec := get(path, ""); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, rec.Code)
		}
	}
}

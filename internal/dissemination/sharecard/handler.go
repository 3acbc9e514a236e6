package sharecard

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// version changes whenever the drawing changes, so ETags do too.
const version = "1"

// cacheSize bounds the rendered cards kept in memory; a card is ~100 KB.
const cacheSize = 32

// FromArticle builds an article's card: a leading verdict label in the
// title ("[HOAKS] …") becomes the badge, the first region is shown (the
// province when there is none), the date is the first publication.
func FromArticle(a *warta.Article, brand string) Card {
	c := Card{Title: a.Title, Agency: a.Agency.Name, Date: a.PublishedAt, Brand: brand}
	if rest, ok := strings.CutPrefix(strings.TrimSpace(a.Title), "["); ok {
		if label, title, ok := strings.Cut(rest, "]"); ok && label != "" && len(label) <= 20 {
			c.Label, c.Title = strings.ToUpper(label), strings.TrimSpace(title)
		}
	}
	if len(a.Regions) > 0 {
		c.Region = a.Regions[0].Name
	} else {
		c.Region = "Jawa Timur"
	}
	return c
}

// ETag identifies what a card shows, quoted for the ETag header.
func (c Card) ETag() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%d\x00%s\x00%s", version, c.Title, c.Agency, c.Region, c.Date.Unix(), c.Brand, c.Label)
	return `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
}

// Handler serves GET /kartu/{id}.jpg: the share card of a published
// article, 404 for anything else. Mount it on "GET /kartu/{file}"; it
// reads the id from the last path segment. Cards are cached by clients
// for a week and revalidated by ETag, which changes with the title.
func Handler(load func(ctx context.Context, id string) (*warta.Article, error), brand string) http.Handler {
	return &handler{load: load, brand: brand, cache: map[string][]byte{}}
}

type handler struct {
	load  func(ctx context.Context, id string) (*warta.Article, error)
	brand string

	mu    sync.Mutex
	cache map[string][]byte // by ETag
	order []string
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Metode tidak diizinkan.", http.StatusMethodNotAllowed)
		return
	}
	id, ok := strings.CutSuffix(path.Base(r.URL.Path), ".jpg")
	if !ok || id == "" || id == "." {
		http.NotFound(w, r)
		return
	}
	a, err := h.load(r.Context(), id)
	switch {
	case warta.ErrorCode(err) == warta.ENotFound, err == nil && (a == nil || !a.Live()):
		http.Error(w, "Kartu tidak ditemukan.", http.StatusNotFound)
		return
	case err != nil:
		slog.Error("sharecard: load article", "id", id, "err", err)
		http.Error(w, "Kartu tidak dapat dibuat saat ini.", http.StatusInternalServerError)
		return
	}
	card := FromArticle(a, h.brand)
	etag := card.ETag()
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "public, max-age=604800")
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	b, err := h.render(card, etag)
	if err != nil {
		slog.Error("sharecard: render", "id", id, "err", err)
		http.Error(w, "Kartu tidak dapat dibuat saat ini.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	modified := a.UpdatedAt
	if modified.IsZero() {
		modified = a.PublishedAt
	}
	http.ServeContent(w, r, id+".jpg", modified.Truncate(time.Second), bytes.NewReader(b))
}

func (h *handler) render(c Card, etag string) ([]byte, error) {
	h.mu.Lock()
	b, ok := h.cache[etag]
	h.mu.Unlock()
	if ok {
		return b, nil
	}
	var buf bytes.Buffer
	if err := Render(&buf, c); err != nil {
		return nil, err
	}
	b = buf.Bytes()
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.cache[etag]; !ok {
		h.cache[etag] = b
		h.order = append(h.order, etag)
		if len(h.order) > cacheSize {
			delete(h.cache, h.order[0])
			h.order = h.order[1:]
		}
	}
	return b, nil
}

// etagMatch implements If-None-Match's weak comparison.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

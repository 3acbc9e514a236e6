package httpcache

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCacheServesETagGzipAndPurges(t *testing.T) {
	calls := 0
	version := "satu"
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.URL.Path == "/rahasia" {
			w.Header().Set("Cache-Control", "no-store")
		}
		if r.URL.Path == "/hilang" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<p>"+version+"</p>"+strings.Repeat("berita ", 200))
	})
	c := New(1<<20, time.Minute)
	srv := httptest.NewServer(c.Middleware(h))
	defer srv.Close()
	get := func(path string, hdr map[string]string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		tr := &http.Transport{DisableCompression: true}
		res, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	first := get("/berita", nil)
	etag := first.Header.Get("ETag")
	if etag == "" || first.Header.Get("Last-Modified") == "" {
		t.Fatalf("no validators: %v", first.Header)
	}
	get("/berita", nil)
	if calls != 1 {
		t.Fatalf("handler ran %d times, want 1", calls)
	}
	if res := get("/berita", map[string]string{"If-None-Match": etag}); res.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match: %d", res.StatusCode)
	}
	gz := get("/berita", map[string]string{"Accept-Encoding": "gzip, br"})
	if gz.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("not compressed")
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if !strings.HasPrefix(string(body), "<p>satu</p>") {
		t.Fatalf("gzip body %q", body[:20])
	}
	version = "dua"
	c.Purge()
	res := get("/berita", map[string]string{"If-None-Match": etag})
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.HasPrefix(string(b), "<p>dua</p>") {
		t.Fatalf("after purge: %d %q", res.StatusCode, b[:12])
	}
	before := calls
	get("/rahasia", nil)
	get("/rahasia", nil)
	get("/hilang", nil)
	get("/hilang", nil)
	if calls-before != 4 {
		t.Fatalf("no-store or 404 was cached: %d calls", calls-before)
	}
}

func TestCacheExpiresAndEvicts(t *testing.T) {
	now := time.Date(2024, 2, 14, 10, 0, 0, 0, time.UTC)
	calls := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Write([]byte(strings.Repeat("x", 10_000)))
	})
	c := New(50_000, time.Minute)
	c.now = func() time.Time { return now }
	mw := c.Middleware(h)
	for i := 0; i < 20; i++ {
		mw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/p"+strings.Repeat("i", i), nil))
	}
	if c.size > 50_000 {
		t.Fatalf("cache holds %d bytes over its 50000 budget", c.size)
	}
	calls = 0
	mw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	mw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	now = now.Add(2 * time.Minute)
	mw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	if calls != 2 {
		t.Fatalf("expiry: %d calls, want 2", calls)
	}
}

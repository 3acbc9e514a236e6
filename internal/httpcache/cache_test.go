package httpcache

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
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

// TestConcurrentMissesRenderOnce checks that a crowd arriving after a purge
// waits for one rendering instead of each rendering the page.
func TestConcurrentMissesRenderOnce(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-release
		w.Write([]byte("beranda"))
	})
	c := New(1<<20, time.Minute)
	mw := c.Middleware(h)
	var wg sync.WaitGroup
	bodies := make([]string, 20)
	for i := range bodies {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rec := httptest.NewRecorder()
			mw.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			bodies[i] = rec.Body.String()
		}(i)
	}
	time.Sleep(50 * time.Millisecond) // let the crowd gather behind the first
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("rendered %d times for 20 concurrent readers, want 1", n)
	}
	for _, b := range bodies {
		if b != "beranda" {
			t.Fatalf("a reader got %q", b)
		}
	}
}

// TestExpiredEntryServedWhileRefreshing checks that readers keep getting the
// old copy while one of them renders the new one.
func TestExpiredEntryServedWhileRefreshing(t *testing.T) {
	now := time.Date(2024, 2, 14, 10, 0, 0, 0, time.UTC)
	version := "lama"
	block := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if version == "baru" {
			<-block
		}
		w.Write([]byte(version))
	})
	c := New(1<<20, time.Minute)
	c.now = func() time.Time { return now }
	mw := c.Middleware(h)
	mw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	now = now.Add(2 * time.Minute)
	version = "baru"
	done := make(chan string)
	go func() {
		rec := httptest.NewRecorder()
		mw.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
		done <- rec.Body.String()
	}()
	time.Sleep(20 * time.Millisecond)
	rec := httptest.NewRecorder()
	mw.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Body.String() != "lama" {
		t.Fatalf("while refreshing got %q, want the old copy", rec.Body.String())
	}
	close(block)
	if got := <-done; got != "baru" {
		t.Fatalf("refreshing request got %q", got)
	}
	rec = httptest.NewRecorder()
	mw.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Body.String() != "baru" {
		t.Fatalf("after refresh got %q", rec.Body.String())
	}
}

// TestShortMaxAgeShortensLife checks that a page which says it changes in
// five seconds is not kept for the cache's whole minute.
func TestShortMaxAgeShortensLife(t *testing.T) {
	now := time.Date(2024, 2, 14, 10, 0, 0, 0, time.UTC)
	calls := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Cache-Control", "public, max-age=5")
		w.Write([]byte("lomba"))
	})
	c := New(1<<20, time.Minute)
	c.now = func() time.Time { return now }
	mw := c.Middleware(h)
	mw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/lomba/x", nil))
	now = now.Add(4 * time.Second)
	mw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/lomba/x", nil))
	now = now.Add(2 * time.Second)
	mw.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/lomba/x", nil))
	if calls != 2 {
		t.Fatalf("rendered %d times, want 2 (once, then after max-age)", calls)
	}
}

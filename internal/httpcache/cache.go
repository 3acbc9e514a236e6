// Package httpcache keeps rendered public pages and feeds in memory, so that
// a cached article costs a map lookup and a write. Entries carry a strong
// ETag, Last-Modified and a gzip copy made once; Purge drops everything when
// content changes (on this node by the store's change hook, on other nodes
// through the database's notifications).
package httpcache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxEntry is the largest response kept; bigger ones are served uncached.
const maxEntry = 4 << 20

// Cache is an in-process cache of whole GET responses.
type Cache struct {
	// Skip, when set, exempts requests from caching (staff pages, APIs).
	Skip func(*http.Request) bool

	maxBytes int64
	ttl      time.Duration
	now      func() time.Time

	mu      sync.RWMutex
	entries map[string]*entry
	size    int64
	gen     atomic.Uint64
	tick    atomic.Int64

	// Hits and Misses count lookups, for metrics.
	Hits, Misses atomic.Uint64

	flightMu sync.Mutex
	flights  map[string]*flight
}

type entry struct {
	status   int
	header   http.Header
	body     []byte
	gz       []byte
	etag     string
	length   []string // Content-Length of body
	gzLength []string // Content-Length of gz
	modified time.Time
	lastMod  string
	expires  time.Time

	etagHeader, lastModHeader []string
	refreshing                atomic.Bool // an expired entry being rendered anew
	used                      atomic.Int64
}

func (e *entry) size() int64 { return int64(len(e.body) + len(e.gz) + 512) }

// New returns a cache holding at most maxBytes of responses, each for at
// most ttl (pages show the clock: countdowns, "48 hours" sitemaps).
func New(maxBytes int64, ttl time.Duration) *Cache {
	return &Cache{maxBytes: maxBytes, ttl: ttl, now: time.Now, entries: map[string]*entry{}, flights: map[string]*flight{}}
}

// Purge drops every entry. Responses being rendered while Purge runs are
// not stored, since they may show the old content.
func (c *Cache) Purge() {
	c.gen.Add(1)
	c.mu.Lock()
	c.entries = map[string]*entry{}
	c.size = 0
	c.mu.Unlock()
}

// Len reports the number of cached responses.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Middleware serves GET and HEAD requests from the cache and stores the
// 200 and 301 responses of next that do not opt out with Cache-Control:
// no-store or private, or set cookies.
func (c *Cache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead || c.Skip != nil && c.Skip(r) {
			next.ServeHTTP(w, r)
			return
		}
		key := r.URL.Path
		if r.URL.RawQuery != "" {
			key += "?" + r.URL.RawQuery
		}
		now := c.now()
		c.mu.RLock()
		e := c.entries[key]
		c.mu.RUnlock()
		if e != nil && (now.Before(e.expires) || !e.refreshing.CompareAndSwap(false, true)) {
			// Fresh, or expired while another request already renders the
			// new copy: serve this one rather than render it again.
			c.Hits.Add(1)
			e.used.Store(c.tick.Add(1))
			c.serve(w, r, e)
			return
		}
		c.Misses.Add(1)
		stale := e
		e, rec := c.render(key, next, r, now)
		if stale != nil {
			// Whether or not a new copy replaced it, the next expiry may
			// try again.
			stale.refreshing.Store(false)
		}
		switch {
		case e != nil:
			c.serve(w, r, e)
		case rec != nil:
			rec.flushTo(w, r) // rendered here, but not cacheable
		default:
			// Waited for another request's rendering, which may not be
			// shared: render this one.
			next.ServeHTTP(w, r)
		}
	})
}

// flight is one rendering of a key that concurrent misses wait for.
type flight struct {
	done  chan struct{}
	entry *entry
}

// render produces the entry for key once however many requests miss at the
// same moment (after a purge, every reader of the home page does), storing
// it unless content changed meanwhile. The request that rendered also gets
// its recording, to send when the response may not be cached; a request
// that only waited gets neither when it may not.
func (c *Cache) render(key string, next http.Handler, r *http.Request, now time.Time) (*entry, *recorder) {
	c.flightMu.Lock()
	if f, ok := c.flights[key]; ok {
		c.flightMu.Unlock()
		<-f.done
		return f.entry, nil
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.flightMu.Unlock()
	defer func() {
		c.flightMu.Lock()
		delete(c.flights, key)
		c.flightMu.Unlock()
		close(f.done)
	}()
	gen := c.gen.Load()
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	next.ServeHTTP(rec, r)
	f.entry = c.build(rec, now)
	if f.entry != nil && c.gen.Load() == gen {
		c.store(key, f.entry)
	}
	return f.entry, rec
}

// build turns a recorded response into an entry, or nil when it must not
// be cached.
func (c *Cache) build(rec *recorder, now time.Time) *entry {
	if rec.status != http.StatusOK && rec.status != http.StatusMovedPermanently {
		return nil
	}
	if rec.buf.Len() > maxEntry || rec.header.Get("Set-Cookie") != "" {
		return nil
	}
	cc := rec.header.Get("Cache-Control")
	if strings.Contains(cc, "no-store") || strings.Contains(cc, "private") {
		return nil
	}
	body := bytes.Clone(rec.buf.Bytes())
	sum := sha256.Sum256(body)
	e := &entry{
		status:   rec.status,
		header:   rec.header,
		body:     body,
		etag:     `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		modified: now.UTC().Truncate(time.Second),
		expires:  now.Add(c.ttl),
	}
	if age, ok := maxAge(cc); ok && age < c.ttl {
		// The handler knows its page changes sooner (a countdown, a
		// contest phase); keep it no longer than it says.
		e.expires = now.Add(age)
	}
	e.lastMod = e.modified.Format(http.TimeFormat)
	e.length = []string{strconv.Itoa(len(body))}
	e.etagHeader, e.lastModHeader = []string{e.etag}, []string{e.lastMod}
	if cc == "" {
		e.header.Set("Cache-Control", "public, max-age=60")
	}
	if len(body) > 512 && compressible(rec.header.Get("Content-Type")) {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		e.gz = gz.Bytes()
		e.gzLength = []string{strconv.Itoa(len(e.gz))}
		e.header.Set("Vary", "Accept-Encoding")
	}
	return e
}

// maxAge reads max-age from a Cache-Control value.
func maxAge(cc string) (time.Duration, bool) {
	for _, part := range strings.Split(cc, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(k, "max-age") {
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				return time.Duration(n) * time.Second, true
			}
		}
	}
	return 0, false
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "xml") || strings.Contains(ct, "json") ||
		strings.Contains(ct, "javascript")
}

func (c *Cache) store(key string, e *entry) {
	e.used.Store(c.tick.Add(1))
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[key]; ok {
		c.size -= old.size()
	}
	c.entries[key] = e
	c.size += e.size()
	if c.size > c.maxBytes {
		c.evict()
	}
}

// evict removes the least recently used quarter of the entries. Called with
// c.mu held; rare, so a sort is fine.
func (c *Cache) evict() {
	type kv struct {
		key  string
		used int64
	}
	all := make([]kv, 0, len(c.entries))
	for k, e := range c.entries {
		all = append(all, kv{k, e.used.Load()})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].used < all[j].used })
	for _, x := range all {
		if c.size <= c.maxBytes*3/4 {
			break
		}
		c.size -= c.entries[x.key].size()
		delete(c.entries, x.key)
	}
}

// serve writes a cached entry, answering conditional requests with 304.
func (c *Cache) serve(w http.ResponseWriter, r *http.Request, e *entry) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	h["Etag"] = e.etagHeader
	h["Last-Modified"] = e.lastModHeader
	if notModified(r, e) {
		delete(h, "Content-Type")
		delete(h, "Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, length := e.body, e.length
	if e.gz != nil && acceptsGzip(r) {
		body, length = e.gz, e.gzLength
		h["Content-Encoding"] = gzipEncoding
	}
	h["Content-Length"] = length
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

var gzipEncoding = []string{"gzip"}

func notModified(r *http.Request, e *entry) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == e.etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !e.modified.After(t) {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == "gzip" && !strings.Contains(strings.ReplaceAll(q, " ", ""), "q=0") {
			return true
		}
	}
	return false
}

// recorder captures a response for the cache.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.buf.Write(p)
}

// flushTo writes an uncacheable recorded response through unchanged.
func (r *recorder) flushTo(w http.ResponseWriter, req *http.Request) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	w.WriteHeader(r.status)
	if req.Method != http.MethodHead {
		w.Write(r.buf.Bytes())
	}
}

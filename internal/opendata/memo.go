package opendata

import (
	"context"
	"strings"
	"sync"
	"time"
)

// memo keeps computed aggregates (counts for /statistik, datasets' last
// modified times) for a while. The page cache is purged at every
// publication, which on a busy day is every few minutes; counts over
// millions of rows need not follow each one. A value is computed by one
// request while others wait for it; once it has expired, readers get the
// old value at once while one background computation replaces it, so no
// reader waits for a count after the first.
type memo struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[string]*memoEntry
	gen     uint64 // purge count: a computation started before a purge is not kept
}

type memoEntry struct {
	ready      chan struct{} // closed once value or err is set
	value      any
	err        error
	expires    time.Time
	refreshing bool
}

func newMemo(ttl time.Duration, now func() time.Time) *memo {
	return &memo{ttl: ttl, now: now, entries: map[string]*memoEntry{}}
}

// get returns the remembered value of key, computing it when missing.
// Errors are not remembered.
func (m *memo) get(ctx context.Context, key string, compute func(context.Context) (any, error)) (any, error) {
	m.mu.Lock()
	e := m.entries[key]
	if e == nil {
		e = &memoEntry{ready: make(chan struct{})}
		m.entries[key] = e
		gen := m.gen
		m.mu.Unlock()
		// The computation outlives a reader who gives up, for the others.
		v, err := compute(context.WithoutCancel(ctx))
		m.mu.Lock()
		e.value, e.err, e.expires = v, err, m.now().Add(m.ttl)
		if err != nil || gen != m.gen {
			if m.entries[key] == e {
				delete(m.entries, key)
			}
		}
		m.mu.Unlock()
		close(e.ready)
		return v, err
	}
	select {
	case <-e.ready:
		if !e.refreshing && !m.now().Before(e.expires) {
			e.refreshing = true
			go m.refresh(key, e, compute)
		}
		v := e.value
		m.mu.Unlock()
		return v, nil
	default:
	}
	m.mu.Unlock()
	select {
	case <-e.ready:
		return e.value, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// refresh computes an expired value anew and puts it in place of the old
// one, which is kept when the computation fails.
func (m *memo) refresh(key string, old *memoEntry, compute func(context.Context) (any, error)) {
	m.mu.Lock()
	gen := m.gen
	m.mu.Unlock()
	v, err := compute(context.Background())
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries[key] != old || gen != m.gen {
		return // purged meanwhile
	}
	if err != nil {
		old.refreshing = false
		old.expires = m.now().Add(m.ttl / 10) // try again soon
		return
	}
	e := &memoEntry{ready: make(chan struct{}), value: v, expires: m.now().Add(m.ttl)}
	close(e.ready)
	m.entries[key] = e
}

// purge forgets the keys with the prefix ("" for all), after an import
// changed what they remember.
func (m *memo) purge(prefix string) {
	m.mu.Lock()
	m.gen++
	for k := range m.entries {
		if strings.HasPrefix(k, prefix) {
			delete(m.entries, k)
		}
	}
	m.mu.Unlock()
}

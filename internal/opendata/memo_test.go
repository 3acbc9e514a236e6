package opendata

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// One computation serves every reader until the TTL; after it, readers get
// the old value at once while one refresh runs; a purge forgets all.
func TestMemo(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 2, 14, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	m := newMemo(time.Minute, clock)
	var calls atomic.Int64
	release := make(chan struct{})
	compute := func(context.Context) (any, error) {
		n := calls.Add(1)
		if n == 2 {
			<-release // the refresh is slow
		}
		return n, nil
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := m.get(ctx, "k", compute); err != nil || v.(int64) != 1 {
				t.Errorf("first: %v %v", v, err)
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("%d computations for concurrent readers", calls.Load())
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	if v, _ := m.get(ctx, "k", compute); v.(int64) != 1 {
		t.Errorf("expired: got %v, want the old value while refreshing", v)
	}
	deadline := time.Now().Add(5 * time.Second)
	for calls.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if v, _ := m.get(ctx, "k", compute); v.(int64) != 1 || calls.Load() != 2 {
		t.Errorf("during refresh: %v, %d computations", v, calls.Load())
	}
	close(release)
	for {
		if v, _ := m.get(ctx, "k", compute); v.(int64) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the refreshed value never arrived")
		}
		time.Sleep(time.Millisecond)
	}
	m.purge("")
	if v, _ := m.get(ctx, "k", compute); v.(int64) != 3 {
		t.Errorf("after purge: %v", v)
	}
}

package dissemination

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Channels that limit how fast Warta may post get a token bucket each,
// from the channel's rate_per_minute setting (and rate_burst, default 1).
// A delivery over the limit waits (its job snoozes) rather than being sent
// and refused. The buckets live in each node's memory: with several nodes
// on one PostgreSQL the channel may see up to that many times the rate, so
// set it with the number of nodes in mind.

type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	perSec float64
	burst  float64
	tokens float64
	last   time.Time
}

func newLimiter() *limiter { return &limiter{buckets: map[string]*bucket{}} }

// parseRate reads a rate_per_minute value.
func parseRate(s string) (float64, bool) {
	r, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return r, err == nil && !math.IsNaN(r) && !math.IsInf(r, 0)
}

// take takes a token for ch at now, or returns how long until one is
// available. Channels without a rate are not limited.
func (l *limiter) take(ch *Channel, now time.Time) time.Duration {
	rate, ok := parseRate(ch.Settings["rate_per_minute"])
	if !ok || rate <= 0 {
		return 0
	}
	burst := 1.0
	if b, ok := parseRate(ch.Settings["rate_burst"]); ok && b >= 1 {
		burst = math.Floor(b)
	}
	perSec := rate / 60
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[ch.ID]
	if b == nil || b.perSec != perSec || b.burst != burst {
		b = &bucket{perSec: perSec, burst: burst, tokens: burst, last: now}
		l.buckets[ch.ID] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(b.burst, b.tokens+elapsed*b.perSec)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	wait := time.Duration((1 - b.tokens) / b.perSec * float64(time.Second))
	return max(wait, time.Millisecond)
}

// giveBack returns a token taken for a delivery that was not sent after
// all.
func (l *limiter) giveBack(channelID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.buckets[channelID]; b != nil {
		b.tokens = math.Min(b.burst, b.tokens+1)
	}
}

// forget drops a channel's bucket after its settings change.
func (l *limiter) forget(channelID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.buckets, channelID)
}

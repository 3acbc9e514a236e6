package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const secret = "rahasia-mitra"

func item(op dissemination.Op) *dissemination.Item {
	pub := time.Date(2024, 2, 14, 7, 0, 0, 0, time.UTC)
	return &dissemination.Item{
		Op: op, Version: "3", URL: "https://warta.example.id/berita/2024/02/14/hari-pemungutan-suara",
		Article: &warta.Article{
			ID: "01HPABCDEFGHJKMNPQRSTVWXYZ", Title: "Hari pemungutan suara", Dek: "TPS buka pukul 07.00 WIB.",
			PublishedAt: pub, UpdatedAt: pub.Add(time.Hour),
			Agency:  warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur"},
			Regions: []warta.Region{{Code: "35.78", Slug: "kota-surabaya", Name: "Kota Surabaya", Kind: warta.RegionKota}},
			Stages:  []warta.Stage{{Slug: "pemilu-2024-pemungutan", Name: "Pemungutan suara", ElectionName: "Pemilu 2024"}},
			Tags:    []warta.Tag{{Slug: "tps", Name: "TPS"}},
		},
	}
}

// partner is a partner site's endpoint that verifies every request the way
// the package documentation tells partners to.
type partner struct {
	mu     sync.Mutex
	status []int // answers to give, in order; then 204
	got    []*http.Request
	bodies [][]byte
	errs   []error
}

func (p *partner) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.got = append(p.got, r)
	p.bodies = append(p.bodies, body)
	p.errs = append(p.errs, Verify(secret, r.Header, body, 5*time.Minute))
	if len(p.status) > 0 {
		st := p.status[0]
		p.status = p.status[1:]
		if st == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "30")
		}
		w.WriteHeader(st)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func channel(url string) *dissemination.Channel {
	return &dissemination.Channel{ID: "CH1", Kind: "webhook", Settings: map[string]string{"url": url},
		Secrets: map[string]string{"signing_secret": secret}}
}

func TestDeliverSignedRequest(t *testing.T) {
	p := &partner{}
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := New()
	ch := channel(srv.URL + "/hooks/warta")
	for _, tc := range []struct {
		op    dissemination.Op
		event string
	}{{dissemination.OpCreate, EventPublished}, {dissemination.OpUpdate, EventUpdated}, {dissemination.OpDelete, EventUnpublished}} {
		it := item(tc.op)
		remote, err := c.Deliver(context.Background(), ch, it, srv.Client(), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.op, err)
		}
		r, body, verr := p.got[len(p.got)-1], p.bodies[len(p.bodies)-1], p.errs[len(p.errs)-1]
		if verr != nil {
			t.Errorf("%s: partner cannot verify: %v", tc.op, verr)
		}
		if r.Method != http.MethodPost || r.URL.Path != "/hooks/warta" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: request %s %s %s", tc.op, r.Method, r.URL.Path, r.Header.Get("Content-Type"))
		}
		if got, want := r.Header.Get("Idempotency-Key"), it.IdempotencyKey(ch); got != want || remote.ID != want {
			t.Errorf("%s: Idempotency-Key %q, remote %q, want %q", tc.op, got, remote.ID, want)
		}
		if r.Header.Get(HeaderEvent) != tc.event {
			t.Errorf("%s: Warta-Event %q", tc.op, r.Header.Get(HeaderEvent))
		}
		var got map[string]any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if got["event"] != tc.event || got["id"] != it.Article.ID || got["url"] != it.URL || got["title"] != "Hari pemungutan suara" ||
			got["dek"] != "TPS buka pukul 07.00 WIB." || got["published_at"] != "2024-02-14T07:00:00Z" || got["updated_at"] != "2024-02-14T08:00:00Z" {
			t.Errorf("%s: body %s", tc.op, body)
		}
		for _, want := range []string{`"agency":{"slug":"kpu-jatim","name":"KPU Provinsi Jawa Timur"}`,
			`"regions":[{"code":"35.78","slug":"kota-surabaya","name":"Kota Surabaya"}]`,
			`"stages":[{"slug":"pemilu-2024-pemungutan","name":"Pemungutan suara","election":"Pemilu 2024"}]`,
			`"tags":[{"slug":"tps","name":"TPS"}]`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("%s: body lacks %s:\n%s", tc.op, want, body)
			}
		}
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"event":"article.published","id":"X"}`)
	now := time.Unix(1707890400, 0)
	h := http.Header{}
	h.Set("Warta-Timestamp", "1707890400")
	h.Set("Warta-Signature", "v1="+Sign(secret, "1707890400", body))
	if err := verifyAt(secret, h, body, 5*time.Minute, now); err != nil {
		t.Fatalf("good signature refused: %v", err)
	}
	rotated := h.Clone()
	rotated.Set("Warta-Signature", "v1="+Sign("lama", "1707890400", body)+", v1="+Sign(secret, "1707890400", body))
	if err := verifyAt(secret, rotated, body, 5*time.Minute, now); err != nil {
		t.Errorf("one of two signatures matching refused: %v", err)
	}
	for name, tc := range map[string]struct {
		h    func(http.Header)
		body []byte
		now  time.Time
		want error
	}{
		"tampered body":     {func(http.Header) {}, []byte(`{"event":"article.published","id":"Y"}`), now, ErrBadSignature},
		"wrong secret":      {func(h http.Header) { h.Set("Warta-Signature", "v1="+Sign("salah", "1707890400", body)) }, body, now, ErrBadSignature},
		"other timestamp":   {func(h http.Header) { h.Set("Warta-Timestamp", "1707890401") }, body, now, ErrBadSignature},
		"missing signature": {func(h http.Header) { h.Del("Warta-Signature") }, body, now, ErrNoSignature},
		"missing timestamp": {func(h http.Header) { h.Del("Warta-Timestamp") }, body, now, ErrNoSignature},
		"not hex":           {func(h http.Header) { h.Set("Warta-Signature", "v1=zz") }, body, now, ErrBadSignature},
		"other scheme":      {func(h http.Header) { h.Set("Warta-Signature", "v0="+Sign(secret, "1707890400", body)) }, body, now, ErrBadSignature},
		"replayed later":    {func(http.Header) {}, body, now.Add(6 * time.Minute), ErrStale},
		"from the future":   {func(http.Header) {}, body, now.Add(-6 * time.Minute), ErrStale},
	} {
		hh := h.Clone()
		tc.h(hh)
		if err := verifyAt(secret, hh, tc.body, 5*time.Minute, tc.now); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

func TestDeliverErrors(t *testing.T) {
	for _, tc := range []struct {
		status     int
		retryable  bool
		retryAfter time.Duration
	}{
		{http.StatusInternalServerError, true, 0},
		{http.StatusTooManyRequests, true, 30 * time.Second},
		{http.StatusRequestTimeout, true, 0},
		{http.StatusUnauthorized, false, 0},
		{http.StatusBadRequest, false, 0},
		{http.StatusGone, false, 0},
	} {
		p := &partner{status: []int{tc.status}}
		srv := httptest.NewServer(p)
		_, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), srv.Client(), nil)
		srv.Close()
		var de *dissemination.Error
		if !errors.As(err, &de) {
			t.Fatalf("HTTP %d: %v is not *dissemination.Error", tc.status, err)
		}
		if de.Retryable != tc.retryable || de.RetryAfter != tc.retryAfter || de.Message == "" {
			t.Errorf("HTTP %d: retryable %v after %v (%q), want %v after %v", tc.status, de.Retryable, de.RetryAfter, de.Message, tc.retryable, tc.retryAfter)
		}
	}
	// A retry of the same item carries the same key, so partners can drop it.
	p := &partner{status: []int{http.StatusServiceUnavailable}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	c, ch, it := New(), channel(srv.URL), item(dissemination.OpCreate)
	if _, err := c.Deliver(context.Background(), ch, it, srv.Client(), nil); err == nil {
		t.Fatal("503 delivered")
	}
	if _, err := c.Deliver(context.Background(), ch, it, srv.Client(), nil); err != nil {
		t.Fatal(err)
	}
	if a, b := p.got[0].Header.Get("Idempotency-Key"), p.got[1].Header.Get("Idempotency-Key"); a != b || a == "" {
		t.Errorf("retry keys %q and %q", a, b)
	}
	// Without url or secret the editor learns which setting is missing.
	bad := channel("")
	if _, err := c.Deliver(context.Background(), bad, it, srv.Client(), nil); err == nil || !strings.Contains(err.Error(), "url") {
		t.Errorf("missing url: %v", err)
	}
}

func TestCheckPings(t *testing.T) {
	p := &partner{}
	srv := httptest.NewServer(p)
	defer srv.Close()
	if err := New().Check(context.Background(), channel(srv.URL), srv.Client()); err != nil {
		t.Fatal(err)
	}
	if p.errs[0] != nil || string(p.bodies[0]) != `{"event":"ping"}` || p.got[0].Header.Get(HeaderEvent) != "ping" {
		t.Errorf("ping: %s %v", p.bodies[0], p.errs[0])
	}
}

func TestRenderIsTheBody(t *testing.T) {
	r, err := New().Render(channel("https://mitra.example/hook"), item(dissemination.OpCreate))
	if err != nil {
		t.Fatal(err)
	}
	var p Payload
	if err := json.Unmarshal([]byte(r.Text), &p); err != nil || p.Event != EventPublished || p.Title != "Hari pemungutan suara" {
		t.Errorf("render %q: %v", r.Text, err)
	}
}

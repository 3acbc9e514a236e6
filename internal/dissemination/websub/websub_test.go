package websub

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// hub records publish pings and answers as hubs do: 204, or a failure on
// demand for the nth request.
type hub struct {
	mu     sync.Mutex
	topics []string
	failAt int // 1-based request number to answer 503; 0 never
	n      int
	bad    []string
}

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
	body, _ := io.ReadAll(r.Body)
	form, err := url.ParseQuery(string(body))
	if r.Method != http.MethodPost || r.URL.Path != "/hub" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" ||
		err != nil || form.Get("hub.mode") != "publish" || len(form["hub.url"]) != 1 || len(form) != 2 {
		h.bad = append(h.bad, r.Method+" "+r.URL.Path+" "+string(body))
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if h.n == h.failAt {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	h.topics = append(h.topics, form.Get("hub.url"))
	w.WriteHeader(http.StatusNoContent)
}

type progress map[string]string

func (p progress) Step(k string) string { return p[k] }
func (p progress) SaveStep(_ context.Context, k, v string) error {
	p[k] = v
	return nil
}

func item() *dissemination.Item {
	return &dissemination.Item{Op: dissemination.OpCreate, Site: dissemination.Site{BaseURL: "https://warta.example.id/"},
		Article: &warta.Article{ID: "A1", Title: "Rekapitulasi",
			Agency:  warta.Agency{Slug: "kpu-jatim"},
			Regions: []warta.Region{{Slug: "kota-surabaya"}},
			Stages:  []warta.Stage{{Slug: "pemilu-2024-rekapitulasi"}},
			Tags:    []warta.Tag{{Slug: "rekap"}}}}
}

var wantTopics = func() []string {
	var out []string
	for _, p := range []string{"/feed", "/wilayah/kota-surabaya/feed", "/tahapan/pemilu-2024-rekapitulasi/feed", "/sumber/kpu-jatim/feed", "/tag/rekap/feed"} {
		for _, ext := range []string{".xml", ".atom", ".json"} {
			out = append(out, "https://warta.example.id"+p+ext)
		}
	}
	return out
}()

func TestDeliverPingsEveryChangedFeed(t *testing.T) {
	h := &hub{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	ch := &dissemination.Channel{Kind: "websub", Settings: map[string]string{"hub": srv.URL + "/hub"}}
	if _, err := New("https://warta.example.id").Deliver(context.Background(), ch, item(), srv.Client(), progress{}); err != nil {
		t.Fatal(err)
	}
	if len(h.bad) > 0 {
		t.Fatalf("malformed pings: %q", h.bad)
	}
	if len(h.topics) != len(wantTopics) {
		t.Fatalf("pinged %q, want %q", h.topics, wantTopics)
	}
	for i := range wantTopics {
		if h.topics[i] != wantTopics[i] {
			t.Errorf("ping %d: %s, want %s", i, h.topics[i], wantTopics[i])
		}
	}
}

func TestRetryPingsOnlyTheRest(t *testing.T) {
	h := &hub{failAt: 4}
	srv := httptest.NewServer(h)
	defer srv.Close()
	ch := &dissemination.Channel{Kind: "websub", Settings: map[string]string{"hub": srv.URL + "/hub"}}
	p, c := progress{}, New("https://warta.example.id")
	_, err := c.Deliver(context.Background(), ch, item(), srv.Client(), p)
	var de *dissemination.Error
	if !errors.As(err, &de) || !de.Retryable {
		t.Fatalf("503 from the hub: %v, want a retryable error", err)
	}
	if _, err := c.Deliver(context.Background(), ch, item(), srv.Client(), p); err != nil {
		t.Fatal(err)
	}
	if len(h.topics) != len(wantTopics) {
		t.Errorf("%d pings after a retry, want each of %d topics once: %q", len(h.topics), len(wantTopics), h.topics)
	}
	seen := map[string]bool{}
	for _, tp := range h.topics {
		if seen[tp] {
			t.Errorf("%s pinged twice", tp)
		}
		seen[tp] = true
	}
}

func TestCheckPingsSiteFeed(t *testing.T) {
	h := &hub{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	ch := &dissemination.Channel{Kind: "websub", Settings: map[string]string{"hub": srv.URL + "/hub"}}
	if err := New("https://warta.example.id/").Check(context.Background(), ch, srv.Client()); err != nil {
		t.Fatal(err)
	}
	if len(h.topics) != 1 || h.topics[0] != "https://warta.example.id/feed.xml" {
		t.Errorf("check pinged %q", h.topics)
	}
	if err := New("https://warta.example.id").Check(context.Background(), &dissemination.Channel{}, srv.Client()); err == nil {
		t.Error("check without a hub passed")
	}
}

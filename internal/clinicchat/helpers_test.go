package clinicchat

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// fakeClinic stands in for clinic.Service: it keeps the contract that a
// second submission with the same channel and ExternalID stores nothing
// and comes back as a repeat.
type fakeClinic struct {
	mu      sync.Mutex
	calls   int
	stored  []clinic.Submission
	tickets map[string]string
	fail    []error // returned by the next calls, in order
}

func (f *fakeClinic) Submit(_ context.Context, in clinic.Submission) (*clinic.Receipt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if len(f.fail) > 0 {
		err := f.fail[0]
		f.fail = f.fail[1:]
		return nil, err
	}
	if f.tickets == nil {
		f.tickets = map[string]string{}
	}
	key := in.Channel + "|" + in.ExternalID
	if t, ok := f.tickets[key]; ok {
		return &clinic.Receipt{Ticket: t, Decision: clinic.DecisionNew, Reply: "Laporan " + t + " sudah kami terima.", Repeat: true}, nil
	}
	f.stored = append(f.stored, in)
	t := fmt.Sprintf("KH-2026-%06d", len(f.stored))
	f.tickets[key] = t
	return &clinic.Receipt{Ticket: t, Decision: clinic.DecisionNew,
		Reply: "Terima kasih, laporan Anda kami terima dengan nomor tiket " + t + "."}, nil
}

func (f *fakeClinic) reports() []clinic.Submission {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]clinic.Submission(nil), f.stored...)
}

func (f *fakeClinic) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// request is one request a fake API received.
type request struct {
	Method, Path, Auth string
	Body               map[string]any
}

// fakeAPI records requests and answers them with handle.
type fakeAPI struct {
	t      *testing.T
	mu     sync.Mutex
	got    []request
	handle func(w http.ResponseWriter, r *http.Request, body map[string]any)
	srv    *httptest.Server
}

func newFakeAPI(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, body map[string]any)) *fakeAPI {
	a := &fakeAPI{t: t, handle: handle}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		if len(raw) > 0 {
			if r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("%s %s: Content-Type %q", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
			}
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Errorf("%s %s: body is not JSON: %s", r.Method, r.URL.Path, raw)
			}
		}
		a.mu.Lock()
		a.got = append(a.got, request{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"), Body: body})
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		a.handle(w, r, body)
	}))
	t.Cleanup(a.srv.Close)
	return a
}

// requests returns the requests to paths ending in suffix.
func (a *fakeAPI) requests(suffix string) []request {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []request
	for _, r := range a.got {
		if strings.HasSuffix(r.Path, suffix) {
			out = append(out, r)
		}
	}
	return out
}

func (a *fakeAPI) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.got)
}

// clock is a fixed time source.
var testNow = time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)

func staticChannel(ch *dissemination.Channel) ChannelFunc {
	return func(context.Context) (*dissemination.Channel, error) { return ch, nil }
}

// consentChecks are what the consent text sent with every report must say.
func checkConsent(t *testing.T, text, what string) {
	t.Helper()
	for _, want := range []string{"Klinik Hoaks Warta Jatim", what, "hanya untuk menjawab laporan", "30 hari",
		"penghapusan", "https://warta.example/klinik"} {
		if !strings.Contains(text, want) {
			t.Errorf("consent %q lacks %q", text, want)
		}
	}
}

package instagram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const (
	token  = "IGQVJtoken"
	igUser = "17841405822304914"
	card   = "https://warta.example/kartu/01HPQ8Z3J6V9W2X4Y5Z6A7B8C9.jpg"
	link   = "https://warta.example/berita/2024/02/14/rekap"
)

// fakeGraph is a stand-in for the Instagram content publishing API with
// the state that matters: containers, their status, and what was
// published.
type fakeGraph struct {
	t *testing.T

	mu         sync.Mutex
	log        []string // "POST /17841405822304914/media", …
	containers map[string]string
	published  map[string]string // container → media id
	created    int
	quotaUsage int
	pending    int    // status polls that answer IN_PROGRESS before FINISHED
	status     string // forced status_code, when set
	caption    string
	imageURL   string
}

func newFake(t *testing.T) (*fakeGraph, *httptest.Server) {
	f := &fakeGraph{t: t, containers: map[string]string{}, published: map[string]string{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeGraph) record(e string) {
	f.mu.Lock()
	f.log = append(f.log, e)
	f.mu.Unlock()
}

func (f *fakeGraph) events() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

func (f *fakeGraph) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(b))
	q := r.URL.Query()
	f.log = append(f.log, r.Method+" "+r.URL.Path)
	tok := q.Get("access_token")
	if r.Method == http.MethodPost {
		tok = form.Get("access_token")
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			f.t.Errorf("%s: Content-Type %q", r.URL.Path, ct)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if tok != token {
		w.WriteHeader(400)
		io.WriteString(w, `{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"X"}}`)
		return
	}
	switch {
	case r.Method == "GET" && r.URL.Path == "/"+igUser+"/content_publishing_limit":
		if q.Get("fields") != "quota_usage,config" {
			f.t.Errorf("quota fields = %q", q.Get("fields"))
		}
		fmt.Fprintf(w, `{"data":[{"quota_usage":%d,"config":{"quota_total":50,"quota_duration":86400}}]}`, f.quotaUsage)
	case r.Method == "POST" && r.URL.Path == "/"+igUser+"/media":
		f.created++
		id := fmt.Sprintf("1788945556005144%d", f.created)
		f.containers[id] = "IN_PROGRESS"
		f.caption, f.imageURL = form.Get("caption"), form.Get("image_url")
		fmt.Fprintf(w, `{"id":"%s"}`, id)
	case r.Method == "POST" && r.URL.Path == "/"+igUser+"/media_publish":
		c := form.Get("creation_id")
		if _, ok := f.containers[c]; !ok || f.published[c] != "" {
			w.WriteHeader(400)
			io.WriteString(w, `{"error":{"message":"Media ID is not available","type":"OAuthException","code":9007,"error_subcode":2207027}}`)
			return
		}
		f.published[c] = "1792023842203050" + fmt.Sprint(len(f.published)+1)
		f.containers[c] = "PUBLISHED"
		f.quotaUsage++
		fmt.Fprintf(w, `{"id":"%s"}`, f.published[c])
	case r.Method == "GET" && q.Get("fields") == "status_code,status":
		c := strings.TrimPrefix(r.URL.Path, "/")
		st, ok := f.containers[c]
		if !ok {
			w.WriteHeader(400)
			io.WriteString(w, `{"error":{"message":"Unsupported get request.","code":100,"error_subcode":33}}`)
			return
		}
		if st == "IN_PROGRESS" {
			if f.pending > 0 {
				f.pending--
			} else {
				st = "FINISHED"
				f.containers[c] = st
			}
		}
		if f.status != "" {
			st = f.status
		}
		fmt.Fprintf(w, `{"status_code":"%s","status":"%s","id":"%s"}`, st, strings.ToLower(st), c)
	case r.Method == "GET" && q.Get("fields") == "permalink":
		m := strings.TrimPrefix(r.URL.Path, "/")
		fmt.Fprintf(w, `{"permalink":"https://www.instagram.com/p/%s/","id":"%s"}`, m, m)
	case r.Method == "GET" && r.URL.Path == "/"+igUser && q.Get("fields") == "username":
		io.WriteString(w, `{"username":"wartajatim","id":"`+igUser+`"}`)
	default:
		f.t.Errorf("unexpected request %s %s", r.Method, r.URL)
		w.WriteHeader(400)
		io.WriteString(w, `{"error":{"message":"Unknown path components","code":2500}}`)
	}
}

// progress is the engine's Progress in memory; it can log its saves into
// the fake's request log to show their order.
type progress struct {
	steps map[string]string
	f     *fakeGraph
	after func(key string) // runs after a save, e.g. to "crash"
}

func newProgress(f *fakeGraph) *progress { return &progress{steps: map[string]string{}, f: f} }

func (p *progress) Step(k string) string { return p.steps[k] }
func (p *progress) SaveStep(_ context.Context, k, v string) error {
	p.steps[k] = v
	if p.f != nil {
		p.f.record("save " + k + "=" + v)
	}
	if p.after != nil {
		p.after(k)
	}
	return nil
}

func article() *warta.Article {
	return &warta.Article{
		ID: "01HPQ8Z3J6V9W2X4Y5Z6A7B8C9", Title: "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi",
		Dek:     "Rapat pleno terbuka digelar di Surabaya.",
		Tags:    []warta.Tag{{Name: "Pemilu Jatim"}, {Name: "Rekapitulasi"}},
		Regions: []warta.Region{{Name: "Kota Surabaya", Kind: warta.RegionKota}},
		Status:  warta.StatusPublished,
	}
}

func item(op dissemination.Op) *dissemination.Item {
	return &dissemination.Item{Op: op, Article: article(), URL: link, ImageURL: card, CardURL: card, Version: "v1"}
}

func channel(base string) *dissemination.Channel {
	return &dissemination.Channel{
		ID: "ig1", Kind: "instagram",
		Settings: map[string]string{"ig_user_id": igUser, "api_base": base},
		Secrets:  map[string]string{"access_token": token},
	}
}

func fast() *Connector {
	c := New()
	c.PollInterval = time.Millisecond
	return c
}

func sender() dissemination.Sender { return &http.Client{Timeout: 2 * time.Second} }

func TestPublishSavesTheContainerBeforePollingAndPublishing(t *testing.T) {
	f, srv := newFake(t)
	f.pending = 2
	p := newProgress(f)
	rem, err := fast().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), p)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"GET /" + igUser + "/content_publishing_limit",
		"POST /" + igUser + "/media",
		"save instagram.container=17889455560051441",
		"GET /17889455560051441", "GET /17889455560051441", "GET /17889455560051441",
		"POST /" + igUser + "/media_publish",
		"save instagram.media=17920238422030501",
		"GET /17920238422030501",
	}
	if got := f.events(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sequence:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rem.ID != "17920238422030501" || rem.URL != "https://www.instagram.com/p/17920238422030501/" {
		t.Errorf("remote = %+v", rem)
	}
	if f.imageURL != card {
		t.Errorf("image_url = %q", f.imageURL)
	}
	wantCaption := "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi\n\nRapat pleno terbuka digelar di Surabaya.\n\nSelengkapnya: " + link + "\n\n#PemiluJatim #Rekapitulasi #KotaSurabaya"
	if f.caption != wantCaption {
		t.Errorf("caption = %q, want %q", f.caption, wantCaption)
	}
}

func TestCrashAfterContainerCreatedRetryPublishesThatContainerOnce(t *testing.T) {
	f, srv := newFake(t)
	p := newProgress(f)
	// The process dies right after the container id is saved: nothing
	// after that save reaches Instagram.
	ctx, crash := context.WithCancel(context.Background())
	p.after = func(key string) {
		if key == StepContainer {
			crash()
		}
	}
	_, err := fast().Deliver(ctx, channel(srv.URL), item(dissemination.OpCreate), sender(), p)
	if de := dissemination.AsError(err); err == nil || !de.Retryable {
		t.Fatalf("first attempt: %v", err)
	}
	if p.Step(StepContainer) == "" || f.created != 1 || len(f.published) != 0 {
		t.Fatalf("after the crash: container %q, created %d, published %d", p.Step(StepContainer), f.created, len(f.published))
	}

	// Restart: a new connector, the same delivery's progress.
	p.after = nil
	rem, err := fast().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), p)
	if err != nil {
		t.Fatal(err)
	}
	if f.created != 1 {
		t.Errorf("%d containers created, want 1", f.created)
	}
	if len(f.published) != 1 || f.published[p.Step(StepContainer)] != rem.ID {
		t.Errorf("published %v, remote %+v", f.published, rem)
	}

	// A third attempt (the engine lost the answer) publishes nothing more.
	before := len(f.events())
	if _, err := fast().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), p); err != nil {
		t.Fatal(err)
	}
	for _, e := range f.events()[before:] {
		if strings.HasPrefix(e, "POST") {
			t.Errorf("retry after success sent %s", e)
		}
	}
}

func TestCrashAfterPublishBeforeRecordingNeverPublishesTwice(t *testing.T) {
	f, srv := newFake(t)
	p := newProgress(f)
	ctx, crash := context.WithCancel(context.Background())
	// media_publish went through, then the process died before saving the
	// media id: simulate by cancelling when the publish answer arrives.
	s := senderFunc(func(r *http.Request) (*http.Response, error) {
		res, err := sender().Do(r)
		if strings.HasSuffix(r.URL.Path, "/media_publish") {
			if res != nil {
				res.Body.Close()
			}
			crash()
			return nil, context.Canceled
		}
		return res, err
	})
	if _, err := fast().Deliver(ctx, channel(srv.URL), item(dissemination.OpCreate), s, p); err == nil {
		t.Fatal("first attempt should fail")
	}
	if len(f.published) != 1 || p.Step(StepMedia) != "" {
		t.Fatalf("setup: published %d, media step %q", len(f.published), p.Step(StepMedia))
	}
	rem, err := fast().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.published) != 1 || f.created != 1 {
		t.Errorf("published %d, created %d; want 1 and 1", len(f.published), f.created)
	}
	if rem.ID != "container:"+p.Step(StepContainer) {
		t.Errorf("remote = %+v", rem)
	}
}

type senderFunc func(*http.Request) (*http.Response, error)

func (f senderFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestStillProcessingRetriesWithTheSameContainer(t *testing.T) {
	f, srv := newFake(t)
	f.pending = 5
	c := fast()
	c.PollAttempts = 2
	p := newProgress(nil)
	_, err := c.Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), p)
	wantErr(t, err, true, 0, "masih memproses gambar")
	f.pending = 0
	if _, err := c.Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), p); err != nil {
		t.Fatal(err)
	}
	if f.created != 1 || len(f.published) != 1 {
		t.Errorf("created %d, published %d", f.created, len(f.published))
	}
}

func TestContainerErrorIsPermanentAndForgotten(t *testing.T) {
	f, srv := newFake(t)
	f.status = "ERROR"
	p := newProgress(nil)
	_, err := fast().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), p)
	wantErr(t, err, false, 0, "gagal memproses gambar")
	if p.Step(StepContainer) != "" {
		t.Errorf("a failed container must not be reused")
	}
}

func TestQuotaUsedUpWaitsWithoutCreatingAContainer(t *testing.T) {
	f, srv := newFake(t)
	f.quotaUsage = 50
	_, err := fast().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), newProgress(nil))
	wantErr(t, err, true, time.Hour, "Kuota unggahan Instagram")
	if f.created != 0 {
		t.Errorf("%d containers created while over quota", f.created)
	}
}

func TestPublishLimitErrorFromMediaPublishWaits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/content_publishing_limit"):
			io.WriteString(w, `{"data":[{"quota_usage":49,"config":{"quota_total":50,"quota_duration":86400}}]}`)
		case strings.HasSuffix(r.URL.Path, "/media"):
			io.WriteString(w, `{"id":"c1"}`)
		case r.URL.Path == "/c1":
			io.WriteString(w, `{"status_code":"FINISHED"}`)
		default:
			w.WriteHeader(400)
			io.WriteString(w, `{"error":{"message":"Application request limit reached","type":"OAuthException","code":9,"error_subcode":2207042,"is_transient":false,"error_user_title":"Batas unggahan tercapai"}}`)
		}
	}))
	defer srv.Close()
	p := newProgress(nil)
	_, err := fast().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), p)
	wantErr(t, err, true, time.Hour, "Kuota unggahan Instagram")
	if p.Step(StepContainer) != "c1" {
		t.Errorf("the container must be kept for the retry")
	}
}

func TestImageNotFetchable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/content_publishing_limit") {
			io.WriteString(w, `{"data":[]}`)
			return
		}
		w.WriteHeader(400)
		io.WriteString(w, `{"error":{"message":"Only photo or video can be accepted as media type.","type":"OAuthException","code":9004,"error_subcode":2207052}}`)
	}))
	defer srv.Close()
	_, err := fast().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate), sender(), newProgress(nil))
	wantErr(t, err, false, 0, "tidak dapat mengambil gambar dari "+card)
}

func TestBadTokenIsPermanent(t *testing.T) {
	_, srv := newFake(t)
	ch := channel(srv.URL)
	ch.Secrets["access_token"] = "expired"
	_, err := fast().Deliver(context.Background(), ch, item(dissemination.OpCreate), sender(), newProgress(nil))
	wantErr(t, err, false, 0, "Token akses Instagram ditolak")
}

func TestEditAndDeleteAreSkipped(t *testing.T) {
	for op, msg := range map[dissemination.Op]string{
		dissemination.OpUpdate: "tidak mendukung penyuntingan",
		dissemination.OpDelete: "tidak mendukung penghapusan",
	} {
		it := item(op)
		it.Remote = &dissemination.Remote{ID: "1792"}
		_, err := fast().Deliver(context.Background(), channel("http://127.0.0.1:1"), it, sender(), newProgress(nil))
		wantErr(t, err, false, 0, msg)
		if !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%s: want errors.ErrUnsupported, got %v", op, err)
		}
	}
}

func TestCheck(t *testing.T) {
	f, srv := newFake(t)
	if err := New().Check(context.Background(), channel(srv.URL), sender()); err != nil {
		t.Fatal(err)
	}
	if got := f.events(); len(got) != 1 || got[0] != "GET /"+igUser {
		t.Errorf("requests = %v", got)
	}
}

func TestRenderCaptionLimitsAndHashtags(t *testing.T) {
	it := item(dissemination.OpCreate)
	it.ImageURL = "" // the card stands in
	for i := range 35 {
		it.Article.Tags = append(it.Article.Tags, warta.Tag{Name: fmt.Sprintf("Topik %c%d", 'A'+i%26, i)})
	}
	it.Article.Dek = strings.Repeat("Pemungutan suara ulang dijadwalkan di beberapa TPS 🗳️. ", 80)
	r, _ := New().Render(channel(""), it)
	if r.Length > CaptionLimit || r.Limit != CaptionLimit {
		t.Errorf("length %d over %d", r.Length, CaptionLimit)
	}
	if n := strings.Count(r.Text, "#"); n > MaxHashtags {
		t.Errorf("%d hashtags", n)
	}
	if r.ImageURL != card || !strings.Contains(r.Text, link) {
		t.Errorf("image %q, link kept: %v", r.ImageURL, strings.Contains(r.Text, link))
	}
	joined := strings.Join(r.Warnings, " | ")
	if !strings.Contains(joined, "30 tagar pertama") || !strings.Contains(joined, "dipotong") {
		t.Errorf("warnings = %v", r.Warnings)
	}
}

func TestDryRunResponderWalksBothSteps(t *testing.T) {
	c := fast()
	var paths []string
	s := senderFunc(func(r *http.Request) (*http.Response, error) {
		paths = append(paths, r.Method+" "+r.URL.Path)
		return c.DryRunResponse(r), nil
	})
	ch := channel("")
	rem, err := c.Deliver(context.Background(), ch, item(dissemination.OpCreate), s, newProgress(nil))
	if err != nil || rem.ID != "dry-run-media" {
		t.Fatalf("remote %+v, err %v", rem, err)
	}
	if len(paths) != 5 || paths[3] != "POST /v21.0/"+igUser+"/media_publish" {
		t.Errorf("dry run requests: %v", paths)
	}
}

func wantErr(t *testing.T, err error, retryable bool, retryAfter time.Duration, message string) {
	t.Helper()
	var de *dissemination.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *dissemination.Error", err)
	}
	if de.Retryable != retryable || de.RetryAfter != retryAfter || !strings.Contains(de.Message, message) {
		t.Errorf("got retryable=%v after=%v %q; want retryable=%v after=%v containing %q", de.Retryable, de.RetryAfter, de.Message, retryable, retryAfter, message)
	}
}

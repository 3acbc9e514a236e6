package mastodon

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
	"github.com/kominfo-jatim/warta/internal/dissemination/textfit"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const token = "mastodon-user-token"

const link = "https://warta.example/berita/2024/02/14/rekap"

func article() *warta.Article {
	return &warta.Article{
		ID: "01HPQ8Z3J6V9W2X4Y5Z6A7B8C9", Title: "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi",
		Dek:     "Rapat pleno terbuka digelar di Surabaya.",
		Tags:    []warta.Tag{{Name: "Pemilu Jatim"}},
		Regions: []warta.Region{{Name: "Kota Surabaya", Kind: warta.RegionKota}},
		Status:  warta.StatusPublished,
	}
}

func item(op dissemination.Op, remote *dissemination.Remote) *dissemination.Item {
	return &dissemination.Item{Op: op, Article: article(), URL: link, Version: "v1", Remote: remote}
}

func channel(instance string) *dissemination.Channel {
	return &dissemination.Channel{ID: "m1", Kind: "mastodon", Settings: map[string]string{"instance": instance}, Secrets: map[string]string{"access_token": token}}
}

func sender() dissemination.Sender { return &http.Client{Timeout: 2 * time.Second} }

// instance is a stand-in Mastodon server: it checks requests, honours
// Idempotency-Key as Mastodon does, and reports its character limit.
type instance struct {
	t        *testing.T
	maxChars int

	mu        sync.Mutex
	log       []string
	byKey     map[string]string // Idempotency-Key → status id
	statuses  map[string]url.Values
	instGets  int
	lastKey   string
	lastForms []url.Values
}

func newInstance(t *testing.T, maxChars int) (*instance, *httptest.Server) {
	in := &instance{t: t, maxChars: maxChars, byKey: map[string]string{}, statuses: map[string]url.Values{}}
	srv := httptest.NewServer(in)
	t.Cleanup(srv.Close)
	return in, srv
}

func (in *instance) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.log = append(in.log, r.Method+" "+r.URL.Path)
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/api/v2/instance" {
		in.instGets++
		fmt.Fprintf(w, `{"domain":"mastodon.example","configuration":{"urls":{"streaming":"wss://mastodon.example"},"statuses":{"max_characters":%d,"max_media_attachments":4,"characters_reserved_per_url":23}}}`, in.maxChars)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+token {
		w.WriteHeader(401)
		io.WriteString(w, `{"error":"The access token is invalid"}`)
		return
	}
	var form url.Values
	if r.Method == "POST" || r.Method == "PUT" {
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			in.t.Errorf("Content-Type = %q", ct)
		}
		b, _ := io.ReadAll(r.Body)
		form, _ = url.ParseQuery(string(b))
		in.lastForms = append(in.lastForms, form)
		if n := textfit.Mastodon(23)(form.Get("status")); n > in.maxChars {
			w.WriteHeader(422)
			fmt.Fprintf(w, `{"error":"Validation failed: Text character limit of %d exceeded"}`, in.maxChars)
			return
		}
	}
	id := strings.TrimPrefix(r.URL.Path, "/api/v1/statuses/")
	switch {
	case r.Method == "POST" && r.URL.Path == "/api/v1/statuses":
		key := r.Header.Get("Idempotency-Key")
		in.lastKey = key
		sid, seen := in.byKey[key]
		if !seen || key == "" {
			sid = fmt.Sprint(109000000000000000 + len(in.statuses) + 1)
			in.statuses[sid] = form
			if key != "" {
				in.byKey[key] = sid
			}
		}
		fmt.Fprintf(w, `{"id":"%s","url":"https://mastodon.example/@warta/%s","visibility":"public"}`, sid, sid)
	case r.Method == "PUT" && in.statuses[id] != nil:
		in.statuses[id] = form
		fmt.Fprintf(w, `{"id":"%s","url":"https://mastodon.example/@warta/%s","edited_at":"2024-02-14T04:00:00.000Z"}`, id, id)
	case r.Method == "DELETE" && in.statuses[id] != nil:
		delete(in.statuses, id)
		fmt.Fprintf(w, `{"id":"%s","text":"…"}`, id)
	case r.Method == "GET" && r.URL.Path == "/api/v1/accounts/verify_credentials":
		io.WriteString(w, `{"id":"1","username":"warta","acct":"warta"}`)
	default:
		w.WriteHeader(404)
		io.WriteString(w, `{"error":"Record not found"}`)
	}
}

func TestCreatePostsStatusWithIdempotencyKey(t *testing.T) {
	in, srv := newInstance(t, 500)
	c := New()
	ch := channel(srv.URL)
	it := item(dissemination.OpCreate, nil)
	rem, err := c.Deliver(context.Background(), ch, it, sender(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.lastKey != it.IdempotencyKey(ch) || in.lastKey != "warta-m1-01HPQ8Z3J6V9W2X4Y5Z6A7B8C9-v1-create" {
		t.Errorf("Idempotency-Key = %q", in.lastKey)
	}
	f := in.lastForms[0]
	want := "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi\n\nRapat pleno terbuka digelar di Surabaya.\n\n" + link + "\n\n#PemiluJatim #KotaSurabaya"
	if f.Get("status") != want || f.Get("visibility") != "public" || f.Get("language") != "id" {
		t.Errorf("form = %v", f)
	}
	if rem.ID != "109000000000000001" || rem.URL != "https://mastodon.example/@warta/109000000000000001" {
		t.Errorf("remote = %+v", rem)
	}
	if strings.Join(in.log, ",") != "GET /api/v2/instance,POST /api/v1/statuses" {
		t.Errorf("requests = %v", in.log)
	}

	// A retry whose answer was lost posts with the same key: one status.
	rem2, err := c.Deliver(context.Background(), ch, it, sender(), nil)
	if err != nil || rem2.ID != rem.ID || len(in.statuses) != 1 {
		t.Errorf("retry: remote %+v, statuses %d, err %v", rem2, len(in.statuses), err)
	}
}

func TestInstanceLimitIsReadCachedAndRefreshedHourly(t *testing.T) {
	in, srv := newInstance(t, 1000)
	now := time.Date(2024, 2, 14, 10, 0, 0, 0, time.UTC)
	c := New()
	c.Now = func() time.Time { return now }
	ch := channel(srv.URL)
	it := item(dissemination.OpCreate, nil)
	it.Article.Dek = strings.Repeat("Pemilih dapat memeriksa namanya di DPT secara daring. ", 30)

	r, _ := c.Render(ch, it)
	if r.Limit != 500 || r.Length > 500 {
		t.Errorf("before the instance is known: limit %d, length %d", r.Limit, r.Length)
	}
	if _, err := c.Deliver(context.Background(), ch, it, sender(), nil); err != nil {
		t.Fatal(err)
	}
	posted := in.lastForms[0].Get("status")
	if n := textfit.Mastodon(23)(posted); n <= 500 || n > 1000 {
		t.Errorf("posted %d characters; want the instance's 1000 used", n)
	}
	r, _ = c.Render(ch, it)
	if r.Limit != 1000 {
		t.Errorf("cached limit = %d", r.Limit)
	}

	now = now.Add(30 * time.Minute)
	c.Deliver(context.Background(), ch, item(dissemination.OpCreate, nil), sender(), nil)
	if in.instGets != 1 {
		t.Errorf("instance read %d times within the hour", in.instGets)
	}
	now = now.Add(31 * time.Minute)
	in.maxChars = 600
	c.Deliver(context.Background(), ch, item(dissemination.OpCreate, nil), sender(), nil)
	if r, _ := c.Render(ch, it); in.instGets != 2 || r.Limit != 600 {
		t.Errorf("after an hour: %d reads, limit %d", in.instGets, r.Limit)
	}
}

func TestUpdatePutsTheNewText(t *testing.T) {
	in, srv := newInstance(t, 500)
	c := New()
	ch := channel(srv.URL)
	rem, _ := c.Deliver(context.Background(), ch, item(dissemination.OpCreate, nil), sender(), nil)
	it := item(dissemination.OpUpdate, rem)
	it.Article.Title = "KPU Jatim Mulai Rekapitulasi (Koreksi)"
	got, err := c.Deliver(context.Background(), ch, it, sender(), nil)
	if err != nil || got.ID != rem.ID {
		t.Fatalf("remote %+v, err %v", got, err)
	}
	f := in.statuses[rem.ID]
	if !strings.HasPrefix(f.Get("status"), "KPU Jatim Mulai Rekapitulasi (Koreksi)") || f.Get("language") != "id" || f.Has("visibility") {
		t.Errorf("edit form = %v", f)
	}
	if last := in.log[len(in.log)-1]; last != "PUT /api/v1/statuses/"+rem.ID {
		t.Errorf("last request %q", last)
	}
}

func TestDelete(t *testing.T) {
	in, srv := newInstance(t, 500)
	c := New()
	ch := channel(srv.URL)
	rem, _ := c.Deliver(context.Background(), ch, item(dissemination.OpCreate, nil), sender(), nil)
	if _, err := c.Deliver(context.Background(), ch, item(dissemination.OpDelete, rem), sender(), nil); err != nil {
		t.Fatal(err)
	}
	if len(in.statuses) != 0 || in.log[len(in.log)-1] != "DELETE /api/v1/statuses/"+rem.ID {
		t.Errorf("statuses %d, log %v", len(in.statuses), in.log)
	}
	// Deleting again finds nothing, which is what was wanted.
	if _, err := c.Deliver(context.Background(), ch, item(dissemination.OpDelete, rem), sender(), nil); err != nil {
		t.Errorf("second delete: %v", err)
	}
}

func TestCheckAndBareInstanceName(t *testing.T) {
	in, srv := newInstance(t, 500)
	if err := New().Check(context.Background(), channel(srv.URL), sender()); err != nil {
		t.Fatal(err)
	}
	if in.log[0] != "GET /api/v1/accounts/verify_credentials" {
		t.Errorf("requests = %v", in.log)
	}
	if c := newClient(channel("mastodon.social"), sender()); c.base != "https://mastodon.social" {
		t.Errorf("base = %q", c.base)
	}
}

func TestFailures(t *testing.T) {
	reset := time.Now().Add(2 * time.Minute).UTC().Format("2006-01-02T15:04:05.000Z")
	for _, tc := range []struct {
		name      string
		status    int
		header    http.Header
		answer    string
		retryable bool
		minWait   time.Duration
		message   string
	}{
		{"rate limited", 429, http.Header{"X-Ratelimit-Limit": {"300"}, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {reset}}, `{"error":"Too many requests"}`, true, 100 * time.Second, "Mastodon membatasi laju"},
		{"retry-after", 429, http.Header{"Retry-After": {"60"}}, `{"error":"Too many requests"}`, true, 60 * time.Second, "Mastodon membatasi laju"},
		{"server", 500, nil, `{"error":"We're sorry, but something went wrong on our end."}`, true, 0, "Mastodon sedang bermasalah"},
		{"bad token", 401, nil, `{"error":"The access token is invalid"}`, false, 0, "Token Mastodon ditolak"},
		{"scope", 403, nil, `{"error":"This action is outside the authorized scopes"}`, false, 0, "tidak punya izin"},
		{"too long", 422, nil, `{"error":"Validation failed: Text character limit of 500 exceeded"}`, false, 0, "Mastodon menolak isi kiriman: Validation failed: Text character limit of 500 exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/api/v2/instance" {
					w.WriteHeader(503) // a failed limit lookup must not stop the post
					return
				}
				for k, v := range tc.header {
					w.Header()[k] = v
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.answer)
			}))
			defer srv.Close()
			_, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, nil), sender(), nil)
			var de *dissemination.Error
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *dissemination.Error", err)
			}
			if de.Retryable != tc.retryable || de.RetryAfter < tc.minWait || de.RetryAfter > tc.minWait+30*time.Second || !strings.Contains(de.Message, tc.message) {
				t.Errorf("got retryable=%v after=%v %q", de.Retryable, de.RetryAfter, de.Message)
			}
		})
	}
}

func TestTimeoutIsTemporary(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	_, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, nil), &http.Client{Timeout: 50 * time.Millisecond}, nil)
	var de *dissemination.Error
	if !errors.As(err, &de) || !de.Retryable || !strings.Contains(de.Message, "Mastodon tidak menjawab") {
		t.Errorf("err = %v", err)
	}
}

func TestRenderCountsEmojiAndLinksLikeMastodon(t *testing.T) {
	it := item(dissemination.OpCreate, nil)
	it.URL = "https://warta.example/berita/2024/02/14/" + strings.Repeat("sangat-panjang-", 10)
	it.Article.Dek = strings.Repeat("Ayo memilih 👨‍👩‍👧 ", 80)
	r, _ := New().Render(channel(""), it)
	if r.Length > 500 || r.Length < 450 || !strings.Contains(r.Text, it.URL) {
		t.Errorf("length %d of 500; link kept %v", r.Length, strings.Contains(r.Text, it.URL))
	}
	if len([]rune(r.Text)) <= 500 {
		t.Errorf("emoji sequences and the long link should count short: %d runes", len([]rune(r.Text)))
	}
}

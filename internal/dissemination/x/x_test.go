package x

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/textfit"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const token = "user-context-oauth2-token"

const link = "https://warta.example/berita/2024/02/14/kpu-jatim-mulai-rekapitulasi-suara-tingkat-provinsi"

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

func channel(base string) *dissemination.Channel {
	return &dissemination.Channel{ID: "x1", Kind: "x", Settings: map[string]string{"api_base": base}, Secrets: map[string]string{"access_token": token}}
}

func sender() dissemination.Sender { return &http.Client{Timeout: 2 * time.Second} }

func TestCreatePostsJSONTextWithBearerToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "POST" || r.URL.Path != "/2/tweets" || r.URL.RawQuery != "" {
			t.Errorf("request %s %s", r.Method, r.URL)
		}
		if r.Header.Get("Authorization") != "Bearer "+token || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("headers %v", r.Header)
		}
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &body); err != nil || len(body) != 1 {
			t.Errorf("body = %s", b)
		}
		want := "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi\n\nRapat pleno terbuka digelar di Surabaya.\n\n" + link + "\n\n#PemiluJatim #KotaSurabaya"
		if body["text"] != want {
			t.Errorf("text = %q, want %q", body["text"], want)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"data":{"id":"1445880548472328192","text":"KPU Jatim…","edit_history_tweet_ids":["1445880548472328192"]}}`)
	}))
	defer srv.Close()
	rem, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, nil), sender(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rem.ID != "1445880548472328192" || rem.URL != "https://x.com/i/web/status/1445880548472328192" {
		t.Errorf("remote = %+v", rem)
	}
}

func TestDelete(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Method + " " + r.URL.Path + " " + r.Header.Get("Authorization")
		io.WriteString(w, `{"data":{"deleted":true}}`)
	}))
	defer srv.Close()
	if _, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpDelete, &dissemination.Remote{ID: "1445880548472328192"}), sender(), nil); err != nil {
		t.Fatal(err)
	}
	if got != "DELETE /2/tweets/1445880548472328192 Bearer "+token {
		t.Errorf("request = %q", got)
	}
}

func TestUpdateIsSkippedNotReposted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request expected, got %s %s", r.Method, r.URL)
	}))
	defer srv.Close()
	_, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpUpdate, &dissemination.Remote{ID: "1"}), sender(), nil)
	wantErr(t, err, false, 0, "X tidak mendukung penyuntingan")
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("want errors.ErrUnsupported, got %v", err)
	}
}

func TestCheckReadsTheUser(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Method + " " + r.URL.Path + " " + r.Header.Get("Authorization")
		io.WriteString(w, `{"data":{"id":"2244994945","name":"Warta Jatim","username":"wartajatim"}}`)
	}))
	defer srv.Close()
	if err := New().Check(context.Background(), channel(srv.URL), sender()); err != nil {
		t.Fatal(err)
	}
	if got != "GET /2/users/me Bearer "+token {
		t.Errorf("request = %q", got)
	}
}

func TestFailures(t *testing.T) {
	reset := time.Now().Add(90 * time.Second).Unix()
	for _, tc := range []struct {
		name      string
		status    int
		header    http.Header
		answer    string
		retryable bool
		minWait   time.Duration
		message   string
	}{
		{"rate limited", 429, http.Header{"X-Rate-Limit-Reset": {strconv.FormatInt(reset, 10)}, "X-Rate-Limit-Remaining": {"0"}}, `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`, true, 80 * time.Second, "X membatasi laju"},
		{"retry-after", 429, http.Header{"Retry-After": {"30"}}, `{"title":"Too Many Requests"}`, true, 30 * time.Second, "X membatasi laju"},
		{"server", 503, nil, `{"title":"Service Unavailable"}`, true, 0, "X sedang bermasalah"},
		{"unauthorized", 401, nil, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`, false, 0, "Token X ditolak"},
		{"duplicate", 403, nil, `{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}`, false, 0, "kiriman ganda"},
		{"forbidden", 403, nil, `{"title":"Unsupported Authentication","detail":"Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.","type":"https://api.twitter.com/2/problems/unsupported-authentication","status":403}`, false, 0, "tidak punya izin"},
		{"invalid", 400, nil, `{"errors":[{"message":"text too long"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}`, false, 0, "X menolak isi kiriman (HTTP 400)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
			if de.Retryable != tc.retryable || de.RetryAfter < tc.minWait || de.RetryAfter > tc.minWait+15*time.Second || !strings.Contains(de.Message, tc.message) {
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
	wantErr(t, err, true, 0, "X tidak menjawab")
}

func TestRenderWeighsLikeX(t *testing.T) {
	c := New()
	ch := channel("")
	for name, dek := range map[string]string{
		"indonesian": strings.Repeat("Komisi Pemilihan Umum Provinsi Jawa Timur menetapkan hasil rekapitulasi. ", 10),
		"emoji":      strings.Repeat("Ayo ke TPS 🗳️🇮🇩 ", 40),
		"cjk":        strings.Repeat("选举委员会公布结果 ", 40),
	} {
		t.Run(name, func(t *testing.T) {
			it := item(dissemination.OpCreate, nil)
			it.Article.Dek = dek
			r, _ := c.Render(ch, it)
			if r.Limit != 280 || r.Length > 280 || textfit.XWeighted(r.Text) != r.Length {
				t.Errorf("length %d (recount %d), limit %d", r.Length, textfit.XWeighted(r.Text), r.Limit)
			}
			// The 95-character link counts 23: the text is well over 280 code
			// points yet fits.
			if !strings.Contains(r.Text, link) || len([]rune(r.Text)) <= 280 && name == "indonesian" {
				t.Errorf("link kept: %v; runes %d", strings.Contains(r.Text, link), len([]rune(r.Text)))
			}
			if len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "280") {
				t.Errorf("warnings = %v", r.Warnings)
			}
		})
	}
}

func TestRenderLongTitle(t *testing.T) {
	it := item(dissemination.OpCreate, nil)
	it.Article.Title = strings.Repeat("Pengumuman hasil rekapitulasi suara tingkat kabupaten ", 6)
	r, _ := New().Render(channel(""), it)
	if r.Length > 280 || !strings.HasSuffix(r.Text, link) || !strings.Contains(r.Text, "…") {
		t.Errorf("length %d:\n%s", r.Length, r.Text)
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

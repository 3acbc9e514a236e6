package facebook

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const token = "EAAPageToken123"

func article() *warta.Article {
	return &warta.Article{
		ID: "01HPQ8Z3J6V9W2X4Y5Z6A7B8C9", Title: "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi",
		Dek:     "Rapat pleno terbuka digelar di Surabaya dan disaksikan Bawaslu.",
		Tags:    []warta.Tag{{Name: "Pemilu Jatim"}},
		Regions: []warta.Region{{Name: "Kota Surabaya", Kind: warta.RegionKota}},
		Status:  warta.StatusPublished,
	}
}

const link = "https://warta.example/berita/2024/02/14/rekap"

func item(op dissemination.Op, remote *dissemination.Remote) *dissemination.Item {
	return &dissemination.Item{Op: op, Article: article(), URL: link, Version: "v1", Remote: remote}
}

func channel(base string) *dissemination.Channel {
	return &dissemination.Channel{
		ID: "fb1", Kind: "facebook",
		Settings: map[string]string{"page_id": "1122334455", "api_base": base},
		Secrets:  map[string]string{"access_token": token},
	}
}

type request struct {
	method, path string
	query, form  url.Values
	contentType  string
}

// graphAPI answers every request with status and answer, recording it.
func graphAPI(t *testing.T, status int, answer string, header http.Header) (*httptest.Server, *[]request) {
	t.Helper()
	var reqs []request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		reqs = append(reqs, request{r.Method, r.URL.Path, r.URL.Query(), form, r.Header.Get("Content-Type")})
		for k, v := range header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, &reqs
}

func sender() dissemination.Sender { return &http.Client{Timeout: 2 * time.Second} }

func TestCreatePostsMessageAndLinkToThePageFeed(t *testing.T) {
	srv, reqs := graphAPI(t, 200, `{"id":"1122334455_998877"}`, nil)
	rem, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, nil), sender(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := (*reqs)[0]
	if r.method != "POST" || r.path != "/1122334455/feed" || r.contentType != "application/x-www-form-urlencoded" {
		t.Fatalf("request %s %s (%s)", r.method, r.path, r.contentType)
	}
	if r.form.Get("access_token") != token || r.form.Get("link") != link {
		t.Errorf("form = %v", r.form)
	}
	msg := r.form.Get("message")
	want := "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi\n\nRapat pleno terbuka digelar di Surabaya dan disaksikan Bawaslu.\n\n" + link + "\n\n#PemiluJatim #KotaSurabaya"
	if msg != want {
		t.Errorf("message = %q, want %q", msg, want)
	}
	if rem.ID != "1122334455_998877" || rem.URL != "https://www.facebook.com/1122334455/posts/998877" {
		t.Errorf("remote = %+v", rem)
	}
}

func TestUpdateEditsTheMessage(t *testing.T) {
	srv, reqs := graphAPI(t, 200, `{"success":true}`, nil)
	prev := &dissemination.Remote{ID: "1122334455_998877"}
	it := item(dissemination.OpUpdate, prev)
	it.Article.Title = "KPU Jatim Mulai Rekapitulasi Suara (Koreksi)"
	rem, err := New().Deliver(context.Background(), channel(srv.URL), it, sender(), nil)
	if err != nil || rem != prev {
		t.Fatalf("remote %+v, err %v", rem, err)
	}
	r := (*reqs)[0]
	if r.method != "POST" || r.path != "/1122334455_998877" || !strings.HasPrefix(r.form.Get("message"), "KPU Jatim Mulai Rekapitulasi Suara (Koreksi)") || r.form.Get("access_token") != token {
		t.Errorf("request %s %s %v", r.method, r.path, r.form)
	}
	if r.form.Has("link") {
		t.Error("an edit cannot change the link")
	}
}

func TestDelete(t *testing.T) {
	srv, reqs := graphAPI(t, 200, `{"success":true}`, nil)
	if _, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpDelete, &dissemination.Remote{ID: "1122334455_998877"}), sender(), nil); err != nil {
		t.Fatal(err)
	}
	r := (*reqs)[0]
	if r.method != "DELETE" || r.path != "/1122334455_998877" || r.query.Get("access_token") != token {
		t.Errorf("request %s %s %v", r.method, r.path, r.query)
	}

	gone, _ := graphAPI(t, 400, `{"error":{"message":"Unsupported delete request. Object with ID '1122334455_998877' does not exist","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"A1"}}`, nil)
	if _, err := New().Deliver(context.Background(), channel(gone.URL), item(dissemination.OpDelete, &dissemination.Remote{ID: "1122334455_998877"}), sender(), nil); err != nil {
		t.Errorf("deleting a deleted post: %v", err)
	}
}

func TestCheckReadsThePageName(t *testing.T) {
	srv, reqs := graphAPI(t, 200, `{"name":"Diskominfo Jatim","id":"1122334455"}`, nil)
	if err := New().Check(context.Background(), channel(srv.URL), sender()); err != nil {
		t.Fatal(err)
	}
	r := (*reqs)[0]
	if r.method != "GET" || r.path != "/1122334455" || r.query.Get("fields") != "name" || r.query.Get("access_token") != token {
		t.Errorf("request %s %s %v", r.method, r.path, r.query)
	}
}

func TestFailures(t *testing.T) {
	for _, tc := range []struct {
		name       string
		status     int
		answer     string
		header     http.Header
		retryable  bool
		retryAfter time.Duration
		message    string
	}{
		{"expired token", 400, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"A"}}`, nil, false, 0, "Token akses Facebook ditolak atau kedaluwarsa"},
		{"401", 401, `{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}`, nil, false, 0, "Token akses Facebook ditolak"},
		{"missing permission", 403, `{"error":{"message":"(#200) The user hasn't authorized the application to perform this action","type":"OAuthException","code":200}}`, nil, false, 0, "tidak punya izin"},
		{"throttled with usage header", 400, `{"error":{"message":"(#32) Page request limit reached","type":"OAuthException","code":32}}`, http.Header{"X-Business-Use-Case-Usage": {`{"1122334455":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":7}]}`}}, true, 7 * time.Minute, "membatasi laju"},
		{"429 retry-after", 429, `{"error":{"message":"Too many calls","code":4}}`, http.Header{"Retry-After": {"120"}}, true, 2 * time.Minute, "membatasi laju"},
		{"transient", 500, `{"error":{"message":"An unexpected error has occurred. Please retry your request later.","type":"OAuthException","is_transient":true,"code":2}}`, nil, true, 0, "sedang bermasalah"},
		{"gateway", 503, `<html>down</html>`, nil, true, 0, "Facebook sedang bermasalah (HTTP 503)"},
		{"duplicate", 400, `{"error":{"message":"Duplicate status message","type":"OAuthException","code":506}}`, nil, false, 0, "kiriman ganda"},
		{"invalid", 400, `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"error_user_msg":"Tautan tidak valid."}}`, nil, false, 0, "Facebook menolak isi kiriman: Tautan tidak valid."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := graphAPI(t, tc.status, tc.answer, tc.header)
			_, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, nil), sender(), nil)
			wantErr(t, err, tc.retryable, tc.retryAfter, tc.message)
			if strings.Contains(err.Error(), token) {
				t.Errorf("error leaks the token: %v", err)
			}
		})
	}
}

func TestTimeoutIsTemporaryAndHidesTheToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	// A GET carries the token in the query, which transport errors quote.
	err := New().Check(context.Background(), channel(srv.URL), &http.Client{Timeout: 50 * time.Millisecond})
	wantErr(t, err, true, 0, "Facebook tidak menjawab")
	if strings.Contains(err.Error(), token) {
		t.Errorf("error leaks the token: %v", err)
	}
}

func TestRenderLongDekKeepsLink(t *testing.T) {
	it := item(dissemination.OpCreate, nil)
	it.Article.Dek = strings.Repeat("Warga Jawa Timur diimbau memeriksa data pemilih. ", 2000)
	r, _ := New().Render(channel(""), it)
	if r.Length > Limit || !strings.Contains(r.Text, link) || len(r.Warnings) == 0 {
		t.Errorf("length %d, warnings %v", r.Length, r.Warnings)
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

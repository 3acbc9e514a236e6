package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/textfit"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const token = "123456:ABC-secret"

type progress map[string]string

func (p progress) Step(k string) string { return p[k] }
func (p progress) SaveStep(_ context.Context, k, v string) error {
	p[k] = v
	return nil
}

func article() *warta.Article {
	return &warta.Article{
		ID: "01HPQ8Z3J6V9W2X4Y5Z6A7B8C9", Title: "KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi",
		Dek:     "Rapat pleno terbuka digelar di Surabaya & disaksikan Bawaslu <resmi>.",
		Tags:    []warta.Tag{{Name: "Pemilu Jatim"}},
		Regions: []warta.Region{{Name: "Kota Surabaya", Kind: warta.RegionKota}},
		Status:  warta.StatusPublished, PublishedAt: time.Date(2024, 2, 14, 3, 0, 0, 0, time.UTC),
	}
}

func item(op dissemination.Op, image string, remote *dissemination.Remote) *dissemination.Item {
	return &dissemination.Item{
		Op: op, Article: article(), URL: "https://warta.example/berita/2024/02/14/rekap",
		ImageURL: image, Version: "v1", Remote: remote,
	}
}

func channel(base string) *dissemination.Channel {
	return &dissemination.Channel{
		ID: "tg1", Kind: "telegram",
		Settings: map[string]string{"chat_id": "@wartajatim", "api_base": base},
		Secrets:  map[string]string{"bot_token": token},
	}
}

// api is a stand-in Bot API server that checks each request and answers
// as Telegram does.
func api(t *testing.T, want string, check func(body map[string]any), status int, answer string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/bot"+token+"/"+want {
			t.Errorf("request %s %s, want POST /bot<token>/%s", r.Method, r.URL.Path, want)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("body is not JSON: %s", b)
		}
		if check != nil {
			check(body)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func sender() dissemination.Sender { return &http.Client{Timeout: 2 * time.Second} }

const sent = `{"ok":true,"result":{"message_id":42,"date":1707879600,"chat":{"id":-1001234567890,"title":"Warta Jatim","username":"wartajatim","type":"channel"}}}`

func TestCreateWithImageSendsPhotoWithHTMLCaption(t *testing.T) {
	srv := api(t, "sendPhoto", func(b map[string]any) {
		if b["chat_id"] != "@wartajatim" || b["photo"] != "https://warta.example/media/lead.jpg" || b["parse_mode"] != "HTML" {
			t.Errorf("body = %v", b)
		}
		caption, _ := b["caption"].(string)
		for _, want := range []string{"<b>KPU Jatim Mulai Rekapitulasi Suara Tingkat Provinsi</b>", "Surabaya &amp; disaksikan Bawaslu &lt;resmi&gt;.", "https://warta.example/berita/2024/02/14/rekap", "#PemiluJatim #KotaSurabaya"} {
			if !strings.Contains(caption, want) {
				t.Errorf("caption lacks %q:\n%s", want, caption)
			}
		}
		if _, ok := b["text"]; ok {
			t.Error("sendPhoto takes caption, not text")
		}
	}, 200, sent)
	rem, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, "https://warta.example/media/lead.jpg", nil), sender(), progress{})
	if err != nil {
		t.Fatal(err)
	}
	if rem.ID != "photo:42" || rem.URL != "https://t.me/wartajatim/42" {
		t.Errorf("remote = %+v", rem)
	}
}

func TestCreateWithoutImageSendsMessage(t *testing.T) {
	srv := api(t, "sendMessage", func(b map[string]any) {
		if b["chat_id"] != "@wartajatim" || b["parse_mode"] != "HTML" || !strings.HasPrefix(b["text"].(string), "<b>KPU") {
			t.Errorf("body = %v", b)
		}
	}, 200, strings.Replace(sent, "42", "7", 1))
	rem, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, "", nil), sender(), progress{})
	if err != nil {
		t.Fatal(err)
	}
	if rem.ID != "text:7" {
		t.Errorf("remote = %+v", rem)
	}
}

func TestUpdateEditsTheWayTheMessageWasSent(t *testing.T) {
	for _, tc := range []struct{ remote, method, field string }{
		{"photo:42", "editMessageCaption", "caption"},
		{"text:7", "editMessageText", "text"},
	} {
		t.Run(tc.method, func(t *testing.T) {
			srv := api(t, tc.method, func(b map[string]any) {
				if b["chat_id"] != "@wartajatim" || b["parse_mode"] != "HTML" {
					t.Errorf("body = %v", b)
				}
				if id, _ := b["message_id"].(float64); int(id) != map[string]int{"photo:42": 42, "text:7": 7}[tc.remote] {
					t.Errorf("message_id = %v", b["message_id"])
				}
				if s, _ := b[tc.field].(string); !strings.Contains(s, "<b>KPU") {
					t.Errorf("%s = %q", tc.field, s)
				}
			}, 200, sent)
			// No image on the correction: the remote decides the method.
			prev := &dissemination.Remote{ID: tc.remote}
			rem, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpUpdate, "", prev), sender(), progress{})
			if err != nil || rem.ID != tc.remote {
				t.Fatalf("remote %+v, err %v", rem, err)
			}
		})
	}
}

func TestUpdateWithSameTextIsNotAnError(t *testing.T) {
	srv := api(t, "editMessageText", nil, 400, `{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}`)
	if _, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpUpdate, "", &dissemination.Remote{ID: "text:7"}), sender(), progress{}); err != nil {
		t.Fatal(err)
	}
}

func TestDelete(t *testing.T) {
	srv := api(t, "deleteMessage", func(b map[string]any) {
		if b["chat_id"] != "@wartajatim" || b["message_id"].(float64) != 42 {
			t.Errorf("body = %v", b)
		}
	}, 200, `{"ok":true,"result":true}`)
	if _, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpDelete, "", &dissemination.Remote{ID: "photo:42"}), sender(), progress{}); err != nil {
		t.Fatal(err)
	}

	gone := api(t, "deleteMessage", nil, 400, `{"ok":false,"error_code":400,"description":"Bad Request: message to delete not found"}`)
	if _, err := New().Deliver(context.Background(), channel(gone.URL), item(dissemination.OpDelete, "", &dissemination.Remote{ID: "photo:42"}), sender(), progress{}); err != nil {
		t.Errorf("deleting a deleted message: %v", err)
	}

	old := api(t, "deleteMessage", nil, 400, `{"ok":false,"error_code":400,"description":"Bad Request: message can't be deleted for everyone"}`)
	_, err := New().Deliver(context.Background(), channel(old.URL), item(dissemination.OpDelete, "", &dissemination.Remote{ID: "photo:42"}), sender(), progress{})
	wantErr(t, err, false, 0, "Hapus pesan secara manual")
}

func TestUpdateWithoutRemoteIsSkipped(t *testing.T) {
	_, err := New().Deliver(context.Background(), channel("http://127.0.0.1:1"), item(dissemination.OpUpdate, "", nil), sender(), progress{})
	wantErr(t, err, false, 0, "belum pernah terkirim")
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("want errors.ErrUnsupported in %v", err)
	}
}

func TestFailures(t *testing.T) {
	for _, tc := range []struct {
		name       string
		status     int
		answer     string
		retryable  bool
		retryAfter time.Duration
		message    string
	}{
		{"flood control", 429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}`, true, 35 * time.Second, "dalam 35 detik"},
		{"server error", 502, `<html>Bad Gateway</html>`, true, 0, "Telegram sedang bermasalah"},
		{"bad token", 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, false, 0, "Token bot Telegram ditolak"},
		{"unknown token", 404, `{"ok":false,"error_code":404,"description":"Not Found"}`, false, 0, "Token bot Telegram ditolak"},
		{"not admin", 403, `{"ok":false,"error_code":403,"description":"Forbidden: bot is not a member of the channel chat"}`, false, 0, "Jadikan bot admin kanal"},
		{"bad html", 400, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 3"}`, false, 0, "Telegram menolak isi kiriman: Bad Request: can't parse entities"},
		{"image unreachable", 400, `{"ok":false,"error_code":400,"description":"Bad Request: failed to get HTTP URL content"}`, false, 0, "tidak dapat mengambil gambar"},
		{"wrong chat", 400, `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`, false, 0, "Periksa chat_id"},
		{"migrated", 400, `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009876543210}}`, false, 0, "-1009876543210"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := api(t, "sendMessage", nil, tc.status, tc.answer)
			_, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, "", nil), sender(), progress{})
			wantErr(t, err, tc.retryable, tc.retryAfter, tc.message)
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
	s := &http.Client{Timeout: 50 * time.Millisecond}
	_, err := New().Deliver(context.Background(), channel(srv.URL), item(dissemination.OpCreate, "", nil), s, progress{})
	wantErr(t, err, true, 0, "Telegram tidak menjawab")
	if strings.Contains(err.Error(), token) {
		t.Errorf("error leaks the bot token: %v", err)
	}
}

func TestCheckCallsGetMeAndGetChat(t *testing.T) {
	var calls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls = append(calls, strings.TrimPrefix(r.URL.Path, "/bot"+token+"/"))
		io.WriteString(w, `{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"Warta"}}`)
	}))
	defer srv.Close()
	if err := New().Check(context.Background(), channel(srv.URL), sender()); err != nil {
		t.Fatal(err)
	}
	if strings.Join(calls, ",") != "getMe,getChat" {
		t.Errorf("calls = %v", calls)
	}
}

var tags = regexp.MustCompile(`<[^>]+>`)

// visible is the text Telegram counts: tags parsed away, entities decoded.
func visible(s string) int { return textfit.UTF16(html.UnescapeString(tags.ReplaceAllString(s, ""))) }

func TestRenderFitsCaptionAndTextLimits(t *testing.T) {
	it := item(dissemination.OpCreate, "https://warta.example/lead.jpg", nil)
	it.Article.Dek = strings.Repeat("Rapat pleno KPU & Bawaslu <terbuka> di Surabaya 🗳️ ", 150)
	c := New()
	ch := channel("")

	r, _ := c.Render(ch, it)
	if r.Limit != CaptionLimit || r.Length > CaptionLimit || visible(r.Text) != r.Length {
		t.Errorf("caption: limit %d, length %d, visible %d", r.Limit, r.Length, visible(r.Text))
	}
	if !strings.Contains(r.Text, it.URL) || len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "1024") {
		t.Errorf("caption must keep the link and warn: %v\n%s", r.Warnings, r.Text)
	}
	if strings.Contains(r.Text, "&amp;lt;") || strings.Count(r.Text, "<b>") != 1 {
		t.Errorf("escaping broken:\n%s", r.Text)
	}

	it.ImageURL = ""
	r, _ = c.Render(ch, it)
	if r.Limit != TextLimit || r.Length > TextLimit || r.Length < TextLimit-200 {
		t.Errorf("text: limit %d, length %d", r.Limit, r.Length)
	}

	it.Article.Dek = "Singkat."
	r, _ = c.Render(ch, it)
	if len(r.Warnings) != 0 {
		t.Errorf("short post warned: %v", r.Warnings)
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

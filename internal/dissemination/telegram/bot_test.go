package telegram

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

func TestBotSendMessageRepliesInTheChat(t *testing.T) {
	var got map[string]any
	srv := api(t, "sendMessage", func(b map[string]any) { got = b }, 200,
		`{"ok":true,"result":{"message_id":42,"date":1707552000,"chat":{"id":555111,"type":"private"},"text":"ok"}}`)
	id, err := NewBot(channel(srv.URL), srv.Client()).SendMessage(t.Context(), "555111", "Tiket KH-2026-000001", 7)
	if err != nil || id != 42 {
		t.Fatalf("SendMessage = %d, %v", id, err)
	}
	rp, _ := got["reply_parameters"].(map[string]any)
	if got["chat_id"] != "555111" || got["text"] != "Tiket KH-2026-000001" || got["parse_mode"] != nil ||
		rp["message_id"] != float64(7) || rp["allow_sending_without_reply"] != true {
		t.Errorf("request body %v", got)
	}
}

func TestBotSendMessageCutsToTheLimit(t *testing.T) {
	var got map[string]any
	srv := api(t, "sendMessage", func(b map[string]any) { got = b }, 200, `{"ok":true,"result":{"message_id":1,"chat":{"id":1}}}`)
	long := strings.Repeat("😀", TextLimit) // two UTF-16 units each
	if _, err := NewBot(channel(srv.URL), srv.Client()).SendMessage(t.Context(), "1", long, 0); err != nil {
		t.Fatal(err)
	}
	if text := got["text"].(string); len([]rune(text)) != TextLimit/2 {
		t.Errorf("sent %d emoji, want %d", len([]rune(text)), TextLimit/2)
	}
	if _, ok := got["reply_parameters"]; ok {
		t.Errorf("reply_parameters sent without a message to reply to: %v", got)
	}
}

func TestBotSendMessageToABlockedChat(t *testing.T) {
	srv := api(t, "sendMessage", nil, 403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`)
	_, err := NewBot(channel(srv.URL), srv.Client()).SendMessage(t.Context(), "555111", "halo", 0)
	var de *dissemination.Error
	if !errors.As(err, &de) || de.Retryable || !strings.Contains(de.Message, "memblokir bot") {
		t.Fatalf("err = %v", err)
	}
}

// fileServer is a Bot API that answers getFile and serves the file.
func fileServer(t *testing.T, filePath string, content []byte) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/bot"+token+"/getFile":
			b, _ := io.ReadAll(r.Body)
			if string(b) != `{"file_id":"AgACAgUAAxkBAAIB"}` {
				t.Errorf("getFile body %s", b)
			}
			io.WriteString(w, `{"ok":true,"result":{"file_id":"AgACAgUAAxkBAAIB","file_unique_id":"AQADu7ox","file_size":`+
				strconv.Itoa(len(content))+`,"file_path":"`+filePath+`"}}`)
		case r.Method == http.MethodGet && r.URL.Path == "/file/bot"+token+"/"+filePath:
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(content)
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/file/bot"+token+"/"):
			http.NotFound(w, r)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBotGetFileAndDownload(t *testing.T) {
	content := []byte("\xff\xd8\xff\xe0 bukan jpeg sungguhan")
	srv := fileServer(t, "photos/file_12.jpg", content)
	bot := NewBot(channel(srv.URL), srv.Client())
	f, err := bot.GetFile(t.Context(), "AgACAgUAAxkBAAIB")
	if err != nil || f.FilePath != "photos/file_12.jpg" || f.FileSize != int64(len(content)) {
		t.Fatalf("GetFile = %+v, %v", f, err)
	}
	data, err := bot.Download(t.Context(), f.FilePath, 1<<20)
	if err != nil || string(data) != string(content) {
		t.Fatalf("Download = %q, %v", data, err)
	}
	if _, err := bot.Download(t.Context(), f.FilePath, 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the cap: %v", err)
	}
	_, err = bot.Download(t.Context(), "photos/hilang.jpg", 1<<20)
	var de *dissemination.Error
	if !errors.As(err, &de) || de.Retryable || strings.Contains(err.Error(), token) {
		t.Errorf("missing file: %v", err)
	}
}

func TestBotDownloadHidesTheTokenOnNetworkErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	_, err := NewBot(channel(srv.URL), http.DefaultClient).Download(t.Context(), "photos/a.jpg", 1<<20)
	var de *dissemination.Error
	if !errors.As(err, &de) || !de.Retryable || strings.Contains(err.Error(), token) {
		t.Errorf("err = %v", err)
	}
}

func TestBotSetWebhookSendsTheSecret(t *testing.T) {
	var got map[string]any
	srv := api(t, "setWebhook", func(b map[string]any) { got = b }, 200, `{"ok":true,"result":true,"description":"Webhook was set"}`)
	if err := NewBot(channel(srv.URL), srv.Client()).SetWebhook(t.Context(), "https://warta.example/webhooks/telegram", "s3cr3t_Token-1"); err != nil {
		t.Fatal(err)
	}
	if got["url"] != "https://warta.example/webhooks/telegram" || got["secret_token"] != "s3cr3t_Token-1" ||
		len(got["allowed_updates"].([]any)) != 1 {
		t.Errorf("setWebhook body %v", got)
	}
}

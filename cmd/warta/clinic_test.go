package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

func TestClinicImportCommand(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			common := []string{"--data", dir}
			if d != "sqlite" {
				common = append(common, "--database-url", storetest.URL(t, d))
			}
			write := func(name, body string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			run := func(file string) (string, error) {
				var out, errOut bytes.Buffer
				err := runClinic(ctx, append([]string{"import", "--factchecks", file}, common...), nil, &out, &errOut)
				return out.String(), err
			}
			good := write("arsip.csv", "id,title,category\n1,Video Banjir Bandang di Kota Batu Hari Ini,bencana\n2,Tautan Pendaftaran Petugas KPPS Berbayar,penipuan\n")
			if out, err := run(good); err != nil || out != "2 ditambahkan, 0 diperbarui\n" {
				t.Fatalf("first import: %q, %v", out, err)
			}
			if out, err := run(good); err != nil || out != "0 ditambahkan, 2 diperbarui\n" {
				t.Fatalf("second import: %q, %v", out, err)
			}
			bad := write("rusak.csv", "id,title\n3,Judul\n4,\n")
			_, err := run(bad)
			if err == nil || !strings.Contains(err.Error(), "Baris 3: kolom title kosong") {
				t.Fatalf("bad file: %v", err)
			}
			_, err = run(filepath.Join(dir, "tidak-ada.csv"))
			if err == nil {
				t.Fatal("a missing file imported")
			}
		})
	}
}

// TestClinicTelegramWebhookCommand registers the clinic's webhook with the
// telegram channel's own token and secret, at the site's public address.
func TestClinicTelegramWebhookCommand(t *testing.T) {
	ctx := context.Background()
	var got map[string]any
	var path string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		json.NewDecoder(r.Body).Decode(&got)
		io.WriteString(w, `{"ok":true,"result":true,"description":"Webhook was set"}`)
	}))
	defer api.Close()
	dir := t.TempDir()
	common := []string{"--data", dir, "--secret-key", "kunci-rahasia-uji-perintah-yang-panjang"}
	run := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := runClinic(ctx, append(append([]string{"telegram-webhook"}, common...), args...), nil, &out, &errOut)
		return out.String(), err
	}
	if _, err := run("--base-url", "https://warta.example"); err == nil || !strings.Contains(err.Error(), "belum ada kanal telegram") {
		t.Fatalf("without a channel: %v", err)
	}
	var out, errOut bytes.Buffer
	if err := runChannel(ctx, append([]string{"add", "telegram", "--name", "Bot Klinik", "--set", "chat_id=@wartajatim",
		"--set", "api_base=" + api.URL, "--secret", "bot_token=123:abc", "--secret", "webhook_secret=rahasia_hook-1"}, common...),
		nil, &out, &errOut); err != nil {
		t.Fatalf("channel add: %v %s", err, errOut.String())
	}
	if _, err := run("--base-url", "http://127.0.0.1:8080"); err == nil || !strings.Contains(err.Error(), "https://") {
		t.Fatalf("plain http accepted: %v", err)
	}
	msg, err := run("--base-url", "https://warta.example")
	if err != nil {
		t.Fatal(err)
	}
	if path != "/bot123:abc/setWebhook" || got["url"] != "https://warta.example/webhooks/telegram" || got["secret_token"] != "rahasia_hook-1" {
		t.Fatalf("setWebhook %s %v", path, got)
	}
	if !strings.Contains(msg, "https://warta.example/webhooks/telegram") {
		t.Fatalf("output %q", msg)
	}
}

package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// chatAPI stands in for Meta's Cloud API and Telegram's Bot API, keeping
// every message the node sends.
type chatAPI struct {
	mu   sync.Mutex
	sent []sentMessage
}

type sentMessage struct {
	API, To, Text string
}

func (c *chatAPI) handler(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		json.NewDecoder(r.Body).Decode(&body)
		c.mu.Lock()
		defer c.mu.Unlock()
		switch {
		case r.URL.Path == "/1555/messages": // WhatsApp Cloud API
			if r.Header.Get("Authorization") != "Bearer wa-token" {
				t.Errorf("whatsapp: authorization %q", r.Header.Get("Authorization"))
			}
			text := ""
			if tx, ok := body["text"].(map[string]any); ok {
				text, _ = tx["body"].(string)
			}
			c.sent = append(c.sent, sentMessage{"whatsapp", fmt.Sprint(body["to"]), text})
			fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":"%v","wa_id":"%v"}],"messages":[{"id":"wamid.out%d"}]}`, body["to"], body["to"], len(c.sent))
		case strings.HasPrefix(r.URL.Path, "/bottg-token/send"): // Telegram Bot API
			text, _ := body["text"].(string)
			if text == "" {
				text, _ = body["caption"].(string)
			}
			c.sent = append(c.sent, sentMessage{"telegram", fmt.Sprint(body["chat_id"]), text})
			fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"date":1700000000,"chat":{"id":1,"type":"private"}}}`, len(c.sent))
		default:
			t.Errorf("unexpected API call %s %s", r.Method, r.URL.Path)
			http.Error(w, "not found", http.StatusNotFound)
		}
	})
}

// to returns the texts sent to one recipient on one API.
func (c *chatAPI) to(api, to string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.sent {
		if m.API == api && strings.TrimPrefix(m.To, "+") == strings.TrimPrefix(to, "+") {
			out = append(out, m.Text)
		}
	}
	return out
}

// TestClinicThroughChatChannels is the clinic's promise through the doors
// citizens use: a known hoax sent on WhatsApp is answered at once on
// WhatsApp; the same new rumour sent on WhatsApp and Telegram becomes one
// claim; a fact-checker publishes the verdict, which becomes a Cek Fakta
// article with ClaimReview, and both reporters are answered on their own
// channel, once.
func TestClinicThroughChatChannels(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			api := &chatAPI{}
			fake := httptest.NewServer(api.handler(t))
			defer fake.Close()

			cfg := config.Default()
			cfg.Addr = "127.0.0.1:0"
			cfg.DataDir = t.TempDir()
			cfg.SecretKey = "kunci-rahasia-uji-klinik-yang-cukup-panjang"
			if d == store.Postgres {
				cfg.DatabaseURL = storetest.URL(t, d)
			}
			a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Start(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			base := a.URL()

			must := func(what string, err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			must("agency", a.DB.CreateAgency(ctx, &warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Kominfo Jatim", ShortName: "Kominfo Jatim"}))
			checker := &warta.User{Email: "cek@kominfo.example", Name: "Citra Cek", Role: warta.RoleFactChecker}
			must("checker", a.DB.CreateUser(ctx, checker, "kata-sandi-panjang-sekali"))
			must("whatsapp channel", a.Dissemination.AddChannel(ctx, &dissemination.Channel{Kind: "whatsapp", Name: "WA Klinik", Enabled: true,
				Settings: map[string]string{"api_base": fake.URL, "phone_number_id": "1555", "template_name": "kabar_pemilu"},
				Secrets:  map[string]string{"access_token": "wa-token", "app_secret": "wa-app-secret", "verify_token": "wa-verify"}}))
			must("telegram channel", a.Dissemination.AddChannel(ctx, &dissemination.Channel{Kind: "telegram", Name: "Bot Klinik", Enabled: true,
				Settings: map[string]string{"api_base": fake.URL, "chat_id": "@wartajatim"},
				Secrets:  map[string]string{"bot_token": "tg-token", "webhook_secret": "tg-secret"}}))
			_, err = a.Clinic.Import(ctx, strings.NewReader("id,title,label,url,published,category\n"+
				"cf-1,Surat Suara Pemilu Sudah Dicoblos Sebelum Hari Pemungutan di Gudang KPU,HOAKS,https://cekfakta.example/1,2026-11-01,pemilu\n"))
			must("import", err)

			waPost := func(id, from, text string) int {
				t.Helper()
				body := fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"6281100000000","phone_number_id":"1555"},"contacts":[{"profile":{"name":"Warga"},"wa_id":"%s"}],"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":%q}}]},"field":"messages"}]}]}`,
					from, from, id, time.Now().Unix(), text)
				mac := hmac.New(sha256.New, []byte("wa-app-secret"))
				mac.Write([]byte(body))
				req, _ := http.NewRequest("POST", base+"/webhooks/whatsapp", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
				res, err := http.DefaultClient.Do(req)
				must("whatsapp webhook", err)
				res.Body.Close()
				return res.StatusCode
			}
			tgPost := func(updateID, chatID, messageID int, text string) int {
				t.Helper()
				body := fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"Budi","language_code":"id"},"chat":{"id":%d,"first_name":"Budi","type":"private"},"date":%d,"text":%q}}`,
					updateID, messageID, chatID, chatID, time.Now().Unix(), text)
				req, _ := http.NewRequest("POST", base+"/webhooks/telegram", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "tg-secret")
				res, err := http.DefaultClient.Do(req)
				must("telegram webhook", err)
				res.Body.Close()
				return res.StatusCode
			}

			// A known hoax is answered at once with its verdict.
			if s := waPost("wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDQUZFRkFDRTEyMzQ1Njc4AA==", "6281234567890",
				"SEBARKAN!!! surat suara udah dicoblos sblm hari pemungutan di gudang KPU 😡😡 #pemilu"); s != 200 {
				t.Fatalf("whatsapp webhook answered %d", s)
			}
			got := api.to("whatsapp", "+6281234567890")
			if len(got) != 1 || !strings.Contains(got[0], "HOAKS") || !strings.Contains(got[0], "KH-2026-") {
				t.Fatalf("instant WhatsApp answer = %q", got)
			}

			// A bad signature stores nothing.
			req, _ := http.NewRequest("POST", base+"/webhooks/whatsapp", strings.NewReader(`{"object":"whatsapp_business_account","entry":[]}`))
			req.Header.Set("X-Hub-Signature-256", "sha256=00")
			res, err := http.DefaultClient.Do(req)
			must("bad signature", err)
			res.Body.Close()
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("bad signature answered %d", res.StatusCode)
			}

			// The same new rumour from two people on two channels.
			rumour := "Beredar kabar petugas KPPS di Kecamatan Bangil dibayar partai untuk mengubah formulir C1 hasil penghitungan"
			if s := waPost("wamid.HBgLNjI4NTU1NTU1NTU1NRUCABIYFjNFQjBDQUZFRkFDRTk4NzY1NDMyMQA=", "6285555555555", rumour); s != 200 {
				t.Fatalf("whatsapp webhook answered %d", s)
			}
			if s := tgPost(9001, 424242, 17, "benarkah "+rumour+"?"); s != 200 {
				t.Fatalf("telegram webhook answered %d", s)
			}
			if s := tgPost(9001, 424242, 17, "benarkah "+rumour+"?"); s != 200 { // Telegram retries the update
				t.Fatalf("telegram replay answered %d", s)
			}
			if got := api.to("telegram", "424242"); len(got) != 1 || !strings.Contains(got[0], "1×24 jam") {
				t.Fatalf("telegram acknowledgement = %q", got)
			}
			queue, err := a.Clinic.Queue(ctx, checker, clinic.QueueFilter{})
			must("queue", err)
			if len(queue) != 1 || queue[0].ReportCount != 2 {
				for _, c := range queue {
					t.Logf("claim %q reports %d", c.Title, c.ReportCount)
				}
				t.Fatalf("want one claim with both reports, got %d claims", len(queue))
			}

			v, err := a.Clinic.PublishVerdict(ctx, checker, queue[0].ID, clinic.VerdictInput{
				Title: "Petugas KPPS Bangil Dibayar Partai untuk Mengubah Formulir C1", ClaimReviewed: rumour,
				Label: "HOAKS", Type: "fabricated",
				Explanation: "KPU Kabupaten Pasuruan memastikan formulir C1 disaksikan saksi dan pengawas; tidak ada laporan perubahan.",
				References:  []string{"https://kpu.example/pasuruan/klarifikasi"}, RegionCode: "35.14",
			})
			must("publish verdict", err)
			if !strings.HasPrefix(v.URL, base+"/berita/") {
				t.Fatalf("verdict URL %q is not a Cek Fakta article", v.URL)
			}

			// Both reporters hear the verdict on their own channel, once.
			deadline := time.Now().Add(20 * time.Second)
			for time.Now().Before(deadline) && (len(api.to("whatsapp", "+6285555555555")) < 2 || len(api.to("telegram", "424242")) < 2) {
				time.Sleep(100 * time.Millisecond)
			}
			time.Sleep(1500 * time.Millisecond) // room for a wrong second answer
			for _, r := range []struct{ api, to string }{{"whatsapp", "+6285555555555"}, {"telegram", "424242"}} {
				got := api.to(r.api, r.to)
				if len(got) != 2 || !strings.Contains(got[1], "[HOAKS]") || !strings.Contains(got[1], v.URL) {
					t.Errorf("%s answers to %s = %q", r.api, r.to, got)
				}
			}

			// The article carries ClaimReview; the ticket page shows the verdict.
			page := get(t, v.URL)
			if page.status != 200 || !strings.Contains(page.body, `"ClaimReview"`) || !strings.Contains(page.body, "[HOAKS]") {
				t.Fatalf("Cek Fakta article: %d, ClaimReview present: %v", page.status, strings.Contains(page.body, `"ClaimReview"`))
			}
			var ticket string
			for _, s := range api.to("telegram", "424242") {
				if i := strings.Index(s, "KH-2026-"); i >= 0 {
					ticket = s[i : i+len("KH-2026-000000")]
				}
			}
			tp := get(t, base+"/klinik/tiket/"+ticket)
			if tp.status != 200 || !strings.Contains(tp.body, "HOAKS") || strings.Contains(tp.body, "424242") {
				t.Fatalf("ticket page %s: %d; verdict shown %v; chat id hidden %v", ticket, tp.status,
					strings.Contains(tp.body, "HOAKS"), !strings.Contains(tp.body, "424242"))
			}
		})
	}
}

// TestClinicRateLimitBehindProxy: behind the office's reverse proxy every
// report arrives from the proxy's address; with the proxy trusted, each
// citizen has their own limit, and a client cannot dodge its own limit by
// writing X-Forwarded-For itself.
func TestClinicRateLimitBehindProxy(t *testing.T) {
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.TrustedProxies = "127.0.0.1"
	ctx := context.Background()
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	report := func(forwarded string, n int) int {
		t.Helper()
		body := fmt.Sprintf(`{"text":"Kabar nomor %d tentang kotak suara yang hilang di kecamatan kami, benarkah?"}`, n)
		req, _ := http.NewRequest("POST", a.URL()+"/api/v1/clinic/reports", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", forwarded)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for i := 0; i < 12; i++ {
		if s := report(fmt.Sprintf("203.0.113.%d", i+1), i); s != http.StatusCreated {
			t.Fatalf("citizen %d behind the proxy got %d", i+1, s)
		}
	}
	last := 0
	for i := 0; i < 12; i++ {
		// A forged left-most entry does not make a new citizen.
		last = report(fmt.Sprintf("198.51.100.%d, 192.0.2.50", i+1), 100+i)
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("one citizen's 12th report in an hour got %d, want 429", last)
	}
}

// TestImportedVerdictsShowAtOnce: the archive page is cached, and an
// imported archive of verdicts appears on it at once, not a cache lifetime
// later.
func TestImportedVerdictsShowAtOnce(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			a := start(t, d, false)
			if p := get(t, a.URL()+"/cek-fakta"); p.status != 200 || strings.Contains(p.body, "Jembatan Suramadu") {
				t.Fatalf("archive before the import: %d", p.status)
			}
			_, err := a.Clinic.Import(context.Background(), strings.NewReader("id,title,label\nx-1,Jembatan Suramadu Ditutup Selama Pemungutan Suara,HOAKS\n"))
			if err != nil {
				t.Fatal(err)
			}
			if p := get(t, a.URL()+"/cek-fakta"); !strings.Contains(p.body, "Jembatan Suramadu Ditutup Selama Pemungutan Suara") {
				t.Fatal("the imported verdict is not on the archive page; the cached page was served")
			}
		})
	}
}

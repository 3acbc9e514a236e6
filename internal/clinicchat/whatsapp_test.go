package clinicchat

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/whatsapp"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const (
	waPhoneID = "106540352242922"
	waToken   = "EAAJB9token"
	waSecret  = "rahasia-aplikasi-meta"
)

// waEnv is the dissemination WhatsApp webhook with the clinic's intake as
// its Inbound hook, a stand-in Cloud API and a fake clinic.
type waEnv struct {
	clinic *fakeClinic
	api    *fakeAPI
	media  map[string][]byte
	h      *whatsapp.Handler
}

func newWAEnv(t *testing.T, db *store.DB) *waEnv {
	e := &waEnv{clinic: &fakeClinic{}, media: map[string][]byte{}}
	e.api = newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		if r.Header.Get("Authorization") != "Bearer "+waToken {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}`)
			return
		}
		id, isGraph := strings.CutPrefix(r.URL.Path, "/v21.0/")
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v21.0/"+waPhoneID+"/messages":
			if body["messaging_product"] != "whatsapp" || body["recipient_type"] != "individual" {
				t.Errorf("message body %v", body)
			}
			fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],"messages":[{"id":"wamid.OUT%d"}]}`,
				body["to"], body["to"], e.api.count())
		case r.Method == http.MethodGet && isGraph && e.media[id] != nil:
			fmt.Fprintf(w, `{"messaging_product":"whatsapp","url":"%s/whatsapp_business/attachments/?mid=%s&ext=1764208800&hash=ATuX",`+
				`"mime_type":"image/jpeg","sha256":"81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3","file_size":"%d","id":"%s"}`,
				e.api.srv.URL, id, len(e.media[id]), id)
		case r.Method == http.MethodGet && r.URL.Path == "/whatsapp_business/attachments/":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(e.media[r.URL.Query().Get("mid")])
		default:
			t.Errorf("unexpected request %s %s", r.Method, r.URL)
			w.WriteHeader(http.StatusNotFound)
		}
	})
	ch := &dissemination.Channel{ID: "WA1", Kind: "whatsapp", Enabled: true,
		Settings: map[string]string{"api_base": e.api.srv.URL + "/v21.0", "phone_number_id": waPhoneID},
		Secrets:  map[string]string{"access_token": waToken, "app_secret": waSecret, "verify_token": "verifikasi"}}
	chat := New(Config{Clinic: e.clinic, SiteName: "Warta Jatim", PrivacyURL: "https://warta.example/klinik",
		Retention: 30 * 24 * time.Hour, MaxImage: 1 << 10, Now: func() time.Time { return testNow }})
	e.h = whatsapp.NewHandler(whatsapp.HandlerConfig{DB: db, Channel: staticChannel(ch), HTTP: e.api.srv.Client(),
		SiteName: "Warta Jatim", Now: func() time.Time { return testNow }, Inbound: chat.WhatsApp})
	return e
}

// waNotification wraps one message object the way the Cloud API's
// "messages" webhook does.
func waNotification(message string) []byte {
	return []byte(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{` +
		`"messaging_product":"whatsapp","metadata":{"display_phone_number":"62315550100","phone_number_id":"` + waPhoneID + `"},` +
		`"contacts":[{"profile":{"name":"Siti Rahayu"},"wa_id":"6281234500001"}],"messages":[` + message + `]},"field":"messages"}]}]}`)
}

// waText is a text message from 6281234500001 sent a minute before testNow.
func waText(id, body string) []byte {
	return waNotification(fmt.Sprintf(`{"from":"6281234500001","id":"%s","timestamp":"%d","type":"text","text":{"body":%q}}`,
		id, testNow.Add(-time.Minute).Unix(), body))
}

func waSign(body []byte) string {
	m := hmac.New(sha256.New, []byte(waSecret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func (e *waEnv) post(body []byte, sig string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/whatsapp", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if sig != "" {
		r.Header.Set("X-Hub-Signature-256", sig)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// replies returns the text messages sent to the reporter.
func (e *waEnv) replies(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range e.api.requests("/messages") {
		if r.Body["to"] != "6281234500001" || r.Body["type"] != "text" {
			t.Errorf("reply %v", r.Body)
			continue
		}
		out = append(out, r.Body["text"].(map[string]any)["body"].(string))
	}
	return out
}

func TestWhatsAppTextReportIsStoredAndAnswered(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newWAEnv(t, db)
		const id = "wamid.HBgNNjI4MTIzNDUwMDAwMRUCABIYFjNFQjBDMEE2QjQ1RkY3RjBEQTlGNUEA"
		text := "Sebarkan!! Video KPU hapus suara di Sidoarjo: https://bit.ly/3xYzKPU."
		if w := e.post(waText(id, text), waSign(waText(id, text))); w.Code != http.StatusOK {
			t.Fatalf("HTTP %d %s", w.Code, w.Body)
		}
		got := e.clinic.reports()
		if len(got) != 1 {
			t.Fatalf("stored %d reports", len(got))
		}
		s := got[0]
		if s.Channel != clinic.ChannelWhatsApp || s.ExternalID != id || s.Text != text || s.URL != "https://bit.ly/3xYzKPU" ||
			s.Image != nil || !s.Consent || s.Contact == nil || *s.Contact != (clinic.ContactInput{Kind: "whatsapp", Address: "+6281234500001"}) ||
			!s.ReceivedAt.Equal(testNow.Add(-time.Minute).Truncate(time.Second)) {
			t.Errorf("submission %+v", s)
		}
		checkConsent(t, s.ConsentText, "nomor WhatsApp Anda")
		r := e.replies(t)
		if len(r) != 1 || !strings.HasPrefix(r[0], "Terima kasih, laporan Anda kami terima dengan nomor tiket KH-2026-000001.") ||
			!strings.HasSuffix(r[0], s.ConsentText) {
			t.Errorf("replies %q", r)
		}
	})
}

func TestWhatsAppImageReportDownloadsTheScreenshot(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newWAEnv(t, db)
		shot := []byte("\xff\xd8\xff\xe0 tangkapan layar kecil")
		e.media["1003383421387256"] = shot
		e.media["2003383421387256"] = bytes.Repeat([]byte("x"), 2<<10) // over the test's 1 KB cap
		img := func(wamid, media, caption string) []byte {
			return waNotification(fmt.Sprintf(`{"from":"6281234500001","id":"%s","timestamp":"%d","type":"image",`+
				`"image":{"caption":%q,"mime_type":"image/jpeg","sha256":"GHl1hUl2pjc2gRVQoUoRuX7q9Q2dW7Jv1oZ6lK9dYrE=","id":"%s"}}`,
				wamid, testNow.Add(-time.Minute).Unix(), caption, media))
		}
		body := img("wamid.IMG1", "1003383421387256", "ini benar?")
		if w := e.post(body, waSign(body)); w.Code != http.StatusOK {
			t.Fatalf("HTTP %d %s", w.Code, w.Body)
		}
		got := e.clinic.reports()
		if len(got) != 1 || !bytes.Equal(got[0].Image, shot) || got[0].Text != "ini benar?" || got[0].URL != "" || got[0].ExternalID != "wamid.IMG1" {
			t.Fatalf("reports %+v", got)
		}
		if fetch := e.api.requests("/1003383421387256"); len(fetch) != 1 || fetch[0].Method != http.MethodGet || fetch[0].Auth != "Bearer "+waToken {
			t.Errorf("media lookup %+v", fetch)
		}
		if dl := e.api.requests("/whatsapp_business/attachments/"); len(dl) != 1 || dl[0].Auth != "Bearer "+waToken {
			t.Errorf("media download %+v", dl)
		}

		// Too large: answered with the limit, nothing stored.
		body = img("wamid.IMG2", "2003383421387256", "")
		if w := e.post(body, waSign(body)); w.Code != http.StatusOK {
			t.Fatalf("HTTP %d %s", w.Code, w.Body)
		}
		if r := e.replies(t); len(r) != 2 || !strings.Contains(r[1], "terlalu besar") {
			t.Errorf("replies %q", r)
		}
		if n := len(e.clinic.reports()); n != 1 {
			t.Errorf("%d reports after an oversized image", n)
		}
	})
}

func TestWhatsAppRedeliveryIsStoredOnce(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newWAEnv(t, db)
		body := waText("wamid.R1", "Beredar kabar TPS dipindah ke balai desa")
		for range 3 {
			if w := e.post(body, waSign(body)); w.Code != http.StatusOK {
				t.Fatalf("HTTP %d", w.Code)
			}
		}
		if n := len(e.clinic.reports()); n != 1 || len(e.replies(t)) != 1 {
			t.Errorf("3 deliveries: %d reports, %d replies", n, len(e.replies(t)))
		}

		// Storage fails: 500 so that Meta retries, no answer; the retry is
		// taken in and answered once.
		e.clinic.fail = []error{errors.New("database is locked")}
		body = waText("wamid.R2", "Kabar surat suara tercoblos di Malang")
		if w := e.post(body, waSign(body)); w.Code != http.StatusInternalServerError {
			t.Fatalf("failed store: HTTP %d", w.Code)
		}
		if n := len(e.replies(t)); n != 1 {
			t.Errorf("failed store answered: %d replies", n)
		}
		if w := e.post(body, waSign(body)); w.Code != http.StatusOK {
			t.Fatalf("retry: HTTP %d", w.Code)
		}
		if got := e.clinic.reports(); len(got) != 2 || got[1].ExternalID != "wamid.R2" || len(e.replies(t)) != 2 {
			t.Errorf("after retry: %d reports, %d replies", len(got), len(e.replies(t)))
		}
	})
}

func TestWhatsAppBadRequestsStoreNothing(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newWAEnv(t, db)
		body := waText("wamid.B1", "Kabar bohong soal pemilu")
		other := waText("wamid.B1", "Kabar lain")
		for name, sig := range map[string]string{"missing": "", "other body": waSign(other), "garbled": "sha256=00ff"} {
			if w := e.post(body, sig); w.Code != http.StatusUnauthorized {
				t.Errorf("%s signature: HTTP %d, want 401", name, w.Code)
			}
		}
		big := append(waText("wamid.B2", strings.Repeat("a", whatsapp.MaxBody)), ' ')
		if w := e.post(big, waSign(big)); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized: HTTP %d, want 413", w.Code)
		}
		broken := []byte(`{"object":"whatsapp_business_account","entry":[{"changes":[`)
		if w := e.post(broken, waSign(broken)); w.Code != http.StatusBadRequest {
			t.Errorf("broken JSON: HTTP %d, want 400", w.Code)
		}
		// Status updates of messages we sent are acknowledged and ignored.
		statuses := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{` +
			`"messaging_product":"whatsapp","metadata":{"display_phone_number":"62315550100","phone_number_id":"` + waPhoneID + `"},` +
			`"statuses":[{"id":"wamid.OUT1","status":"read","timestamp":"1764208800","recipient_id":"6281234500001",` +
			`"conversation":{"id":"CONVERSATION_ID","origin":{"type":"service"}},` +
			`"pricing":{"billable":false,"pricing_model":"PMP","category":"service","type":"free_customer_service"}}]},"field":"messages"}]}]}`)
		if w := e.post(statuses, waSign(statuses)); w.Code != http.StatusOK {
			t.Errorf("statuses: HTTP %d, want 200", w.Code)
		}
		if e.clinic.callCount() != 0 || e.api.count() != 0 {
			t.Errorf("bad requests caused %d submissions and %d API calls", e.clinic.callCount(), e.api.count())
		}
	})
}

func TestWhatsAppMessagesThatAreNoReport(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newWAEnv(t, db)
		say := func(body []byte) {
			t.Helper()
			if w := e.post(body, waSign(body)); w.Code != http.StatusOK {
				t.Fatalf("HTTP %d %s", w.Code, w.Body)
			}
		}
		say(waText("wamid.G1", "Halo, min!"))
		say(waNotification(fmt.Sprintf(`{"from":"6281234500001","id":"wamid.V1","timestamp":"%d","type":"audio",`+
			`"audio":{"mime_type":"audio/ogg; codecs=opus","sha256":"a2V5","id":"1234567890","voice":true}}`, testNow.Unix())))
		say(waNotification(fmt.Sprintf(`{"from":"6281234500001","id":"wamid.X1","timestamp":"%d","type":"reaction",`+
			`"reaction":{"message_id":"wamid.OUT1","emoji":"👍"}}`, testNow.Unix())))
		r := e.replies(t)
		if len(r) != 2 || !strings.Contains(r[0], "Selamat datang di Klinik Hoaks Warta Jatim") || !strings.Contains(r[0], "DAFTAR") ||
			!strings.Contains(r[1], "teks, tautan, dan gambar") {
			t.Errorf("replies %q", r)
		}
		if e.clinic.callCount() != 0 {
			t.Errorf("%d submissions", e.clinic.callCount())
		}

		// A report the clinic refuses gets its explanation, and no retry.
		e.clinic.fail = []error{warta.Errorf(warta.EInvalid, "Tulis isi kabar yang ingin diperiksa, paling sedikit 10 huruf.")}
		say(waText("wamid.I1", "hoaks?"))
		if r := e.replies(t); len(r) != 3 || r[2] != "Maaf, laporan Anda belum dapat kami terima. Tulis isi kabar yang ingin diperiksa, paling sedikit 10 huruf." {
			t.Errorf("refusal reply %q", r[len(r)-1])
		}
	})
}
